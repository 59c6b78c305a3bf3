"""cycle: the yearly cycle over checked documents: rollover, summary skeleton, diff and task ledger."""
