"""What a desk sends to its hub: shared by the desk's outbox and the hub's checks."""

# The tables whose rows travel to the hub, in an order that keeps references resolvable
# when a hub rebuilds from scratch. Secrets (identities' passwords, accounts' hashes) and
# desk-local state (watched files, login failures, the outbox itself) stay on the desk.
SYNCED_TABLES = (
    "office",
    "procedures",
    "citizens",
    "dossiers",
    "dossier_events",
    "late_reports",
    "digitized_documents",
    "documents",
    "download_codes",
    "book_entries",
    "book_closings",
    "fees",
    "audit_log",
)
