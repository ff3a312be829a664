"""The audit log for officials: filter and export."""

from flask import Blueprint

bp = Blueprint("audit", __name__)
