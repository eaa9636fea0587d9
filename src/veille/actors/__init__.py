"""Actor resolution: one id per real person or body.

``resolve_actors(doc, quotes, figures)`` is the stage the pipeline calls; it sets
``actor_id`` on quote speakers and figure sources and returns the article's actors.
"""

from veille.actors.provisional import resolve_actors

__all__ = ["resolve_actors"]
