"""Allow `python -m dvc_cli`."""

from dvc_cli.app import main

main()
