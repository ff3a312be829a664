"""Accounts, roles, sign-up, login, password reset and personal-data rights."""
