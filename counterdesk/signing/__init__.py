"""Signing identities, PAdES signing and verification; the only home of pyHanko."""
