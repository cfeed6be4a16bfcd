"""Oversight (监督、回头看、整改): supervision and findings, look-back reviews, the rectification ledger."""
