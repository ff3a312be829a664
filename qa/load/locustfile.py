"""What 50 people do at once: owners browse suggestions and profiles and ask for
introductions (HTML form and API), CSR staff read their company's suggestions, officials
read the dashboard. Run by qa/load/run.py; QA_LOAD_ACCOUNTS names the JSON file of
accounts and id ranges (written by the runner from the database).

An expected refusal (the daily limit, a paused company, a full programme) is a success
for locust but counted apart in the outcomes file, with every introduction and message
the app acknowledged, so the fault checks can look for each one in the database.
"""

import itertools
import json
import os
import random
import re
from collections import Counter

from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(open(os.environ["QA_LOAD_ACCOUNTS"], encoding="utf-8").read())  # noqa: SIM115
OUTCOMES = os.environ.get("QA_LOAD_OUTCOMES")
HALF = len(ACCOUNTS["owners"]) // 2  # owners: the first half log in, the second use the API
# Each simulated owner is an account of its own, from a random start so that runs on the
# same day spread over the accounts (an owner may ask 10 introductions a day).
owner_numbers = itertools.count(random.randrange(HALF))  # noqa: S311
api_owners = itertools.count(HALF + random.randrange(HALF))  # noqa: S311
csr_numbers = itertools.count()
outcomes = Counter()
acknowledged = {"introductions": [], "messages": []}
login_ms: list[float] = []  # kept apart: the runner resets the stats once all are logged in
EXPECTED_REFUSALS = {409, 429}  # paused, full or closed; the per-owner daily limit

# With several app servers (QA_LOAD_HOSTS, space-separated), each user talks to one of
# them, in turn: the servers share the database, Redis and the published model.
HOSTS = os.environ.get("QA_LOAD_HOSTS", "").split()
hosts_in_turn = itertools.count()


class SpreadUser(HttpUser):
    """A user bound to one of HOSTS (or locust's --host when there is one server)."""

    abstract = True

    def __init__(self, environment):
        super().__init__(environment)
        if HOSTS:
            self.client.base_url = HOSTS[next(hosts_in_turn) % len(HOSTS)]


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
START_FORM = re.compile(r'<form method="post" action="/perkenalan"[^>]*>(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"')


def business_id() -> int:
    return random.randint(*ACCOUNTS["business_ids"])  # noqa: S311


def company_id() -> int:
    return random.randint(*ACCOUNTS["company_ids"])  # noqa: S311


