"""What people type in Vietnamese workbooks: text, legacy fonts, numbers, dates, targets."""
