"""Introductions for people: lists, one introduction's page with its answers, steps and thread."""

from flask import Blueprint

bp = Blueprint("brokering", __name__)
