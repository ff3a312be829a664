"""Every page a role can reach by following links is well-formed for the design system:
no button with the doubled `btn-btn-` class (a button with no style), no id used twice
(labels, anchors and scripts find the wrong element), no server error.

Each role starts at the home page and follows the links of the pages it opens, as a
person tapping through would, with CSRF on so every form's hidden token is rendered.
"""

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

from matchmaker.auth.models import Membership, Role
from matchmaker.brokering import services as brokering
from matchmaker.matching import services as matching
from matchmaker.wub.cohorts.models import WubStatus
from tests import factories

MAX_PAGES = 160  # per role; the walk visits at most two pages of each shape (/x/1, /x/2)
PER_SHAPE = 2
SKIPPED = re.compile(r"/(unduh|ekspor|export|download|templat|foto)\b|\.(csv|xlsx|json|png|jpe?g)$")


class PageParser(HTMLParser):
    """The ids, classes and same-site links of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.classes: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id") is not None:
            self.ids.append(attributes["id"])
        self.classes += (attributes.get("class") or "").split()
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])

    handle_startendtag = handle_starttag


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def shape(path: str) -> str:
    """The page's kind: its path with every number as N, and its query's names."""
    parts = urlsplit(path)
    names = sorted(p.split("=")[0] for p in parts.query.split("&") if p)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(names)


def walk(client, start: str = "/") -> dict[str, list[str]]:
    """Follow same-site links from `start`; each HTML page's problems by path."""
    queue, seen, shapes, problems = deque([start]), {start}, Counter(), {}
    while queue and len(problems) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        found = []
        if response.status_code >= 500:
            found.append(f"HTTP {response.status_code}")
        if response.mimetype != "text/html":
            problems[path] = found
            continue
        page = parse(response.get_data(as_text=True))
        found += [f"class {name}" for name in page.classes if name.startswith("btn-btn-")]
        found += [f"id {name!r} × {n}" for name, n in Counter(page.ids).items() if n > 1]
        problems[path] = found
        for href in page.links:
            link = urldefrag(href)[0]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not link.startswith("/") or link in seen:
                continue
            if SKIPPED.search(parts.path) or link.startswith(("/api/", "/static/", "/keluar")):
                continue
            seen.add(link)
            if shapes[shape(link)] < PER_SHAPE:
                shapes[shape(link)] += 1
                queue.append(link)
    return problems


@pytest.fixture
def world(app, tmp_path):
    """A small world with a record of every kind, so every kind of page has content."""
    before = app.config["MODEL_PATH"]
    app.config["MODEL_PATH"] = str(tmp_path / "model.pkl")
    matching.reset()
    business = factories.BusinessFactory(name="Bubut Jaya", products="poros baja bubut")
    company = factories.CompanyFactory(name="PT Mesin Bekasi")
    need = factories.NeedFactory(company=company, title="Poros S45C", description="bubut poros")
    factories.ProgrammeFactory(company=company, title="Kelas mutu")
    csr = factories.UserFactory(role=Role.CSR, company=company, membership=Membership.APPROVED)
    factories.UserFactory(role=Role.CSR, company=company, membership=Membership.PENDING)
    brokering.start(business.owner, business, company, "subcontracting", need)
    cohort = factories.CohortFactory()
    factories.ParticipantFactory(cohort=cohort, status=WubStatus.IN_TRAINING)
    started = factories.ParticipantFactory(cohort=cohort, status=WubStatus.OPERATING)
    factories.VisitFactory(participant=started)
    official = factories.UserFactory(role=Role.OFFICIAL)
    matching.train()
    app.config["WTF_CSRF_ENABLED"] = True  # GETs only: every form renders its token
    yield {"owner": business.owner, "csr": csr, "official": official}
    app.config["WTF_CSRF_ENABLED"] = False
    matching.reset()
    app.config["MODEL_PATH"] = before


@pytest.mark.parametrize("role", ["anonymous", "owner", "csr", "official"])
def test_no_page_has_an_unstyled_button_or_a_duplicate_id(client, auth, world, role):
    if role != "anonymous":
        client.application.config["WTF_CSRF_ENABLED"] = False
        auth.login(world[role])
        client.application.config["WTF_CSRF_ENABLED"] = True
    problems = walk(client)
    assert len(problems) >= (5 if role == "anonymous" else 15), sorted(problems)
    bad = {path: found for path, found in problems.items() if found}
    assert not bad, bad


def test_the_parser_finds_duplicates_and_doubled_classes():
    page = parse('<p id="a"></p><input id="a"/><button class="btn btn-btn-primary">x</button>')
    assert Counter(page.ids)["a"] == 2
    assert "btn-btn-primary" in page.classes
