"""render: a checked document to .docx (docxtpl, then lxml passes), packaged and written; PDF through LibreOffice."""
