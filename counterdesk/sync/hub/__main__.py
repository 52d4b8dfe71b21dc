"""python -m counterdesk.sync.hub: the same as the `counterdesk-hub` command."""

from counterdesk.sync.hub.cli import main

main()
