"""The hub: the server desks sync to (FastAPI over PostgreSQL, blobs on a filesystem).

`app.create_app` serves the protocol of `counterdesk.sync.protocol`; `cli.main` is the
`counterdesk-hub` command (serve, migrate, issue-code, publish, revoke). FastAPI and
psycopg are imported here and nowhere else in CounterDesk.
"""
