"""The system's screens: the account form."""
