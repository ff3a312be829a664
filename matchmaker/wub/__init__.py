"""The Wirausaha Baru programme: cohorts, participants, monitoring visits, targets, dashboards."""
