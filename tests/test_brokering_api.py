"""Introductions through the JSON API: each journey, double opt-in, bad input and abuse."""

import pytest

from matchmaker.auth.models import Membership, Role
from matchmaker.brokering.models import Introduction, Status
from matchmaker.core.extensions import db
from tests import factories
from tests.conftest import api_token


@pytest.fixture
def pair():
    """An owner's business, a company with a need and a programme, its CSR, an official."""
    business = factories.BusinessFactory(phone="081234567890")
    company = factories.CompanyFactory(contact_phone="+62 21 8901234")
    need = factories.NeedFactory(company=company)
    programme = factories.ProgrammeFactory(company=company, capacity=1)
    csr = factories.UserFactory(role=Role.CSR, company=company, membership=Membership.APPROVED)
    official = factories.UserFactory(role=Role.OFFICIAL)
    return business, company, need, programme, csr, official


_TOKENS: dict = {}


def token(client, user) -> dict:
    """One token per user and test: the token endpoint is rate-limited like a login."""
    key = (id(client), user.id)
    if key not in _TOKENS:
        _TOKENS[key] = api_token(client, user)
    return _TOKENS[key]


@pytest.fixture(autouse=True)
def _forget_tokens():
    yield
    _TOKENS.clear()


def ask(client, user, business, company, kind="subcontracting", **extra):
    body = {"business_id": business.id, "company_id": company.id, "kind": kind, **extra}
    return client.post("/api/v1/introductions", json=body, headers=token(client, user))


def act(client, user, intro_id, action, **body):
    return client.post(
        f"/api/v1/introductions/{intro_id}/{action}", json=body, headers=token(client, user)
    )


def read(client, user, intro_id):
    return client.get(f"/api/v1/introductions/{intro_id}", headers=token(client, user))


def test_owner_asks_company_accepts_and_contacts_appear(client, pair):
    business, company, need, _, csr, official = pair
    asked = ask(client, business.owner, business, company, need_id=need.id, message="Halo")
    assert asked.status_code == 201
    intro = asked.get_json()
    assert intro["status"] == "requested" and intro["business_accepted"] is True
    assert intro["contact"] is None and intro["actions"] == ["withdraw", "message"]

    seen_by_csr = read(client, csr, intro["id"]).get_json()
    assert seen_by_csr["contact"] is None and seen_by_csr["actions"][:2] == ["accept", "decline"]
    assert read(client, official, intro["id"]).get_json()["contact"]["business"]["name"]

    accepted = act(client, csr, intro["id"], "accept").get_json()
    assert accepted["status"] == "accepted"
    assert accepted["contact"]["whatsapp"] == "https://wa.me/6281234567890"
    owner_view = read(client, business.owner, intro["id"]).get_json()
    assert owner_view["contact"]["name"] == company.name
    assert owner_view["contact"]["whatsapp"] == "https://wa.me/62218901234"
    assert owner_view["contact"]["mailto"] == f"mailto:{company.contact_email}"


def test_same_pair_and_kind_twice_returns_the_existing_introduction(client, pair):
    business, company, need, _, csr, _ = pair
    first = ask(client, business.owner, business, company, need_id=need.id)
    again = ask(client, business.owner, business, company)
    from_company = ask(client, csr, business, company)
    assert first.status_code == 201 and again.status_code == 200 == from_company.status_code
    assert first.get_json()["id"] == again.get_json()["id"] == from_company.get_json()["id"]
    assert db.session.query(Introduction).count() == 1
    assert ask(client, business.owner, business, company, "mentoring").status_code == 201


def test_official_proposes_and_both_sides_must_accept(client, pair):
    business, company, _, programme, csr, official = pair
    proposed = ask(client, official, business, company, "mentoring", programme_id=programme.id)
    intro_id = proposed.get_json()["id"]
    assert proposed.get_json()["status"] == "proposed"
    refused = act(client, official, intro_id, "accept")
    assert refused.status_code == 409 and "atas nama" in refused.get_json()["error"]["message"]
    assert act(client, business.owner, intro_id, "accept").get_json()["status"] == "proposed"
    again = act(client, business.owner, intro_id, "accept")
    assert again.status_code == 409 and "menunggu" in again.get_json()["error"]["message"]
    assert act(client, csr, intro_id, "accept").get_json()["status"] == "accepted"


