"""Numbered schema upgrades: NNNN_name.sql, applied in order, recorded in PRAGMA user_version."""
