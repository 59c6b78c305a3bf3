"""Ids that ``drafting import`` derives from a task's wording.

A document typed in Word has no task ids; import gives each task one so that
``summarize`` can write ``plan_ref``. Such an id names the wording, not the task: two
independently imported years give a reworded task two ids, so ``diff`` must not take
differing derived ids for different tasks (:func:`is_derived`).
"""

from __future__ import annotations

import hashlib

from drafting.ingest.patterns import lazy

_YEAR = lazy(r"(?:19|20)\d{2}(?=\s*年)")
_DERIVED = lazy(r"^t-[0-9a-f]{6}(?:-[0-9]+)?$")


def derived_id(wording: str) -> str:
    """Return ``t-`` and 6 hex digits of the hash of ``wording``.

    White space is dropped and years are written as ``#`` ("2024年" → "#年"), so a
    task worded alike next year keeps its id.
    """
    key = _YEAR.sub("#", "".join(wording.split()))
    return "t-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:6]


def is_derived(ident: str | None) -> bool:
    """Return True when ``ident`` has the form :func:`derived_id` gives (repeats ``-2`` …)."""
    return ident is not None and _DERIVED.match(ident) is not None
