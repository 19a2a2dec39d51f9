"""``python -m pipeline`` runs the ``pks`` command."""

from pipeline.cli import cli

cli()
