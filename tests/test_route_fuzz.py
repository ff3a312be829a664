"""Every route, as every role, with hostile values in each path, query and form field:
no answer may be a server error (issue 12, "no input makes a 500").

The walk reads the app's url_map, so a route added later is fuzzed without a new test.
Parameter names come from three places: the names the code reads from the query string
or a form (scanned from the source), the fields of every WTForms form, and the inputs
of every page the walk has rendered. Each name gets each hostile value once per route
and role, rotated so that a request mixes them: not the full cross product, and the
same every run, so a failure replays. A route the role may not use (401, 403, 404, to
the login page) gets two rotations instead of all: its handler stops before reading.
The test app has CSRF off (conftest), so every form handler runs on what is posted.
The JSON API's bodies are fuzzed by test_api_fuzz.py.
"""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from flask_wtf import FlaskForm
from wtforms.fields.core import UnboundField

import matchmaker
from tests.hostile import HOSTILE, HOSTILE_IDS, HOSTILE_PATH, ROLES, log_in, unthrottled, world

SOURCE = Path(matchmaker.__file__).resolve().parent
# args.get("km"), request.form.getlist("pair"), request.args["need_id"], _arg("year")
_READ = re.compile(
    r"""(?:\b(?:args|form|values)(?:\.get|\.getlist)\(|\b(?:args|form|values)\[|\b_arg\()"""
    r"""\s*["']([A-Za-z_][\w-]*)["']"""
)
# Names read in loops or by libraries, and url_for()'s own options (?_scheme=, ?_method=),
# which must never reach it from a query string.
ALSO = (
    "page", "per_page", "year_from", "year_to", "since", "until", "need_id", "programme_id",
    "interval", "_scheme", "_external", "_method", "_anchor",
)  # fmt: skip
_INPUT = re.compile(r"""<(?:input|select|textarea|button)\b[^>]*?\bname=["']([^"']+)["']""")
_VARIABLE = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")
GATED = {401, 403, 404, 405}
# Run last: they delete what later routes would use, or end the session.
LAST = ("auth.logout",)
DESTRUCTIVE = ("delete", "cancel", "confirm", "withdraw", "decline", "revoke", "logout")


def code_names() -> list[str]:
    """Every query or form name the application's code reads, plus ALSO."""
    names = set(ALSO)
    for path in SOURCE.rglob("*.py"):
        names |= set(_READ.findall(path.read_text(encoding="utf-8")))
    return sorted(names)


def form_names() -> set[str]:
    """The fields of every WTForms form of the application."""
    names, stack = set(), [FlaskForm]
    while stack:
        form = stack.pop()
        stack += form.__subclasses__()
        names |= {n for n in dir(form) if isinstance(getattr(form, n, None), UnboundField)}
    return names


def routes(app) -> list[tuple]:
    """(rule, method) of every route but the API's body-taking ones; pages first (their
    inputs give the names the forms post), the destructive ones and logging out last."""
    found = [
        (rule, method)
        for rule in app.url_map.iter_rules()
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
        if method == "GET" or not rule.rule.startswith("/api/")
    ]

    def order(item):
        rule, method = item
        destructive = any(word in rule.endpoint for word in DESTRUCTIVE)
        return rule.endpoint in LAST, destructive, method != "GET", rule.rule, method

    return sorted(found, key=order)


def url_of(rule, values: dict[str, str], hostile: tuple[str, str] | None = None) -> str:
    """The rule's URL with every variable filled from `values`, or one from `hostile`."""

    def fill(match: re.Match) -> str:
        converter, arguments, name = match.groups()
        if hostile and hostile[0] == name:
            value = hostile[1]
        elif converter == "any":
            value = arguments.split(",")[0].strip().strip("'\"")
        elif name == "filename" and rule.endpoint == "bootstrap.static":
            value = "css/bootstrap.min.css"
        else:
            value = values.get(name, "1")
        return quote(value, safe="")

    return _VARIABLE.sub(fill, rule.rule)


def rotation(names: list[str], turn: int) -> dict[str, str]:
    """Turn `turn` of the values: name j gets HOSTILE[(turn + j) % len(HOSTILE)]."""
    return {name: HOSTILE[(turn + j) % len(HOSTILE)] for j, name in enumerate(names)}


class Walk:
    """One role's walk: sends, remembers the names pages offer, collects server errors."""

    def __init__(self, client, headers: dict):
        self.client, self.headers = client, headers
        self.failures: list[str] = []
        self.sent = 0
        self.page_names: dict[str, set[str]] = {}

    def send(self, rule, method: str, url: str, query: dict, form: dict):
        self.sent += 1
        api = url.startswith("/api/")
        try:
            response = self.client.open(
                url,
                method=method,
                query_string=query,
                data=None if api or method == "GET" else form,
                headers=self.headers if api else {},
            )
        except Exception as error:  # a crash is what this test looks for
            self.failures.append(f"{method} {url[:120]} {_shown(query, form)}: {error!r}")
            return None
        response.close()  # static files are streamed from an open file
        if response.status_code >= 500:
            self.failures.append(
                f"{response.status_code} {method} {url[:120]} {_shown(query, form)}"
            )
        elif response.status_code == 200 and response.mimetype == "text/html":
            page = response.get_data(as_text=True)
            self.page_names.setdefault(rule.rule, set()).update(_INPUT.findall(page))
        return response

    def route(self, rule, method: str, values: dict, query_names: list, form_names: list):
        """The route with valid path values and no parameters, then with hostile ones."""
        url = url_of(rule, values)
        probe = self.send(rule, method, url, {}, {})
        gated = (
            probe is None
            or probe.status_code in GATED
            or (probe.status_code == 302 and probe.headers["Location"].startswith("/masuk"))
        )
        for turn in range(2 if gated else len(HOSTILE)):
            query = rotation(query_names, turn)
            form = rotation(form_names, turn + 1) if method != "GET" else {}
            self.send(rule, method, url, query, form)
        for name in _VARIABLE.findall(rule.rule):
            converter, _arguments, variable = name
            for value in HOSTILE_IDS if converter == "int" else HOSTILE_PATH:
                self.send(rule, method, url_of(rule, values, (variable, value)), {}, {})


def _shown(query: dict, form: dict) -> str:
    """The parameters of a failing request, each value cut short."""
    cut = {k: (v[:20] + "…" if len(v) > 20 else v) for k, v in {**query, **form}.items()}
    return repr(cut)[:600]


@pytest.mark.parametrize("role", ROLES)
def test_no_route_answers_a_server_error(app, client, monkeypatch, role):
    unthrottled(app, monkeypatch)
    users, values = world()
    walk = Walk(client, log_in(client, users.get(role)))
    if role != "anonymous":  # the walk is only worth something logged in
        assert client.get("/akun").status_code == 200
    reads, fields = code_names(), form_names()
    for rule, method in routes(app):
        offered = walk.page_names.get(rule.rule, set())
        query = sorted(set(reads) | (offered if method == "GET" else set()))
        if method == "GET":
            form = []
        elif offered:  # the page at the same address shows the form this method posts
            form = sorted(set(reads) | offered)
        else:  # posted from another page: every name any form or page has
            everything = set().union(*walk.page_names.values())
            form = sorted(set(reads) | fields | everything)
        walk.route(rule, method, values, query, form)
    print(f"{role}: {walk.sent} requests")  # the figure `pytest -s` shows
    assert walk.failures == [], "\n".join(walk.failures[:40])
