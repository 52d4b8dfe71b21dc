"""Pure rules and records: fees, book numbering, dossier codes, Vietnamese wording.

Nothing here does I/O; rules take their data (tariffs, templates) as arguments.
"""
