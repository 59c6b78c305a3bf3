"""scaffold (``drafting new``): an office's repository, with editor and CI settings."""
