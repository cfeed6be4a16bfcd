"""The demo's data pool: every name, place, title and text the demo invents, and no code.

Plain values only (frozen dataclasses, tuples, dicts, format strings): the seeding modules one
level up decide how many of what are drawn, in which order, and write them. A writer changing
what the demo says edits only this package. Nothing here imports SQLAlchemy or draws at random
(tests/unit/test_demo_pool.py holds both sides to it).
"""
