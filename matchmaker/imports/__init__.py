"""Bulk import of records from the spreadsheets officials keep (CSV or XLSX).

`tables` reads any spreadsheet into numbered rows of raw text; `services` holds the
rules of each kind of record (validate every row, then save all or nothing); `cli`
is the `flask import-data` command.
"""
