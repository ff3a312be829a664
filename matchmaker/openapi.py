"""The OpenAPI 3 document served at /api/v1/openapi.json."""


def document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Mitra Bekasi API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "paths": {},
    }