def test_the_whole_way_to_a_completed_partnership(client, pair):
    business, company, need, _, csr, official = pair
    intro_id = ask(client, csr, business, company, need_id=need.id).get_json()["id"]
    act(client, business.owner, intro_id, "accept")
    skipped = act(client, csr, intro_id, "advance", to="agreement")
    assert skipped.status_code == 409 and "meeting" in skipped.get_json()["error"]["message"]
    assert act(client, csr, intro_id, "advance", to="meeting").get_json()["status"] == "meeting"
    # Well formed, but a subcontracting introduction's agreement needs its items: 409.
    missing = act(client, business.owner, intro_id, "advance", to="agreement")
    assert missing.status_code == 409 and set(missing.get_json()["error"]["fields"]) == {"items"}
    agreed = act(
        client,
        business.owner,
        intro_id,
        "advance",
        to="agreement",
        items="Bushing S45C",
        volume_per_month="1.500",
        value_band="10m-50m",
        start_date="2026-12-01",
    ).get_json()
    assert agreed["partnership"]["volume_per_month"] == 1500
    assert act(client, official, intro_id, "advance", to="active").get_json()["status"] == "active"
    note = client.post(
        f"/api/v1/introductions/{intro_id}/notes",
        json={"body": "Kiriman pertama 500 pcs lolos QC"},
        headers=token(client, csr),
    )
    assert note.status_code == 201
    no_outcome = act(client, csr, intro_id, "advance", to="completed")
    assert no_outcome.status_code == 422 and "outcome" in no_outcome.get_json()["error"]["fields"]
    done = act(client, csr, intro_id, "advance", to="completed", outcome="succeeded").get_json()
    assert done["status"] == "completed" and done["partnership"]["notes"][0]["body"]
    late = act(client, csr, intro_id, "withdraw", reason="other", reason_text="x")
    assert late.status_code == 409


def test_decline_needs_a_reason_from_the_list(client, pair):
    business, company, _, _, csr, _ = pair
    intro_id = ask(client, business.owner, business, company).get_json()["id"]
    bad = act(client, csr, intro_id, "decline", reason="bosan")
    assert bad.status_code == 422 and "reason" in bad.get_json()["error"]["fields"]
    other = act(client, csr, intro_id, "decline", reason="other")
    assert other.status_code == 422 and "reason_text" in other.get_json()["error"]["fields"]
    own = act(client, business.owner, intro_id, "decline", reason="not_fit")
    assert own.status_code == 409
    declined = act(client, csr, intro_id, "decline", reason="capacity").get_json()
    assert declined["status"] == "declined" and declined["reason"]["code"] == "capacity"
    assert ask(client, business.owner, business, company).status_code == 201  # may ask anew


def test_strangers_get_404_and_pending_staff_403(client, pair):
    business, company, _, _, _, _ = pair
    intro_id = ask(client, business.owner, business, company).get_json()["id"]
    stranger = factories.BusinessFactory().owner
    other_csr = factories.UserFactory(
        role=Role.CSR, company=factories.CompanyFactory(), membership=Membership.APPROVED
    )
    for user in (stranger, other_csr):
        assert read(client, user, intro_id).status_code == 404
        assert act(client, user, intro_id, "accept").status_code == 404
    listed = client.get("/api/v1/introductions", headers=token(client, stranger))
    assert listed.get_json()["items"] == []
    assert ask(client, stranger, business, company).status_code == 404  # not their business
    pending = factories.UserFactory(role=Role.CSR, company=company, membership=Membership.PENDING)
    assert ask(client, pending, business, company).status_code == 403


def test_paused_sides_full_programmes_and_closed_needs_refuse(client, pair):
    business, company, need, programme, csr, official = pair
    company.accepting_requests = False
    db.session.commit()
    paused = ask(client, business.owner, business, company)
    assert paused.status_code == 409 and company.name in paused.get_json()["error"]["message"]
    company.accepting_requests, need.is_open = True, False
    db.session.commit()
    closed = ask(client, business.owner, business, company, need_id=need.id)
    assert closed.status_code == 409
    taken = ask(client, official, business, company, "mentoring", programme_id=programme.id)
    act(client, business.owner, taken.get_json()["id"], "accept")
    act(client, csr, taken.get_json()["id"], "accept")
    other = factories.BusinessFactory()
    full = ask(client, other.owner, other, company, "mentoring", programme_id=programme.id)
    assert full.status_code == 409 and "penuh" in full.get_json()["error"]["message"]


