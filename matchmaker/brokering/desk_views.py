"""Officials' broker desk and pipeline board."""

from flask import Blueprint

bp = Blueprint("desk", __name__)
