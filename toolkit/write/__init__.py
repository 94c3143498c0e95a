"""Every file we write: the canonical template, forms, the control workbook, the report,
the error list, PDF."""
