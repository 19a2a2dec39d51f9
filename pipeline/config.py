"""Defaults as named constants, and the Settings a run is given."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_DB_URL = "sqlite:///pks.db"
DEFAULT_SEARCH_LIMIT = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Everything a run needs to know, built once by the CLI and passed down."""

    db_url: str = DEFAULT_DB_URL
    force: bool = False
    fail_fast: bool = False
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
