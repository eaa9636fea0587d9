"""The HTTP interface: a JSON API under ``/api`` and the web UI, served by ``veille serve``."""

from veille.interfaces.api.app import create_app

__all__ = ["create_app"]
