"""Admin of the campaigns app."""
