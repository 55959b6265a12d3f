"""Text that is safe in a spreadsheet cell: the one rule against formula injection (issue 17).

A CSV or XLSX file we write is opened by a person in Excel, LibreOffice or Google Sheets, and
those read a cell that begins with a formula character as a formula, so a nationality or an
id typed as `=HYPERLINK("http://evil","x")` would run on the analyst's machine.

**The rule** (OWASP "CSV Injection"; ASVS 5.0 requirement 1.2.10): a text cell is dangerous
if it begins with `=`, `+`, `-`, `@`, a tab, a carriage return or a NUL, or with any
whitespace followed by `=`, `+`, `-` or `@` (a spreadsheet may trim leading spaces, or read
`" =1"` as a formula on import). A dangerous cell is written with a single quote in front:
the whole value stays, readable (`-Anna` becomes `'-Anna`), and no spreadsheet starts a
formula at a quote. Only text is changed: an `int` or `float` our code computed (a count, a
score, a negative number) is written as the number it is. Quoting of separators, quotes and
line breaks is left to the CSV writer (RFC 4180), which quotes such cells.

**Why a module of its own, at the top of the package.** Both the insights exports (a Django
app) and the matching CLI (`noddfa dedupe`, and `noddfa match`, which reuses its writer) need
the rule. `noddfa.matching` is pure and may import nothing of ours, and the apps may not be
imported by it, so the rule cannot live in an app or in `core`; putting it inside
`noddfa.matching` would make the insights app depend on the matching engine for something
unrelated to matching. So it lives here, in the lowest layer of the import-linter layers
contract (below `pathway | matching`) and under the purity contract: it imports nothing but
the standard library, and anything may import it.
"""

from __future__ import annotations

from collections.abc import Iterable

# A cell beginning with one of these is read as a formula (or, for tab, CR and NUL, may be
# trimmed away by the spreadsheet so that the next character starts one).
_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
# After leading whitespace, only these still start a formula.
_FORMULA = ("=", "+", "-", "@")
QUOTE = "'"

Cell = str | int | float


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet could read this text as the start of a formula."""
    return text.startswith(_STARTS) or text.lstrip().startswith(_FORMULA)


def neutralise(text: str) -> str:
    """The text as a spreadsheet will only ever show it: quoted in front if it is dangerous."""
    return QUOTE + text if is_dangerous(text) else text


def safe_cell(value: Cell) -> Cell:
    """A cell to write: text neutralised, numbers (bool included) left as they are."""
    return neutralise(value) if isinstance(value, str) else value


def safe_row(values: Iterable[Cell]) -> list[Cell]:
    """Every cell of a row through `safe_cell`."""
    return [safe_cell(value) for value in values]
