"""Monitoring visits (pemantauan): visits, photos, timelines, who is overdue; pages and API."""
