"""Micro items (微实事) and wishes (微心愿): proposals, screening, assignment, funds, ratings, claims."""
