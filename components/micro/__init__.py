"""Micro items and wishes on screen: forms, views, the office's work, charts, labels."""
