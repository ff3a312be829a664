"""Who changed what, and when: the record officials can inspect and export."""