def test_wrong_offer_and_kind_name_the_field(client, pair):
    business, company, need, programme, _, _ = pair
    foreign = factories.NeedFactory()
    # Another company's need is no need of this company: 404 naming it, as for any id.
    wrong_company = ask(client, business.owner, business, company, need_id=foreign.id)
    assert wrong_company.status_code == 404
    assert "need_id" in wrong_company.get_json()["error"]["fields"]
    wrong_kind = ask(client, business.owner, business, company, "mentoring", need_id=need.id)
    assert wrong_kind.status_code == 422
    assert "need_id" in wrong_kind.get_json()["error"]["fields"]
    unknown = ask(client, business.owner, business, company, "kerja sama")
    assert "kind" in unknown.get_json()["error"]["fields"]
    extra = ask(client, business.owner, business, company, colour="red")
    assert "colour" in extra.get_json()["error"]["fields"]


def test_daily_limit_on_an_owners_requests(app, client, pair):
    business, *_ = pair
    app.config["INTRODUCTION_DAILY_LIMIT"] = 2
    try:
        answers = [
            ask(client, business.owner, business, factories.CompanyFactory()).status_code
            for _ in range(3)
        ]
    finally:
        app.config["INTRODUCTION_DAILY_LIMIT"] = 10
    assert answers == [201, 201, 429]


def test_messages_thread(client, pair):
    business, company, _, _, csr, _ = pair
    intro_id = ask(client, business.owner, business, company).get_json()["id"]
    url = f"/api/v1/introductions/{intro_id}/messages"
    posted = client.post(
        url, json={"body": "<b>Kapan</b> bisa survei?"}, headers=token(client, csr)
    )
    assert posted.status_code == 201
    empty = client.post(url, json={"body": "  "}, headers=token(client, csr))
    assert empty.status_code == 422 and "body" in empty.get_json()["error"]["fields"]
    thread = client.get(url, headers=token(client, business.owner)).get_json()["items"]
    assert [m["body"] for m in thread] == ["<b>Kapan</b> bisa survei?"]


def test_list_filters_by_status(client, pair):
    business, company, _, _, csr, official = pair
    first = ask(client, business.owner, business, company).get_json()["id"]
    ask(client, official, business, company, "mentoring")
    act(client, csr, first, "accept")
    got = client.get("/api/v1/introductions?status=accepted", headers=token(client, official))
    assert [i["id"] for i in got.get_json()["items"]] == [first]
    bad = client.get("/api/v1/introductions?status=x", headers=token(client, official))
    assert bad.status_code == 422
    assert db.session.get(Introduction, first).status == Status.ACCEPTED


def test_answers_have_exactly_the_documented_keys(client, pair):
    from matchmaker.api import document

    schemas = document()["components"]["schemas"]
    business, company, need, _, csr, official = pair
    intro = ask(client, business.owner, business, company, need_id=need.id).get_json()
    act(client, csr, intro["id"], "accept")
    act(client, csr, intro["id"], "advance", to="meeting")
    agreed = act(client, csr, intro["id"], "advance", to="agreement", items="Bushing").get_json()
    for body, name in [(intro, "Introduction"), (agreed["partnership"], "Partnership")]:
        assert set(body) == set(schemas[name]["properties"]) == set(schemas[name]["required"])
    assert set(read(client, official, intro["id"]).get_json()["contact"]) == {"business", "company"}
    message = client.post(
        f"/api/v1/introductions/{intro['id']}/messages",
        json={"body": "Halo"},
        headers=token(client, csr),
    ).get_json()
    assert set(message) == set(schemas["Message"]["properties"])


def test_every_side_of_an_accepted_introduction_conforms_to_the_schema(client, pair):
    """Found by fuzzing: the officials' {business, company} contact broke the schema."""
    from openapi_schema_validator import OAS30Validator, oas30_format_checker

    from matchmaker.api import document

    doc = document()
    validator = OAS30Validator(
        {**doc, "$ref": "#/components/schemas/Introduction"}, format_checker=oas30_format_checker
    )
    business, company, need, _, csr, official = pair
    intro = ask(client, business.owner, business, company, need_id=need.id).get_json()
    validator.validate(intro)  # contact null
    act(client, csr, intro["id"], "accept")
    for user in (business.owner, csr, official):
        validator.validate(read(client, user, intro["id"]).get_json())


