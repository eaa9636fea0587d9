"""Scorers that measure veille against gold annotations."""
