"""fastjsonschema code generated from schemas/ (see tools/build_validators.py)."""
