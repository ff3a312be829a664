"""What the programme's JSON shares: a person (who changed a status, who visited)."""

from typing import Any

from matchmaker.auth.models import User


def person(user: User | None) -> dict[str, Any] | None:
    return {"id": user.id, "name": user.name} if user is not None else None
