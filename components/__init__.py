"""Reusable UI pieces: plain data in, what the person entered out. No SQL here."""
