"""The documents of the request-conformance test, each generated once per session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from tests.conformance.style_table import STYLE_TABLE
from tests.conftest import SHARED_SPECS

# key -> the document's file in ../shared/specs, or None for one of ours written at run time.
DOCUMENTS: dict[str, str | None] = {
    "style_table": None,
    "opc_30": "opc-baseline_openapi_3.0.json",
    "opc_31": "opc-baseline_openapi_3.1.yaml",
    "opc_31_specific": "opc-3.1_specific.openapi.yaml",
    "opc_31_enums": "opc-openapi_3.1_enums.yaml",
    "twilio_v2010": "twilio_api_v2010.json",
}


def read_document(key: str) -> dict[str, Any] | None:
    """The document as data, or None when ../shared/specs is absent."""
    file_name = DOCUMENTS[key]
    if file_name is None:
        return STYLE_TABLE
    path = SHARED_SPECS / file_name
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    return data


def document_path(key: str, directory: Path) -> Path:
    file_name = DOCUMENTS[key]
    if file_name is not None:
        return SHARED_SPECS / file_name
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "style-table.yaml"
    path.write_text(yaml.safe_dump(STYLE_TABLE, sort_keys=False), encoding="utf-8")
    return path
