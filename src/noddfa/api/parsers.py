"""JSON for the API, read strictly: an object that names a field twice is refused.

DRF's parser keeps the last of two equal keys, so ``{"age": 15, "age": 30}`` would be read as an
adult. Which one the sender meant cannot be known, so the request is refused instead.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import IO, Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from noddfa.api import problems
from noddfa.pathway import DuplicateKey, refuse_duplicate_keys


class StrictJSONParser(JSONParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        encoding = (parser_context or {}).get("encoding", "utf-8")
        try:
            text = stream.read().decode(encoding)
            return json.loads(text, object_pairs_hook=refuse_duplicate_keys)
        except DuplicateKey as error:
            field = error.key[:60] if error.key.isprintable() else repr(error.key[:60])
            raise problems.invalid_input(
                field, "This field appears more than once in one object; send it once."
            ) from error
        except (ValueError, RecursionError) as error:
            # Never the parser's own message: it may quote the submitted text.
            raise ParseError("JSON parse error - the request body is not valid JSON") from error
