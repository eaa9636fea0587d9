"""Actor resolution: one id per real person or body.

``resolve_actors(doc, quotes, figures, date=article.date)`` is the stage the pipeline
calls; it sets ``actor_id`` on quote speakers and figure sources and returns the
article's actors. The registry (``veille/data/actors``) says who the actors are;
``corrections`` applies a user's merges and splits.
"""

from veille.actors.corrections import Corrections
from veille.actors.registry import (
    Registry,
    RegistryError,
    current_registry,
    load_registry,
    use_actor_files,
)
from veille.actors.resolver import resolve_actors, x_id

__all__ = [
    "Corrections",
    "Registry",
    "RegistryError",
    "current_registry",
    "load_registry",
    "resolve_actors",
    "use_actor_files",
    "x_id",
]
