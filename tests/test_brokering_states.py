"""Every transition of the introduction state machine, allowed and forbidden, by each side.

The table says, for each starting point, which sides may take each action (B the
business's owner, C the company's approved CSR staff, O an official) and the state
that follows; every other side gets 409 and the introduction stays as it was.
"""

from datetime import date

import pytest

from matchmaker.auth.models import Membership, Role, utcnow
from matchmaker.brokering import states
from matchmaker.brokering.models import Introduction, Partnership, Side, Status
from matchmaker.core.extensions import db
from matchmaker.core.validation import Refused
from matchmaker.matching.models import Kind
from tests import factories

# starting point: (status, business said yes, company said yes)
STARTS = {
    "asked by owner": (Status.REQUESTED, True, False),
    "asked by CSR": (Status.REQUESTED, False, True),
    "proposed": (Status.PROPOSED, False, False),
    "proposed, owner said yes": (Status.PROPOSED, True, False),
    "accepted": (Status.ACCEPTED, True, True),
    "meeting": (Status.MEETING, True, True),
    "agreement": (Status.AGREEMENT, True, True),
    "active": (Status.ACTIVE, True, True),
    "completed": (Status.COMPLETED, True, True),
    "declined": (Status.DECLINED, True, False),
    "withdrawn": (Status.WITHDRAWN, True, True),
    "expired": (Status.EXPIRED, False, False),
}
# action → starting point → (sides allowed, state after)
ALLOWED = {
    "accept": {
        "asked by owner": ("C", Status.ACCEPTED),
        "asked by CSR": ("B", Status.ACCEPTED),
        "proposed": ("BC", Status.PROPOSED),  # the first yes of two
        "proposed, owner said yes": ("C", Status.ACCEPTED),
    },
    "decline": {
        "asked by owner": ("C", Status.DECLINED),
        "asked by CSR": ("B", Status.DECLINED),
        "proposed": ("BC", Status.DECLINED),
        "proposed, owner said yes": ("C", Status.DECLINED),
    },
    "withdraw": {
        "asked by owner": ("BO", Status.WITHDRAWN),
        "asked by CSR": ("CO", Status.WITHDRAWN),
        "proposed": ("O", Status.WITHDRAWN),
        "proposed, owner said yes": ("BO", Status.WITHDRAWN),
        "accepted": ("BCO", Status.WITHDRAWN),
        "meeting": ("BCO", Status.WITHDRAWN),
        "agreement": ("BCO", Status.WITHDRAWN),
        "active": ("BCO", Status.WITHDRAWN),
    },
    "advance": {
        "accepted": ("BCO", Status.MEETING),
        "meeting": ("BCO", Status.AGREEMENT),
        "agreement": ("BCO", Status.ACTIVE),
        "active": ("BCO", Status.COMPLETED),
    },
    "skip ahead": {},  # two steps at once: never
}
TERMS = {"items": "Bushing S45C", "start_date": "2026-12-01", "outcome": "succeeded"}
NEXT_BUT_ONE = {
    Status.REQUESTED: "meeting",
    Status.PROPOSED: "meeting",
    Status.ACCEPTED: "agreement",
    Status.MEETING: "active",
    Status.AGREEMENT: "completed",
}


def cases():
    for action, rules in ALLOWED.items():
        for start in STARTS:
            allowed, after = rules.get(start, ("", None))
            for side in "BCO":
                yield pytest.param(
                    action,
                    start,
                    side,
                    after if side in allowed else None,
                    id=f"{action}-{start}-{side}",
                )


@pytest.fixture
def people():
    business = factories.BusinessFactory()
    company = factories.CompanyFactory()
    csr = factories.UserFactory(role=Role.CSR, company=company, membership=Membership.APPROVED)
    return (
        business,
        company,
        {"B": business.owner, "C": csr, "O": factories.UserFactory(role=Role.OFFICIAL)},
    )


def setup(business, company, start: str) -> Introduction:
    status, business_yes, company_yes = STARTS[start]
    now = utcnow()
    intro = Introduction(
        business=business,
        company=company,
        kind=Kind.SUBCONTRACTING,
        status=status,
        started_by=Side.OFFICIAL if status == Status.PROPOSED else Side.BUSINESS,
        business_accepted_at=now if business_yes else None,
        company_accepted_at=now if company_yes else None,
        status_since=now,
        ended_at=now
        if status in (Status.COMPLETED, Status.DECLINED, Status.WITHDRAWN, Status.EXPIRED)
        else None,
    )
    if status in (Status.AGREEMENT, Status.ACTIVE, Status.COMPLETED):
        intro.partnership = Partnership(
            kind=Kind.SUBCONTRACTING, start_date=date(2026, 1, 5), items="x"
        )
    db.session.add(intro)
    db.session.commit()
    return intro


@pytest.mark.parametrize(("action", "start", "side", "after"), list(cases()))
def test_transition(app, people, action, start, side, after):
    business, company, users = people
    intro = setup(business, company, start)
    before = intro.status
    user = users[side]
    run = {
        "accept": lambda: states.accept(user, intro.id),
        "decline": lambda: states.decline(user, intro.id, "not_fit"),
        "withdraw": lambda: states.withdraw(user, intro.id, "need_changed"),
        "advance": lambda: states.advance(
            user, intro.id, Status(before) in states.NEXT and states.NEXT[before].value, TERMS
        ),
        "skip ahead": lambda: states.advance(
            user, intro.id, NEXT_BUT_ONE.get(before, "meeting"), TERMS
        ),
    }[action]
    with app.test_request_context():
        if after is None:
            with pytest.raises(Refused) as refused:
                run()
            assert refused.value.status == 409 and refused.value.message
            db.session.rollback()
            db.session.expire_all()
            assert db.session.get(Introduction, intro.id).status == before
        else:
            assert run().status == after
