"""pamphlets: essays in, a printable booklet PDF and an EPUB 3 out."""

__version__ = "0.1.0"
