"""Offline first, sync later: the desk's outbox and its client (desk side), and the hub
server (`counterdesk.sync.hub`). The wire protocol is in `protocol.py`."""
