"""newsfacet: full-text search with facets for news clippings."""

__version__ = "0.1.0"