class Browser(SpreadUser):
    """Someone logged in through the HTML form."""

    abstract = True
    wait_time = between(1, 3)

    def login(self, email: str, password: str) -> None:
        page = self.client.get("/masuk", name="/masuk")
        token = CSRF.search(page.text)
        data = {"email": email, "password": password, "csrf_token": token.group(1) if token else ""}
        with self.client.post(
            "/masuk", data=data, name="POST /masuk", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {email} answered {response.status_code}")

    @task(3)
    def business_profile(self):
        self.client.get(f"/usaha/{business_id()}", name="/usaha/[id]")

    @task(3)
    def company_profile(self):
        self.client.get(f"/perusahaan/{company_id()}", name="/perusahaan/[id]")

    @task(1)
    def business_directory(self):
        trade = random.choice(["", "machining", "welding", "rewinding", "electronics"])  # noqa: S311
        self.client.get(f"/usaha?trade={trade}&page={random.randint(1, 20)}", name="/usaha")  # noqa: S311


class Owner(Browser):
    """A small-business owner on a phone: suggestions, profiles, asking for introductions."""

    weight = 6

    def on_start(self):
        email = ACCOUNTS["owners"][next(owner_numbers) % HALF][0]
        self.login(email, ACCOUNTS["password"])
        self.last_page = ""

    @task(4)
    def suggestions(self):
        self.last_page = self.client.get("/rekomendasi", name="/rekomendasi").text

    @task(2)
    def mentoring_suggestions(self):
        self.client.get("/rekomendasi?kind=mentoring", name="/rekomendasi?kind=mentoring")

    @task(1)
    def ask_for_introduction(self):
        """Send the first “Minta perkenalan” form of the last suggestions page."""
        form = START_FORM.search(self.last_page)
        if not form:
            return
        data = dict(HIDDEN.findall(form.group(1)))
        data["message"] = "Kami bisa kirim contoh dulu."
        with self.client.post(
            "/perkenalan",
            data=data,
            name="POST /perkenalan",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            where = response.headers.get("Location", "")
            if response.status_code == 302 and re.search(r"/perkenalan/\d+$", where):
                outcomes["html_introduction_started"] += 1
            elif response.status_code == 302:
                outcomes["html_introduction_refused"] += 1  # back to the page with a message
            else:
                response.failure(f"answered {response.status_code}")
        self.last_page = ""


class CsrStaff(Browser):
    """CSR staff at the office: their company's suggested businesses, and profiles."""

    weight = 2

    def on_start(self):
        email, self.company = ACCOUNTS["csr"][next(csr_numbers) % len(ACCOUNTS["csr"])]
        self.login(email, ACCOUNTS["password"])

    @task(4)
    def suggestions(self):
        self.client.get(
            f"/perusahaan/{self.company}/rekomendasi", name="/perusahaan/[id]/rekomendasi"
        )


class Official(Browser):
    """An official of the Department: the programme dashboard and the directories."""

    weight = 1

    def on_start(self):
        self.login(*ACCOUNTS["official"])

    @task(3)
    def dashboard(self):
        self.client.get("/petugas/dasbor", name="/petugas/dasbor")

    @task(1)
    def dashboard_filtered(self):
        seksi = random.choice(["ILMO", "IET", "IKA"])  # noqa: S311
        self.client.get(f"/petugas/dasbor?seksi={seksi}", name="/petugas/dasbor?seksi")


class ApiClient(SpreadUser):
    """An owner's app on the JSON API: suggestions, then an introduction and a message,
    each time as the next owner account (one day's limit per owner is never reached)."""

    weight = 2
    wait_time = between(1, 3)

    @task
    def suggest_and_ask(self):
        token, business = ACCOUNTS["owners"][HALF + next(api_owners) % HALF][1:]
        headers = {"Authorization": f"Bearer {token}"}
        kind = random.choice(["subcontracting", "mentoring"])  # noqa: S311
        found = self.client.get(
            f"/api/v1/businesses/{business}/suggestions?kind={kind}",
            headers=headers,
            name="/api/v1/businesses/[id]/suggestions",
        )
        items = found.json().get("items", []) if found.ok else []
        if not items:
            return
        item = random.choice(items[:5])  # noqa: S311
        offer = {"need_id" if kind == "subcontracting" else "programme_id": item["offer"]["id"]}
        body = {
            "business_id": business,
            "company_id": item["company"]["id"],
            "kind": kind,
            "message": "Kami tertarik, bisa kirim contoh.",
            **offer,
        }
        with self.client.post(
            "/api/v1/introductions",
            json=body,
            headers=headers,
            name="POST /api/v1/introductions",
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                outcomes["api_introduction_created"] += 1
                intro = response.json()["id"]
                acknowledged["introductions"].append(intro)
            elif response.status_code == 200:
                outcomes["api_introduction_existing"] += 1
                return
            elif response.status_code in EXPECTED_REFUSALS:
                outcomes[f"api_introduction_refused_{response.status_code}"] += 1
                response.success()
                return
            else:
                response.failure(f"answered {response.status_code}")
                return
        self.message(intro, headers)

    def message(self, intro: int, headers: dict) -> None:
        with self.client.post(
            f"/api/v1/introductions/{intro}/messages",
            headers=headers,
            json={"body": "Kapan bisa survei ke bengkel?"},
            name="POST /api/v1/introductions/[id]/messages",
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                outcomes["api_message_created"] += 1
                acknowledged["messages"].append(response.json().get("id"))
            else:
                response.failure(f"answered {response.status_code}")


@events.request.add_listener
def _count_status(name, response_time, response=None, **_kwargs):
    """Count every status; 503s also by whether they are the friendly kind, and how fast."""
    status = getattr(response, "status_code", 0) or 0
    outcomes[f"status_{status}"] += 1
    if name == "POST /masuk":
        login_ms.append(response_time)
    if status == 503:
        friendly = response.headers.get("Retry-After") and (
            '"database_unavailable"' in response.text or "Basis data sedang" in response.text
        )
        outcomes["503_friendly" if friendly else "503_other"] += 1
        outcomes["503_slowest_ms"] = max(outcomes["503_slowest_ms"], round(response_time))


@events.quitting.add_listener
def _write_outcomes(environment, **_kwargs):
    """Leave the counts and acknowledged ids for the runner."""
    if OUTCOMES:
        with open(OUTCOMES, "w", encoding="utf-8") as handle:
            logins = sorted(login_ms) or [0]
            outcomes["logins"] = len(login_ms)
            outcomes["login_p50_ms"] = round(logins[len(logins) // 2])
            outcomes["login_max_ms"] = round(logins[-1])
            json.dump({"outcomes": dict(outcomes), "acknowledged": acknowledged}, handle)
