"""The in-app inbox and the e-mails that mirror it."""
