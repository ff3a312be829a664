"""Cohort allocation: placing a whole cohort into mentoring programmes at once."""
