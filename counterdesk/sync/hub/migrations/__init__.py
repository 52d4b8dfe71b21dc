"""The hub's PostgreSQL schema, as numbered SQL files applied in order (`hub.db.migrate`)."""
