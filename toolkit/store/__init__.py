"""What is kept: atomic files, the working folder, the archive and the SQLite ledger."""
