"""The data folder: one SQLite database (WAL) and a content-addressed blob store."""
