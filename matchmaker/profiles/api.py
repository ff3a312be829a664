"""Profile endpoints of the JSON API."""
