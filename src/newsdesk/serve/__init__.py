"""Stage 7, serve: the web UI, its JSON API and Atom feeds over a newsdesk database."""

from newsdesk.serve.app import create_app

__all__ = ["create_app"]