TWENTY_DIGITS = 12345678901234567890  # past any 64-bit key: once a 500 on PostgreSQL


@pytest.mark.parametrize("field", ["business_id", "company_id", "need_id", "programme_id"])
def test_ids_of_twenty_digits_in_a_body_are_named(client, pair, field):
    business, company, _, _, _, _ = pair
    body = {field: TWENTY_DIGITS}
    if field == "programme_id":
        body["kind"] = "mentoring"
    answer = ask(client, business.owner, business, company, **body)
    assert answer.status_code == 422
    assert field in answer.get_json()["error"]["fields"]
    assert db.session.query(Introduction).count() == 0


@pytest.mark.parametrize(
    "action", ["accept", "decline", "withdraw", "advance", "messages", "notes"]
)
def test_ids_of_twenty_digits_in_a_path_are_not_found(client, pair, action):
    headers = token(client, pair[0].owner)
    answer = client.post(
        f"/api/v1/introductions/{TWENTY_DIGITS}/{action}", json={}, headers=headers
    )
    assert answer.status_code == 404
    assert client.get(f"/api/v1/introductions/{TWENTY_DIGITS}", headers=headers).status_code == 404


@pytest.mark.parametrize("action", ["decline", "withdraw"])
def test_an_answer_without_a_body_names_the_missing_reason_as_documented(client, pair, action):
    """No body at all (so no Content-Type either) reads as {}: 422 naming `reason`, which
    the document marks required, rather than 415 for a body that was never sent."""
    from matchmaker.api import document

    business, company, need, _, csr, _ = pair
    intro = ask(client, business.owner, business, company, need_id=need.id).get_json()
    user = csr if action == "decline" else business.owner
    answer = client.post(
        f"/api/v1/introductions/{intro['id']}/{action}", headers=token(client, user)
    )
    assert answer.status_code == 422
    assert set(answer.get_json()["error"]["fields"]) == {"reason"}
    operation = document()["paths"]["/introductions/{intro_id}/" + action]["post"]
    assert "422" in operation["responses"] and "reason" in operation["description"]
    schema = document()["components"]["schemas"][
        operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    ]
    assert schema["required"] == ["reason"]
    assert read(client, user, intro["id"]).get_json()["status"] == "requested"


def test_an_agreement_and_its_completion_validate_against_the_schema(client, pair):
    """The partnership's value_band and outcome are null until set: nullable enums list null."""
    from openapi_schema_validator import OAS30Validator, oas30_format_checker

    from matchmaker.api import document

    validator = OAS30Validator(
        {**document(), "$ref": "#/components/schemas/Introduction"},
        format_checker=oas30_format_checker,
    )
    business, company, need, _, csr, _ = pair
    intro = ask(client, business.owner, business, company, need_id=need.id).get_json()
    act(client, csr, intro["id"], "accept")
    act(client, csr, intro["id"], "advance", to="meeting")
    agreed = act(client, csr, intro["id"], "advance", to="agreement", items="Bushing")
    assert agreed.status_code == 200
    assert agreed.get_json()["partnership"]["value_band"] is None
    validator.validate(agreed.get_json())
    act(client, csr, intro["id"], "advance", to="active")
    done = act(client, csr, intro["id"], "advance", to="completed", outcome="succeeded")
    validator.validate(done.get_json())


def proposed(client, official, company, count: int) -> list[int]:
    """`count` introductions an official proposes, each with a business of its own."""
    businesses = [factories.BusinessFactory() for _ in range(count)]
    return [ask(client, official, b, company).get_json()["id"] for b in businesses]


def test_introductions_page_by_cursor_each_once_while_rows_are_added(client, pair):
    _, company, _, _, csr, official = pair
    made = proposed(client, official, company, 5)
    url = "/api/v1/introductions?limit=2"
    first = client.get(url, headers=token(client, official)).get_json()
    assert [i["id"] for i in first["items"]] == made[::-1][:2] and first["next"]
    seen = [i["id"] for i in first["items"]]
    cursor, added = first["next"], []
    while cursor:
        added += proposed(client, official, company, 1)  # newer: on the next walk only
        act(client, csr, made[0], "accept")  # a change of state moves nothing either
        body = client.get(f"{url}&cursor={cursor}", headers=token(client, official)).get_json()
        seen += [i["id"] for i in body["items"]]
        cursor = body["next"]
    assert seen == made[::-1]
    again = client.get("/api/v1/introductions?limit=100", headers=token(client, official))
    assert [i["id"] for i in again.get_json()["items"]] == (made + added)[::-1]


