"""CounterDesk: desk software for Vietnamese commune one-stop counters."""

__version__ = "0.1.0"
