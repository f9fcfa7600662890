"""Cleaning of text at the input boundary, so that SQLite and PostgreSQL store the same thing."""

from __future__ import annotations

import re
import unicodedata

# Control characters other than tab and newline: PostgreSQL rejects NUL, python-docx rejects \x0b and \x1b.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str | None) -> str:
    """NFC-normalise, drop control characters, unify line breaks and trim."""
    if value is None:
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return unicodedata.normalize("NFC", value).strip()
