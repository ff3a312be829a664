"""The inbox and the e-mail choices."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)
