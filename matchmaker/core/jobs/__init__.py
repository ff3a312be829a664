"""Background work: what web requests hand over (mail, imports, training) and what runs on
a schedule (reminders, expiry), done by `flask jobs worker` (matchmaker.core.jobs.queue)."""
