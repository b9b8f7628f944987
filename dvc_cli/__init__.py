"""dvc-cli: a terminal assistant for the commune one-stop-shop desk."""

__version__ = "0.1.0"
