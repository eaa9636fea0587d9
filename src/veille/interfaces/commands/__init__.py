"""Command plug-ins: each module here defines ``register(app, eval_app)`` and adds its
commands to the ``veille`` CLI. New capabilities add a module instead of growing cli.py."""
