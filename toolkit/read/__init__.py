"""Everything read from outside: spreadsheets, the canonical workbook, returns, the inbox."""
