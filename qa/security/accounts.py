"""Log in to the served app as each demo role, as a browser and as an API client would."""

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

PASSWORD = "mitra-demo-2026"  # noqa: S105  # the documented demo password  # nosec B105
ROLES = {
    "anonymous": None,
    "owner": "owner@demo.mitra",
    "csr": "csr@demo.mitra",
    "official": "official@demo.mitra",
}
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@dataclass
class Identity:
    """What a tool needs to act as one role: the session cookie and an API bearer token."""

    role: str
    cookies: dict[str, str] = field(default_factory=dict)
    token: str | None = None

    @property
    def cookie_header(self) -> str:
        """The cookies as one `Cookie:` header value."""
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())


def _opener(jar: http.cookiejar.CookieJar) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def browser_login(base_url: str, email: str, password: str = PASSWORD) -> dict[str, str]:
    """Log in through the form (with its CSRF token); the session cookies afterwards."""
    jar = http.cookiejar.CookieJar()
    opener = _opener(jar)
    with opener.open(base_url + "/masuk", timeout=30) as response:
        token = CSRF.search(response.read().decode()).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
    with opener.open(base_url + "/masuk", data=form.encode(), timeout=30) as response:
        response.read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if not is_logged_in(base_url, cookies):
        raise RuntimeError(f"login as {email} failed")
    return cookies


def is_logged_in(base_url: str, cookies: dict[str, str]) -> bool:
    """Whether these cookies open the account page (a redirect to login means no)."""
    header = "; ".join(f"{k}={v}" for k, v in cookies.items())
    request = urllib.request.Request(base_url + "/akun", headers={"Cookie": header})  # noqa: S310
    opener = urllib.request.build_opener(_NoRedirect())
    try:
        with opener.open(request, timeout=30) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def api_token(base_url: str, email: str, password: str = PASSWORD) -> str:
    """A bearer token from POST /api/v1/auth/token."""
    body = json.dumps({"email": email, "password": password}).encode()
    request = urllib.request.Request(  # noqa: S310 (our own app on loopback)
        base_url + "/api/v1/auth/token", data=body, headers={"Content-Type": "application/json"}
    )
    # The URL is running_app's http://127.0.0.1 address, never user input.
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  # nosec B310
        return json.load(response)["token"]


def identities(base_url: str) -> dict[str, Identity]:
    """One identity per role; the anonymous one has an empty cookie jar and no token."""
    found = {}
    for role, email in ROLES.items():
        if email is None:
            found[role] = Identity(role)
        else:
            found[role] = Identity(role, browser_login(base_url, email), api_token(base_url, email))
    return found
