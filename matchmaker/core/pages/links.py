"""Absolute links for e-mails: PUBLIC_URL and a route's path, never the request's Host.

A Host header is chosen by the client; a reset link built from it (url_for with
_external) would send the secret token to whichever site the attacker named.
"""

from flask import current_app


def absolute(path: str) -> str:
    """PUBLIC_URL followed by a site path ("/atur-sandi/…")."""
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def public_url(endpoint: str, **values) -> str:
    """The absolute URL of an endpoint, inside or outside a request."""
    path = current_app.url_map.bind("", url_scheme="http").build(endpoint, values)
    return absolute(path)
