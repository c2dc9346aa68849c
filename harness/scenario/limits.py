"""How big a scenario file may be: every limit the loader enforces, in one place.

A scenario is a short script. These bounds keep a hostile or mistaken file
(an alias bomb, half a million steps, a nesting no person writes) from
costing minutes and gigabytes before it is refused.
"""

from __future__ import annotations

#: Values (scalars, lists, mappings) a file may hold, counted as they are read.
MAX_VALUES = 100_000
#: Values that aliases (`*name`) may add when expanded, over the whole file.
MAX_ALIAS_VALUES = 10_000
#: Lists and mappings inside each other.
MAX_DEPTH = 50
#: Steps in one scenario (also `maxItems` in the JSON Schema).
MAX_STEPS = 1_000
#: Requests one replay of the file may send: interviews times each copy's operations.
MAX_OPERATIONS = 100_000
#: Digits of an integer.
MAX_DIGITS = 4_300
#: Seconds of `load.timeout` and of any deadline (also `maximum` in the JSON Schema):
#: against a backend that hangs, a replay must still end.
MAX_SECONDS = 600
