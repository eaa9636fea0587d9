"""Extractors: quotes, figures (and later events, dates) from parsed documents."""
