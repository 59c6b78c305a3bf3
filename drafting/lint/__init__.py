"""lint: any .docx checked against GB/T 9704-2012, paragraph by paragraph."""
