"""Rows of the permission matrix, one module per feature (each defines ROWS).

`tests/test_permissions.py` walks every row for every role; a feature adds its
routes here in its own module, so features never edit one shared list.
"""

import importlib
import pkgutil

import pytest

ROLES = ("anonymous", "owner", "csr", "pending_csr", "official")


def row(endpoint, method, url, statuses, body=None):
    """One request and the status per role, given in ROLES order."""
    return pytest.param(
        endpoint, method, url, body, dict(zip(ROLES, statuses, strict=True)), id=f"{method} {url}"
    )


def feature_rows() -> list:
    """ROWS of every module in this package."""
    rows = []
    for module in pkgutil.iter_modules(__path__):
        rows += importlib.import_module(f"{__name__}.{module.name}").ROWS
    return rows
