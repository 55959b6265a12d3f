"""Finishing touches to the OpenAPI schema that drf-spectacular cannot infer."""

from __future__ import annotations

from typing import Any

# Every text field refuses the NUL character (DRF's CharField validator, and PostgreSQL cannot
# store it), so the schema says so: a client reading it, or a generator such as Schemathesis,
# then knows such a value will be refused rather than finding out from a 400.
WITHOUT_NUL = "^[^\\u0000]*$"


def _mark_text(node: Any) -> None:
    if isinstance(node, dict):
        plain_text = (
            node.get("type") == "string"
            and not {"enum", "format", "pattern"} & node.keys()
            and not node.get("readOnly")
        )
        if plain_text:
            node["pattern"] = WITHOUT_NUL
        for value in node.values():
            _mark_text(value)
    elif isinstance(node, list):
        for value in node:
            _mark_text(value)


def text_refuses_nul(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Mark every writable plain text field of the request bodies as refusing NUL."""
    for schema in result.get("components", {}).get("schemas", {}).values():
        _mark_text(schema)
    return result
