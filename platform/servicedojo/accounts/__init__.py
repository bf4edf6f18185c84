"""Accounts: users, roles, cohorts and sign-in."""
