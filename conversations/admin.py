"""Admin of the conversations app."""
