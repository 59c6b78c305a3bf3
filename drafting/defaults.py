"""Defaults: what a document is taken to say where its YAML says nothing.

Shared by the model (:mod:`drafting.model`) and import (:mod:`drafting.ingest`), so that
``drafting import`` need not load the model for one table. Imports nothing.
"""

from __future__ import annotations

DEFAULT_NUMBERING = {
    "plan": "continuous",
    "summary": "per-section",
    "speech": "per-section",
    "notice": "per-section",
}
"""How tasks are numbered when a document does not say: continuous or per-section."""
