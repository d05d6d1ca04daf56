"""pamphlets: essays in, a printable booklet PDF and an EPUB 3 out.

The one entry point for every front end (the CLI, a web page, a script)::

    import pamphlets

    result = pamphlets.build("seeds/sampler.toml",
                             pamphlets.BuildOptions(formats=("pdf",), notes="book"))
    print(result.outputs["pdf"], result.pages)

``build(book, options, progress=None) -> BuildResult``: ``book`` is a manifest's path, a
list of essay paths or URLs, or what ``assemble(book, options)`` returned (the booklet
read and transformed, with its build context). ``BuildOptions`` documents every option
and its default (``pamphlets.options``). Errors are ``PamphletError``s carrying the file,
the line or key and a hint. See docs/architecture.md.
"""

__version__ = "0.1.0"

#: public name -> the module that defines it (imported on first use: the CLI starts its
#: render workers before the heavier modules load)
_API = {
    "build": "pipeline", "assemble": "pipeline", "Assembled": "pipeline",
    "BuildResult": "pipeline", "BuildOptions": "options", "BuildContext": "context",
    "PamphletError": "errors",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_API[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
