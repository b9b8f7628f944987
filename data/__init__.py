"""Shipped data files (the procedure catalogue); installed as the package `dvc_cli.data`."""
