"""Actor resolution: one id per real person or body."""
