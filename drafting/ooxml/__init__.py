"""ooxml: reading .docx packages that may be hostile, their namespaces, styles and text."""