def test_introductions_default_to_25_a_page_and_the_csr_sees_only_theirs(client, pair):
    business, company, need, _, csr, official = pair
    made = proposed(client, official, company, 26)
    ask(client, official, business, factories.CompanyFactory())  # another company's
    page = client.get("/api/v1/introductions", headers=token(client, csr)).get_json()
    assert len(page["items"]) == 25 and page["next"]
    rest = client.get(
        f"/api/v1/introductions?cursor={page['next']}", headers=token(client, csr)
    ).get_json()
    assert [i["id"] for i in page["items"] + rest["items"]] == made[::-1]
    assert rest["next"] is None


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=101",
        "limit=x",
        "cursor=",
        "cursor=aWQ6NQ",
        "cursor=" + "a" * 300,
        "cursor=12%0A",  # a regex's `$` passes a final newline; the document's pattern not
    ],
)
def test_introductions_refuse_bad_paging_naming_it(client, pair, query):
    field = query.split("=")[0]
    answer = client.get(f"/api/v1/introductions?{query}", headers=token(client, pair[5]))
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["code"] == "validation_error" and set(error["fields"]) == {field}


def test_a_cursor_is_a_position_and_only_its_form_is_checked(client, pair):
    """Any cursor of the documented form continues from that place (newest first: below
    it); one of another form is 422 naming `cursor`."""
    business, company, need, _, csr, official = pair
    proposed(client, official, company, 3)
    headers = token(client, official)
    first = client.get("/api/v1/introductions?limit=1", headers=headers).get_json()
    cursor = first["next"]
    assert cursor == str(first["items"][0]["id"])
    rest = client.get(f"/api/v1/introductions?cursor={cursor}", headers=headers).get_json()
    assert all(item["id"] < int(cursor) for item in rest["items"]) and rest["items"]
    for bad in ("x" + cursor, cursor + ".1", "-1", "1" * 19, "١٢"):
        answer = client.get(f"/api/v1/introductions?limit=1&cursor={bad}", headers=headers)
        assert answer.status_code == 422 and "cursor" in answer.get_json()["error"]["fields"]
    beyond = client.get("/api/v1/introductions?cursor=1", headers=headers).get_json()
    assert beyond == {"items": [], "next": None}


def test_messages_page_by_cursor_oldest_first(client, pair):
    business, company, need, _, csr, _ = pair
    intro = ask(client, business.owner, business, company, need_id=need.id).get_json()["id"]
    url = f"/api/v1/introductions/{intro}/messages"
    posted = [
        client.post(url, json={"body": f"Pesan {n}"}, headers=token(client, csr)).get_json()["id"]
        for n in range(5)
    ]
    pages, cursor = [], ""
    while cursor is not None:
        query = f"?limit=2&cursor={cursor}" if cursor else "?limit=2"
        body = client.get(url + query, headers=token(client, business.owner)).get_json()
        pages.append([m["id"] for m in body["items"]])
        cursor = body["next"]
    assert pages == [posted[:2], posted[2:4], posted[4:]]


@pytest.mark.parametrize("field", ["business_id", "company_id", "need_id", "programme_id"])
def test_an_id_naming_no_record_is_404_naming_the_field(client, pair, field):
    """Well formed (the document's integer), but nothing the caller may use: not found."""
    business, company, _, _, _, _ = pair
    body = {field: 999_999}
    if field == "programme_id":
        body["kind"] = "mentoring"
    answer = ask(client, business.owner, business, company, **body)
    assert answer.status_code == 404
    assert set(answer.get_json()["error"]["fields"]) == {field}


def test_someone_elses_business_is_404_naming_it(client, pair):
    business, company, *_ = pair
    stranger = factories.BusinessFactory().owner
    answer = ask(client, stranger, business, company)
    assert answer.status_code == 404
    assert set(answer.get_json()["error"]["fields"]) == {"business_id"}


def agreed_meeting(client, pair) -> int:
    """A subcontracting introduction both sides accepted, at `meeting`."""
    business, company, need, _, csr, _ = pair
    intro_id = ask(client, business.owner, business, company, need_id=need.id).get_json()["id"]
    act(client, csr, intro_id, "accept")
    act(client, csr, intro_id, "advance", to="meeting")
    return intro_id


