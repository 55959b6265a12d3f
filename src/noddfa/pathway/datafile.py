"""Reading the packaged YAML data files with their shape checked.

The catalogue, vocabularies and rule sets ship inside the package (``noddfa.pathway.data``) and
are read through ``importlib.resources`` so an installed wheel works the same as a checkout. A
malformed file is a defect in a release, not in a case, so it raises :class:`DataError` at load
time rather than producing a wrong pathway later.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources

import yaml

DATA_PACKAGE = "noddfa.pathway.data"
# LibYAML's parser where PyYAML was built with it (its wheels are): the same safe loading,
# about ten times faster. Every process reads these files as it starts (each command,
# server worker and test process), so the pure-Python parser cost each of them ~0.4 s.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataError(Exception):
    """A packaged data file does not have the shape the engine relies on."""


def read_yaml(filename: str) -> Mapping[str, object]:
    """Parse one packaged YAML file whose top level must be a mapping."""
    resource = resources.files(DATA_PACKAGE).joinpath(filename)
    try:
        loaded: object = yaml.load(resource.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError) as error:
        raise DataError(f"{filename}: cannot be read: {error}") from error
    return mapping(loaded, filename)


def data_filenames() -> list[str]:
    """Names of the files in the data package, sorted."""
    return sorted(entry.name for entry in resources.files(DATA_PACKAGE).iterdir())


def mapping(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
        raise DataError(f"{where}: expected a mapping with text keys")
    return value


def text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"{where}: expected non-empty text")
    return " ".join(value.split())


def optional_text(value: object, where: str) -> str:
    """Text that may be absent; absent becomes the empty string."""
    return "" if value is None else text(value, where)


def texts(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise DataError(f"{where}: expected a list")
    return tuple(text(item, f"{where}[{index}]") for index, item in enumerate(value))


def whole_number(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DataError(f"{where}: expected a whole number")
    return value


def optional_flag(value: object, where: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise DataError(f"{where}: expected true, false or null")
    return value


def member(value: object, allowed: Mapping[str, object], where: str) -> str:
    """A code that must be one of the keys of ``allowed``."""
    code = text(value, where)
    if code not in allowed:
        raise DataError(f"{where}: unknown code {code!r}")
    return code
