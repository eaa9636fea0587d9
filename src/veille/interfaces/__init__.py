"""User interfaces: command line (and later HTTP API and web UI)."""
