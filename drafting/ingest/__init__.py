"""ingest (``drafting import``): an existing Word or text document to a checked YAML file."""
