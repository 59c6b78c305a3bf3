"""``drafting serve``: a local web app (Starlette) for editing, checking and previewing documents."""
