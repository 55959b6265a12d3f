"""Reading person records from CSV, with errors that name the line and the column."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from .identifiers import InvalidValue, parse_partial_date
from .records import PersonRecord

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
    def __init__(self, line: int, message: str, column: str | None = None) -> None:
        where = f"line {line}, column {column}" if column else f"line {line}"
        super().__init__(f"{where}: {message}")
        self.line = line
        self.column = column


def decoded_lines(stream: BinaryIO) -> Iterator[str]:
    """Each physical line as text; a line that is not UTF-8 is reported by its number
    (decoding line by line, not by buffer, so the number is the right one)."""
    for number, raw in enumerate(stream, start=1):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedCsv(number, "not UTF-8 text") from None


def read_people(lines: Iterable[str]) -> Iterator[PersonRecord]:
    """Records from a CSV with a header row; columns beyond the contract are ignored."""
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise MalformedCsv(1, "the file is empty; expected a header row") from None
    except (csv.Error, UnicodeDecodeError) as error:
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
        except (csv.Error, UnicodeDecodeError) as error:
            raise MalformedCsv(reader.line_num + 1, _describe(error)) from None
        line = reader.line_num
        if not row:
            continue
        if len(row) != len(names):
            raise MalformedCsv(line, f"expected {len(names)} fields, found {len(row)}")
        values = {column: row[index].strip() for column, index in where.items()}
        record_id = values["id"]
        if not record_id:
            raise MalformedCsv(line, "empty id", "id")
        if record_id in seen:
            raise MalformedCsv(line, f"duplicate id {record_id!r}", "id")
        seen.add(record_id)
        try:
            born = parse_partial_date(values.get("date_of_birth", ""))
        except InvalidValue as error:
            raise MalformedCsv(line, str(error), "date_of_birth") from None
        yield PersonRecord(
            id=record_id,
            given_name=values.get("given_name", ""),
            family_name=values.get("family_name", ""),
            date_of_birth=born,
            sex=values.get("sex", ""),
            address=values.get("address", ""),
            postcode=values.get("postcode", ""),
            phone=values.get("phone", ""),
            nationality=values.get("nationality", ""),
        )


def _describe(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    return f"not valid CSV ({error})"


def open_csv(path: str) -> BinaryIO:
    """The file as bytes: `decoded_lines` decodes it strictly, line by line."""
    return open(path, "rb")
