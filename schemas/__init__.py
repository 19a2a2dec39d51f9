"""Typed records, database models, migrations and the export's JSON Schema."""
