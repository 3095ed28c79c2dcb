"""Models of the emailsystem app."""
