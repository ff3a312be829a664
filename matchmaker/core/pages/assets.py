"""Static files with a content fingerprint in their URL, kept by browsers for a year.

`url_for("static", filename="app.css")` (and Bootstrap's files) gives
`/static/app.css?v=<first 12 hex digits of its SHA-256>`; a request whose `v` is the
file's current fingerprint is answered `Cache-Control: public, max-age=31536000,
immutable`, so a browser on a slow connection never asks for it again, and a changed
file gets a new URL. A URL without it (or with an old one) still works, cached briefly.
"""

import hashlib
import os
from pathlib import Path

from flask import Flask, current_app, request

IMMUTABLE = "public, max-age=31536000, immutable"
BRIEFLY = "public, max-age=300"
ENDPOINTS = {"static", "bootstrap.static"}
_fingerprints: dict[tuple[str, int, int], str] = {}


def folder_of(endpoint: str) -> str | None:
    """The folder an endpoint serves static files from."""
    if endpoint == "static":
        return current_app.static_folder
    blueprint = current_app.blueprints.get(endpoint.rpartition(".")[0])
    return blueprint.static_folder if blueprint is not None else None


def fingerprint(endpoint: str, filename: str) -> str | None:
    """The file's content fingerprint, or None when there is no such file. Remembered per
    file, size and modification time, so an edited file (development) gets a new one."""
    folder = folder_of(endpoint)
    if folder is None:
        return None
    path = Path(folder, filename)
    try:
        if not path.resolve().is_relative_to(Path(folder).resolve()):
            return None
        stat = os.stat(path)
    except (OSError, ValueError):
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _fingerprints:
        _fingerprints[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return _fingerprints[key]


def init_app(app: Flask) -> None:
    """Fingerprint static URLs and give static answers their cache lifetime."""

    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict) -> None:
        if endpoint in ENDPOINTS and "v" not in values and values.get("filename"):
            found = fingerprint(endpoint, values["filename"])
            if found:
                values["v"] = found

    @app.after_request
    def cache_lifetime(response):
        if request.endpoint in ENDPOINTS and response.status_code in (200, 304):
            filename = (request.view_args or {}).get("filename", "")
            current = fingerprint(request.endpoint, filename)
            fresh = current is not None and request.args.get("v") == current
            response.headers["Cache-Control"] = IMMUTABLE if fresh else BRIEFLY
            # Read the (small) file now: a streamed file that Flask-Compress compresses on
            # the fly is never closed; as bytes, it is compressed whole and the file closes.
            response.direct_passthrough = False
            response.make_sequence()
        return response
