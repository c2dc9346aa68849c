# ruff: noqa
# claim: none
"""An untyped receiver with an attribute named like a column: not reported on the name alone."""


def enable(obj, feature: str) -> None:
    obj.items.append(feature)
    obj.prefs[feature] = True
