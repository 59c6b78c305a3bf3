"""drafting: yearly office documents kept as YAML, rendered to GB/T 9704-2012 Word files."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("drafting")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+checkout"

__all__ = ["__version__"]
