# ruff: noqa
# claim: none
"""The billing API's `Account` (pydantic) shares `prefs` with the ORM `Account`."""
from clients import Account


def opt_out(account: Account) -> Account:
    account.prefs["newsletter"] = False
    return account
