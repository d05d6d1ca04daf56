"""``pamphlets serve``: a local bookbuilder in the browser, on the pipeline's API.

``create_app(library_dir)`` is the Starlette app (``app.py``); ``library.py`` is the
library folder (essays, books as manifests, build folders, every request's name checked
against it); ``jobs.py`` runs builds off the request path, one at a time per book. The
templates are in ``templates/web/``, the page's own CSS and JavaScript in ``static/``.
"""

from .app import create_app

__all__ = ["create_app"]
