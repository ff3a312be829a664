"""Moved to matchmaker/brokering/desk/views.py. matchmaker/wub/ (changed on another branch
meanwhile) still imports flash_report from here: remove this module once it imports
matchmaker.brokering.desk.views."""

from matchmaker.brokering.desk.views import flash_report  # noqa: F401
