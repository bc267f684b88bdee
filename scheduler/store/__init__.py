"""The store: SQLModel tables (``models``) and the engine with its transactions (``engine``)."""

from scheduler.store.engine import database_url, default_db_path, open_engine, transaction

__all__ = ["database_url", "default_db_path", "open_engine", "transaction"]
