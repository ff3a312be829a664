"""Introductions with double opt-in, the partnership pipeline, and the broker desk."""
