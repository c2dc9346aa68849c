"""`python -m lint_rules lint ...`: the linter without the rest of the CLI."""

import sys

from lint_rules.cli import main

sys.exit(main())
