"""Which text the app can store: PostgreSQL holds no NUL character.

A `text` column refuses NUL (0x00) and JSONB refuses `\\u0000`, which used to surface as a
500 after the request was accepted; checking it in the request schema makes it a 422 that
names the field, before anything is written. The other unstorable kind, a lone surrogate
(`\\ud800`: half of a UTF-16 pair, with no UTF-8 form), pydantic already refuses in every
`str` field (`string_unicode`).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError


def storable(text: str) -> str:
    """`text` unchanged, or a validation error if PostgreSQL would refuse it."""
    if "\x00" in text:
        raise PydanticCustomError(
            "invalid_character",
            "Text must not contain NUL (U+0000); found at position {position}",
            {"position": text.index("\x00")},
        )
    return text


StorableText = Annotated[str, AfterValidator(storable)]
