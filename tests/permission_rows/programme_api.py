"""The programme in the JSON API: officials only. `participant` is trained (linked to
other_business) in `cohort`; `visit` is one of its visits."""

from tests.permission_rows import row

NOBODY_ELSE = (401, 403, 403, 403)  # anonymous, owner, csr, pending_csr
COHORT = {"name": "Angkatan Uji", "year": 2024, "trade": "welding"}
PARTICIPANT = {"name": "Budi Santoso", "kecamatan": "Setu", "phone": "0812-1111-2222"}
VISIT = {"visited_on": "2025-02-01", "operating": True}


def official(endpoint, method, url, status, body=None):
    """A row where only an official gets through, with `status`."""
    return row(endpoint, method, "/api/v1" + url, (*NOBODY_ELSE, status), body)


ROWS = [
    official("api.cohorts.list_cohorts", "GET", "/cohorts", 200),
    official("api.cohorts.list_cohorts", "GET", "/cohorts?year=2024&seksi=ILMO&trade=welding", 200),
    official("api.cohorts.list_cohorts", "GET", "/cohorts?year=1990", 422),
    official("api.cohorts.create_cohort", "POST", "/cohorts", 201, COHORT),
    official("api.cohorts.create_cohort", "POST", "/cohorts", 422, {}),
    official("api.cohorts.get_cohort", "GET", "/cohorts/{cohort}", 200),
    official("api.cohorts.get_cohort", "GET", "/cohorts/999999", 404),
    official(
        "api.cohorts.update_cohort", "PATCH", "/cohorts/{cohort}", 200, {"destination": "Bogor"}
    ),
    official("api.cohorts.delete_cohort", "DELETE", "/cohorts/{cohort}", 409),
    official("api.cohorts.delete_cohort", "DELETE", "/cohorts/999999", 404),
    official("api.cohorts.list_cohort_participants", "GET", "/cohorts/{cohort}/participants", 200),
    official(
        "api.cohorts.create_participant", "POST", "/cohorts/{cohort}/participants", 201, PARTICIPANT
    ),
    official("api.cohorts.list_participants", "GET", "/participants", 200),
    official(
        "api.cohorts.list_participants", "GET", "/participants?status=lulus&kecamatan=Setu", 200
    ),
    official("api.cohorts.list_participants", "GET", "/participants?status=x", 422),
    official("api.cohorts.get_participant", "GET", "/participants/{participant}", 200),
    official("api.cohorts.get_participant", "GET", "/participants/999999", 404),
    official(
        "api.cohorts.update_participant",
        "PATCH",
        "/participants/{participant}",
        200,
        {"education": "SMK"},
    ),
    official("api.cohorts.participant_history", "GET", "/participants/{participant}/history", 200),
    official(
        "api.cohorts.change_participant_status",
        "POST",
        "/participants/{participant}/status",
        200,
        {"status": "operating"},
    ),
    # Trained cannot go back to training: refused with the reason.
    official(
        "api.cohorts.change_participant_status",
        "POST",
        "/participants/{participant}/status",
        409,
        {"status": "in_training"},
    ),
    official("api.monitoring.list_visits", "GET", "/participants/{participant}/visits", 200),
    official(
        "api.monitoring.create_visit", "POST", "/participants/{participant}/visits", 201, VISIT
    ),
    official("api.monitoring.get_visit", "GET", "/visits/{visit}", 200),
    official("api.monitoring.delete_visit", "DELETE", "/visits/{visit}", 204),
    # A JSON body has no `photo` file: named in the 422.
    official("api.monitoring.add_visit_photo", "POST", "/visits/{visit}/photos", 422, {}),
    official("api.monitoring.get_photo", "GET", "/photos/999999", 404),
    official("api.monitoring.overdue_visits", "GET", "/visits/overdue", 200),
    official("api.monitoring.overdue_visits", "GET", "/visits/overdue?interval=0", 422),
]
