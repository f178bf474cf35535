"""The PDF: the only code that imports WeasyPrint, the attached sources, and `extract`."""
