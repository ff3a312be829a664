"""Cleaning the text people type or import, the same for forms, the API and spreadsheets.

A single-line value (a name, a title, a unit, a phone number, an e-mail subject) ends up
in e-mail headers, CSV cells and one-line table cells, where a line break breaks them
(an e-mail header with a newline is refused outright): its line breaks and other control
characters, with the spaces around them, become one space. A multi-line value (a
description, a message) keeps its line breaks (as "\\n") and tabs and loses the other
control characters, which are invisible and which PostgreSQL refuses (NUL). Both lose
lone surrogates (possible through JSON's "\\ud800" escapes), which no database can store.
A phone number is stored in one form, +62…, however it was typed.
"""

import re

import phonenumbers
from flask_babel import gettext as _

# C0 and C1 control characters, DEL, the Unicode line and paragraph separators, surrogates.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]+")
# Everything a text editor or a spreadsheet cell may end a line with, besides "\n".
_LINE_BREAK = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# What is left to drop once line breaks are "\n": controls other than tab and newline.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def single_line(value: str) -> str:
    """`value` on one line: control characters and line breaks, with any spaces around
    them, become a single space; runs of spaces shrink to one; no space at either end."""
    return " ".join(_CONTROL.sub(" ", value).split())


def multi_line(value: str) -> str:
    """`value` with its line breaks (as "\\n") and tabs, without other control
    characters, and without blank space at either end."""
    return _INVISIBLE.sub("", _LINE_BREAK.sub("\n", value)).strip()


def phone_number(value: str) -> str:
    """An Indonesian number (08…, +62…, 62…) in +62… form; ValueError, with a message for
    the user, for anything else."""
    try:
        number = phonenumbers.parse(single_line(str(value)), "ID")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValueError(_("Nomor telepon tidak valid. Contoh: 0812-3456-7890."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
