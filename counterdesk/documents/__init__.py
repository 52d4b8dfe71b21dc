"""PDF building and reading with PyMuPDF: certified copies, receipts, fonts."""
