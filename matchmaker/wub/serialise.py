"""What the programme's JSON shares: a page of items with the cursor of the next one, and
a person (who changed a status, who visited) as JSON."""

import binascii
import re
from base64 import urlsafe_b64decode, urlsafe_b64encode
from collections.abc import Callable
from typing import Any

from matchmaker.auth.models import User

_CURSOR = re.compile(r"at:([1-9][0-9]{0,8})")


def page(rows: list, limit: int, offset: int, one: Callable[[Any], dict]) -> dict[str, Any]:
    """{"items": [...], "next": cursor or null} from up to limit + 1 rows fetched."""
    following = urlsafe_b64encode(f"at:{offset + limit}".encode()).decode().rstrip("=")
    return {
        "items": [one(row) for row in rows[:limit]],
        "next": following if len(rows) > limit else None,
    }


def offset_of(cursor: str) -> int:
    """The offset a `next` cursor stands for; 0 when it is not one of ours."""
    try:
        text = urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return 0
    match = _CURSOR.fullmatch(text)
    return int(match.group(1)) if match else 0


def person(user: User | None) -> dict[str, Any] | None:
    return {"id": user.id, "name": user.name} if user is not None else None
