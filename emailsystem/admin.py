"""Admin of the emailsystem app."""
