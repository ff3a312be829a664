"""Asking before a delete, without JavaScript.

A delete view wrapped in `confirm_first` deletes only when its POST carries confirm=1
(the button of the question page). A GET, or a POST without it (one tap on "Hapus"),
answers with a page that names what would be deleted and asks; nothing is deleted.
"""

from collections.abc import Callable
from functools import wraps

from flask import render_template, request
from flask_wtf import FlaskForm

from matchmaker.core.pages.web import back_link


class ConfirmDeleteForm(FlaskForm):
    """The question page's button: its CSRF token and confirm=1."""


def confirm_first(describe: Callable[..., tuple[str, str]]):
    """Wrap a delete view (its route must accept GET and POST). `describe(**view_args)`
    loads the record with the view's own access checks and returns (what is deleted, in
    words; the page to go back to)."""

    def decorate(view):
        @wraps(view)
        def asked(**view_args):
            what, back = describe(**view_args)
            if request.method == "POST" and request.form.get("confirm") == "1":
                return view(**view_args)
            return render_template(
                "_partials/confirm_delete.html",
                what=what,
                back=back_link(back),
                action=request.path,
                form=ConfirmDeleteForm(),
            )

        return asked

    return decorate
