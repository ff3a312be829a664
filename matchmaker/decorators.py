"""Access decorators for HTML views."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def official_required(view):
    """Log in first; then only officials pass (others get 403)."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_official:
            abort(403)
        return view(*args, **kwargs)

    return wrapper
