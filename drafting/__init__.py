"""drafting: yearly office documents kept as YAML, rendered to GB/T 9704-2012 Word files."""

__version__ = "0.1.0"

__all__ = ["__version__"]
