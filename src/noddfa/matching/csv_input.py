"""Reading person records from CSV: dirty values are repaired or dropped and reported
(`repairs`); only a file that is not CSV or lacks the needed columns is refused."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import BinaryIO

from .records import PersonRecord
from .repairs import (
    DROPPED,
    REPAIRED,
    Reading,
    Repair,
    read_address,
    read_date_of_birth,
    read_name,
    read_phone,
    read_postcode,
    read_sex,
    read_text,
)

COLUMNS = (
    "id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "address",
    "postcode",
    "phone",
    "nationality",
)


class MalformedCsv(ValueError):
    """A file that cannot be read as person records at all: the run stops, and says where."""

    def __init__(self, line: int, message: str, column: str | None = None) -> None:
        where = f"line {line}, column {column}" if column else f"line {line}"
        super().__init__(f"{where}: {message}")
        self.line = line
        self.column = column


# The report's column for a finding about a whole row rather than one value.
WHOLE_ROW = "(row)"


def decoded_lines(stream: BinaryIO, repairs: list[Repair] | None = None) -> Iterator[str]:
    """Each physical line as text, decoding line by line so a number is the right one.

    A line that is not UTF-8 (one record typed in a Windows program) is read as
    Windows-1252, which gives every byte a letter, and reported; a line holding NUL bytes
    is not text at all (a spreadsheet, a UTF-16 file), and stops the run.
    """
    for number, raw in enumerate(stream, start=1):
        if b"\0" in raw:
            raise MalformedCsv(
                number, "not CSV text (it holds NUL bytes: a spreadsheet, or UTF-16?)"
            )
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            if number == 1:
                raise MalformedCsv(number, "not UTF-8 text") from None
            text = raw.decode("cp1252", errors="replace")
            if repairs is not None:
                repairs.append(Repair(number, WHOLE_ROW, "", "", "not UTF-8: read as Windows-1252"))
            yield text


Reader = Callable[[str], Reading]
_TEXT_READERS: dict[str, Reader] = {
    "given_name": lambda text: read_name(text, "given_name"),
    "family_name": lambda text: read_name(text, "family_name"),
    "sex": read_sex,
    "address": read_address,
    "postcode": read_postcode,
    "phone": read_phone,
    "nationality": read_text,
}


def read_people(
    lines: Iterable[str],
    repairs: list[Repair] | None = None,
    today: date | None = None,
) -> Iterator[PersonRecord]:
    """Records from a CSV with a header row; columns beyond the contract are ignored.

    Only a file that is not CSV, or lacks the `id` column and both name columns, stops
    the run (`MalformedCsv`). Anything else is read as far as it can be (`repairs`), each
    value that was not used as given goes into `repairs`, and a row that cannot be one
    person's record (no id, an id seen before, more fields than the header) is left out
    and reported there.
    """
    today = today or date.today()
    found = repairs if repairs is not None else []
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise MalformedCsv(1, "the file is empty; expected a header row") from None
    except csv.Error as error:
        raise MalformedCsv(1, _describe(error)) from None
    names = [h.strip().lstrip("\ufeff") for h in header]
    if "id" not in names:
        raise MalformedCsv(1, "missing column 'id'", "id")
    if "given_name" not in names and "family_name" not in names:
        raise MalformedCsv(1, "needs a 'given_name' or 'family_name' column")
    where = {column: names.index(column) for column in COLUMNS if column in names}
    seen: set[str] = set()
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise MalformedCsv(reader.line_num + 1, _describe(error)) from None
        line = reader.line_num
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) > len(names):
            if any(cell.strip() for cell in row[len(names) :]):
                found.append(
                    Repair(
                        line,
                        WHOLE_ROW,
                        ",".join(row),
                        "",
                        f"{len(row)} fields where the header has {len(names)} (a comma not "
                        "in quotes?): record left out",
                    )
                )
                continue
            row = row[: len(names)]
        elif len(row) < len(names):
            # Exports often leave empty trailing fields off; what is missing is not known.
            row = row + [""] * (len(names) - len(row))
        values = {column: row[index].strip() for column, index in where.items()}
        record_id = values["id"]
        if not record_id:
            found.append(Repair(line, "id", "", "", "no id: record left out"))
            continue
        if record_id in seen:
            found.append(
                Repair(line, "id", record_id, "", "an id already used above: record left out")
            )
            continue
        seen.add(record_id)
        kept: dict[str, str] = {}
        for column, read in _TEXT_READERS.items():
            given = values.get(column, "")
            reading = read(given) if given else Reading("")
            kept[column] = reading.kept
            if reading.why is not None:
                found.append(Repair(line, column, given, reading.kept, reading.why))
        given_date = values.get("date_of_birth", "")
        born, why = read_date_of_birth(given_date, today)
        if why is not None:
            found.append(Repair(line, "date_of_birth", given_date, born.iso() if born else "", why))
        yield PersonRecord(
            id=record_id,
            given_name=kept["given_name"],
            family_name=kept["family_name"],
            date_of_birth=born,
            sex=kept["sex"],
            address=kept["address"],
            postcode=kept["postcode"],
            phone=kept["phone"],
            nationality=kept["nationality"],
        )


def summary(records: int, repairs: Iterable[Repair]) -> str:
    """One line of counts for standard error: no value from the file, only numbers."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for repair in repairs:
        counts[repair.column][repair.outcome] += 1
    read = f"{records:,} record{'' if records == 1 else 's'} read"
    if not counts:
        return f"{read}, every value as given"
    parts = []
    for column in (*COLUMNS, WHOLE_ROW):
        if column not in counts:
            continue
        tally = counts[column]
        said = ", ".join(
            f"{tally[outcome]:,} {outcome}" for outcome in (REPAIRED, DROPPED) if tally[outcome]
        )
        parts.append(f"{'rows' if column == WHOLE_ROW else column} {said}")
    return f"{read}; values not used as given: " + "; ".join(parts)


def _describe(error: Exception) -> str:
    return f"not valid CSV ({error})"


def open_csv(path: str) -> BinaryIO:
    """The file as bytes: `decoded_lines` decodes it strictly, line by line."""
    return open(path, "rb")
