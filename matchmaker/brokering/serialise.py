"""Introductions as the API shows them, in the reader's language and with what the
reader may see: the other side's contact only after both accepted."""

from typing import Any

from matchmaker.auth.models import User
from matchmaker.brokering import reasons
from matchmaker.brokering.models import Introduction, IntroductionMessage, Partnership
from matchmaker.brokering.services import contact_for, side_of
from matchmaker.brokering.states import actions_for
from matchmaker.profiles.serialise import iso


def introduction(intro: Introduction, user: User) -> dict[str, Any]:
    offer = intro.offer
    return {
        "id": intro.id,
        "status": intro.status.value,
        "status_label": str(reasons.STATUS_LABELS[intro.status]),
        "kind": intro.kind.value,
        "business": {"id": intro.business_id, "name": intro.business.name},
        "company": {"id": intro.company_id, "name": intro.company.name},
        "need_id": intro.need_id,
        "programme_id": intro.programme_id,
        "offer": {"id": offer.id, "title": offer.title} if offer is not None else None,
        "started_by": intro.started_by.value,
        "your_side": side_of(user, intro).value,
        "message": intro.message,
        "business_accepted": intro.business_accepted_at is not None,
        "company_accepted": intro.company_accepted_at is not None,
        "reason": (
            {
                "code": intro.reason_code,
                "label": reasons.reason_label(intro.reason_code),
                "text": intro.reason_text,
            }
            if intro.reason_code
            else None
        ),
        "created_at": iso(intro.created_at),
        "status_since": iso(intro.status_since),
        "expires_at": iso(intro.expires_at),
        "contact": contact_for(user, intro),
        "partnership": partnership(intro.partnership) if intro.partnership else None,
        "actions": actions_for(user, intro),
    }


def partnership(p: Partnership) -> dict[str, Any]:
    return {
        "kind": p.kind.value,
        "start_date": iso(p.start_date),
        "items": p.items,
        "volume_per_month": p.volume_per_month,
        "volume_unit": p.volume_unit,
        "value_band": p.value_band.value if p.value_band else None,
        "topics": p.topics,
        "sessions": p.sessions,
        "end_date": iso(p.end_date),
        "outcome": p.outcome.value if p.outcome else None,
        "outcome_note": p.outcome_note,
        "notes": [
            {"author": n.author.name if n.author else None, "body": n.body, "at": iso(n.created_at)}
            for n in p.notes
        ],
    }


def message(m: IntroductionMessage) -> dict[str, Any]:
    return {
        "id": m.id,
        "author": m.author.name if m.author else None,
        "body": m.body,
        "created_at": iso(m.created_at),
    }
