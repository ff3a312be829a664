"""Cohorts and participants as spreadsheets: import (check, then save), export, upload pages."""
