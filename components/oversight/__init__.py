"""Oversight on screen: labels of supervision and the ledger, look-back reviews."""
