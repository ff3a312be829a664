"""Bulk import of records from the spreadsheets officials keep (CSV or XLSX).

`tables` reads any spreadsheet into numbered rows of raw text; `services` holds the
rules of each kind of record (validate every row, then save all or nothing); `cli`
imports a file of them for `flask import-data` (matchmaker/cli.py, which also takes
wub's cohort and participant files) and reports the outcome.
"""
