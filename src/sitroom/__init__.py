"""sitroom: war and conflict news turned into an evidence-backed situation picture."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sitroom")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
