"""Training cohorts and their participants (WUB): records, status history, pages, API."""
