"""gunicorn's settings for production (Procfile, systemd): `gunicorn "matchmaker:create_app()"`.

The app is loaded once in the master and the workers are forked from it, so they share
the imported libraries' memory; the partner model is memory-mapped by each worker from the
same file (ml.persist), so the page cache holds it once per machine (README "Scale-out").
"""

import gc
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '5000')}"  # noqa: S104
workers = int(os.environ.get("WEB_CONCURRENCY", 2))
preload_app = True
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
accesslog = "-"


def pre_fork(server, worker):
    """Move everything the master built into the collector's permanent generation: the
    workers' collections then never touch (and so never copy) those shared pages."""
    gc.freeze()
