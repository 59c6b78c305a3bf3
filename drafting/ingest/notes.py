"""The import report: every note ``recognise`` makes is a Diagnostic with a stable code.

Nothing is dropped silently: each line import leaves out, each change it makes and each
doubt it has is reported at its line (paragraph) of the source, column 1; a note about
the whole file is placed at line 1 and listed after the others.

==========================  ========  ==================================================
code                        severity  what
==========================  ========  ==================================================
``import-clutter``          说明      a line of web-page furniture was deleted (before the
                                      title, in the head, in the body, or at the end), a
                                      page's Markdown marks were taken off, or the 等
                                      closing a unit list was not written as a unit
``import-bookmark``         说明      a ``[bookmark: …]`` mark of Word was deleted
``import-part-chosen``      说明      one document of a page of several was chosen
``import-lead-first``       说明      "列第一位的为牵头单位": each task's first unit leads
``import-responsibility``   说明      a note without labels ("X牵头，Y按职责分工负责") was read
                                      as the task's lead and units, or a heading naming the
                                      lead ("X牵头工作(8项)") as the lead of its tasks
``import-attachment-page``  说明      the attachment page (label, title, table) is skipped
``import-full-width``       说明      half-width punctuation next to Chinese made full-width
``import-notice``           说明      a line of the notice wrapping the document (its title,
                                      文号, 主送, issuing sentence, 此件公开) was taken
``import-repeated``         说明      a line the site printed twice (title, introduction) was
                                      removed; the copy kept is named
``import-toc``              说明      a 目录 block (table of contents) was dropped
``import-page-marker``      说明      a page marker of a document site was dropped
``import-joined``           说明      hard-wrapped lines were joined
``import-split``            说明      run-together text was split before its outline numbers
``import-table-header``     说明      a task table's header row was read as its columns' meaning
``import-page-furniture``   说明      a PDF's page number or running header/footer was dropped
``import-attachment``       警告      an attachment that drafting does not generate
``import-numbering``        警告      an outline number out of sequence (kept, not renumbered),
                                      or a run restarted under a heading read as a lower
                                      level (一、 as groups, "1. 2." as a task's items)
``import-no-section``       警告      a numbered task before any first-level heading
``import-no-group-title``   警告      tasks before a section's first （一） (a page cut in
                                      mid-document) were put in a group titled ××
``import-no-speaker``       警告      a speech without a speaker line (written as ×××)
``import-unread``           警告      content outside the body (text box, footnote, comment)
``import-year-guessed``     警告      no year in the title, date line or 文号: a year was guessed
``import-year-from-text``   警告      a summary-and-plan's year is the one its text opens with,
                                      not its title's (the next year, of the plan); a
                                      speech's is the one it dates itself by (第28个教师节),
                                      not its title's (a site's)
``import-placeholder``      警告      a placeholder (××, ***, 20xx, XX, ＿＿, [学校名称]) to fill in
``import-left-out``         警告      a field that cannot be made valid was left out
``import-title``            警告      the title is doubtful, or a possible title was not used,
                                      or a title naming no kind left the kind to the body's
                                      words (a speaker's, a report's)
==========================  ========  ==================================================

When the result does not pass ``drafting check`` in a field import cannot leave out
(title, year, sections …), the import fails with the check's errors and an error
``import-fix-source`` at the source line to fix.

A page of several documents without ``--part`` (or with one it does not hold) is no note
but an error, :class:`~drafting.errors.PartError` (code ``import-part``).
"""

from __future__ import annotations

from drafting.diagnostics import Diagnostic, Severity

CLUTTER = "import-clutter"
BOOKMARK = "import-bookmark"
PART_CHOSEN = "import-part-chosen"
LEAD_FIRST = "import-lead-first"
RESPONSIBILITY = "import-responsibility"
ATTACHMENT_PAGE = "import-attachment-page"
FULL_WIDTH = "import-full-width"
ATTACHMENT = "import-attachment"
NUMBERING = "import-numbering"
NO_SECTION = "import-no-section"
NO_GROUP_TITLE = "import-no-group-title"
NO_SPEAKER = "import-no-speaker"
UNREAD = "import-unread"
NOTICE = "import-notice"
REPEATED = "import-repeated"
TOC = "import-toc"
PAGE_MARKER = "import-page-marker"
JOINED = "import-joined"
SPLIT = "import-split"
TABLE_HEADER = "import-table-header"
PAGE_FURNITURE = "import-page-furniture"
YEAR_GUESSED = "import-year-guessed"
YEAR_FROM_TEXT = "import-year-from-text"
PLACEHOLDER = "import-placeholder"
LEFT_OUT = "import-left-out"
TITLE = "import-title"
FIX_SOURCE = "import-fix-source"

CODES = {
    CLUTTER: Severity.INFO,
    BOOKMARK: Severity.INFO,
    PART_CHOSEN: Severity.INFO,
    LEAD_FIRST: Severity.INFO,
    RESPONSIBILITY: Severity.INFO,
    ATTACHMENT_PAGE: Severity.INFO,
    FULL_WIDTH: Severity.INFO,
    ATTACHMENT: Severity.WARNING,
    NUMBERING: Severity.WARNING,
    NO_SECTION: Severity.WARNING,
    NO_GROUP_TITLE: Severity.WARNING,
    NO_SPEAKER: Severity.WARNING,
    UNREAD: Severity.WARNING,
    NOTICE: Severity.INFO,
    REPEATED: Severity.INFO,
    TOC: Severity.INFO,
    PAGE_MARKER: Severity.INFO,
    JOINED: Severity.INFO,
    SPLIT: Severity.INFO,
    TABLE_HEADER: Severity.INFO,
    PAGE_FURNITURE: Severity.INFO,
    YEAR_GUESSED: Severity.WARNING,
    YEAR_FROM_TEXT: Severity.WARNING,
    PLACEHOLDER: Severity.WARNING,
    LEFT_OUT: Severity.WARNING,
    TITLE: Severity.WARNING,
    FIX_SOURCE: Severity.ERROR,
}
"""Every code of the import report, with its severity."""


class Notes:
    """The notes of one import, collected in the order they are made."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._made: list[tuple[int, str, str]] = []

    def add(self, line: int, code: str, message: str) -> None:
        """Note ``message`` under ``code`` at source line ``line`` (0: the whole file)."""
        self._made.append((line, code, message))

    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Return the notes as diagnostics in report order: by line, whole-file notes last."""
        ordered = sorted(self._made, key=lambda note: note[0] or 10**9)
        return tuple(
            Diagnostic(self.path, line or 1, 1, CODES[code], code, message)
            for line, code, message in ordered
        )


def clip(text: str, size: int = 30) -> str:
    """Return ``text`` cut to ``size`` characters, with … where it was cut."""
    return text if len(text) <= size else text[:size] + "…"
