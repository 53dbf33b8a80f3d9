"""Cells that a spreadsheet will not run: every export and import of training data (reports,
certificates, evaluations, transcripts, cohort files) goes through this one rule."""

# Spreadsheets run a cell starting with one of these as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """`value` as text made inert for a spreadsheet: a leading apostrophe before anything a
    spreadsheet would read as the start of a formula. None becomes an empty cell."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
