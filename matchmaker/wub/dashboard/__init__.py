"""The programme's figures: dashboard, outcomes, charts, targets, printable report, API."""
