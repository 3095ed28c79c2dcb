"""Models of the conversations app."""
