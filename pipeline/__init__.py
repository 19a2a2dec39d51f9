"""pks: ingest Indonesian agreements into a searchable database."""

PIPELINE_VERSION = "0.1.0"
