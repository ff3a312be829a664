"""Reference tables: kecamatan, industrial estates and KBLI codes."""
