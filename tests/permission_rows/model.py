"""The published partner model: its state and the training button, officials only."""

from tests.permission_rows import row

ROWS = [
    # endpoint, method, url, (anonymous, owner, csr, pending_csr, official)
    row("api.matching.get_model_status", "GET", "/api/v1/model", (401, 403, 403, 403, 200)),
    # The official's training runs at once in tests (JOBS_IMMEDIATE), then back home.
    row("matching.train_model", "POST", "/petugas/model/latih", (302, 403, 403, 403, 302), {}),
]
