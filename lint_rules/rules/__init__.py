"""One rule per module, named after the rule; discovered by `lint_rules.registry`."""