@pytest.mark.parametrize("volume", [1500, "1500", "1.500"])
def test_a_volume_is_a_number_or_indonesian_digits(client, pair, volume):
    intro_id = agreed_meeting(client, pair)
    agreed = act(client, pair[4], intro_id, "advance", to="agreement", items="Bushing",
                 volume_per_month=volume)  # fmt: skip
    assert agreed.status_code == 200
    assert agreed.get_json()["partnership"]["volume_per_month"] == 1500


@pytest.mark.parametrize(
    "field, value",
    [
        ("volume_per_month", " 1500"),
        ("volume_per_month", "1,500"),
        ("volume_per_month", "0"),
        ("volume_per_month", 0),
        ("sessions", "01"),
        ("start_date", "20261201"),
        ("start_date", "2026-12-01\n"),  # Python's `$` passes a final newline; JSON's not
        ("volume_per_month", "1500\n"),
        ("start_date", "1/12/2026"),
        ("value_band", "banyak"),
        ("volume_unit", "x" * 41),
    ],
)
def test_terms_outside_the_documented_form_are_422_naming_the_field(client, pair, field, value):
    intro_id = agreed_meeting(client, pair)
    answer = act(client, pair[4], intro_id, "advance", to="agreement", items="Bushing",
                 **{field: value})  # fmt: skip
    assert answer.status_code == 422
    assert set(answer.get_json()["error"]["fields"]) == {field}
    assert read(client, pair[4], intro_id).get_json()["status"] == "meeting"


BODIES = [  # what the services refuse across fields, and what the document says of it
    ("IntroductionInput", {"kind": "mentoring", "need_id": 1}, False),
    ("IntroductionInput", {"kind": "subcontracting", "programme_id": 1}, False),
    ("IntroductionInput", {"kind": "subcontracting", "need_id": 1, "programme_id": 1}, False),
    ("IntroductionInput", {"kind": "mentoring", "programme_id": 1, "need_id": None}, True),
    ("IntroductionInput", {"kind": "subcontracting", "need_id": 1, "message": "Halo"}, True),
    ("DeclineInput", {"reason": "other"}, False),
    ("DeclineInput", {"reason": "other", "reason_text": None}, False),  # found by fuzzing
    ("DeclineInput", {"reason": "other", "reason_text": " \n\x00"}, False),
    ("DeclineInput", {"reason": "other", "reason_text": "Pindah lokasi"}, True),
    ("DeclineInput", {"reason": "capacity"}, True),
    ("AdvanceInput", {"to": "completed"}, False),
    ("AdvanceInput", {"to": "completed", "outcome": "partly"}, True),
    ("AdvanceInput", {"to": "meeting", "volume_per_month": "1.500"}, True),
    ("AdvanceInput", {"to": "meeting", "volume_per_month": "1,500"}, False),
    ("TextInput", {"body": "  \t"}, False),
    ("TextInput", {"body": ""}, False),
    ("TextInput", {"body": "\u3000\u00a0x"}, True),
]


@pytest.mark.parametrize("name, body, valid", BODIES)
def test_the_document_states_the_rules_across_fields(app, name, body, valid):
    from openapi_schema_validator import OAS30Validator

    from matchmaker.api import document

    if name == "IntroductionInput":
        body = {"business_id": 1, "company_id": 1, **body}
    validator = OAS30Validator({**document(), "$ref": "#/components/schemas/" + name})
    assert validator.is_valid(body) == valid


def test_the_services_refuse_what_the_document_forbids(client, pair):
    business, company, need, programme, csr, _ = pair
    both = ask(
        client, business.owner, business, company, need_id=need.id, programme_id=programme.id
    )
    assert both.status_code == 422 and "programme_id" in both.get_json()["error"]["fields"]
    intro_id = ask(client, business.owner, business, company).get_json()["id"]
    blank = act(client, csr, intro_id, "decline", reason="other", reason_text=" \n\x00")
    assert blank.status_code == 422
    assert set(blank.get_json()["error"]["fields"]) == {"reason_text"}
    url = f"/api/v1/introductions/{intro_id}/messages"
    empty = client.post(url, json={"body": "\x00 "}, headers=token(client, csr))
    assert empty.status_code == 422 and set(empty.get_json()["error"]["fields"]) == {"body"}
