"""Fixed, realistic batch-create bodies for the runtime benchmarks (shapes from the simulator)."""

from __future__ import annotations

from typing import Any

from tests.simulator.bodies import batch_response, encode_json, standard_error

ASSOCIATION_TYPE = "contact_to_company"
STARTED_AT = "2025-08-21T18:15:15.087Z"
COMPLETED_AT = "2025-08-21T18:15:15.142Z"


def association(index: int) -> dict[str, Any]:
    return {
        "from": {"id": str(53628 + index)},
        "to": {"id": str(12726 + index)},
        "type": ASSOCIATION_TYPE,
    }


def created_body(results: int) -> bytes:
    """A 201 body: every input created."""
    return encode_json(
        batch_response([association(i) for i in range(results)], STARTED_AT, COMPLETED_AT)
    )


def partial_body(results: int, errors: int) -> bytes:
    """A 207 body: ``results`` associations created and ``errors`` inputs refused."""
    refused = []
    for index in range(errors):
        error = standard_error(
            "OBJECT_NOT_FOUND",
            f"No contact with id {900000 + index} exists",
            {"ids": [str(900000 + index)], "objectType": ["contacts"]},
        )
        error["errors"] = [
            {
                "message": "The record does not exist",
                "code": "OBJECT_NOT_FOUND",
                "in": "from",
                "context": {"id": [str(900000 + index)]},
            }
        ]
        error["subCategory"] = {"reason": "UNKNOWN_ID"}
        refused.append(error)
    return encode_json(
        batch_response([association(i) for i in range(results)], STARTED_AT, COMPLETED_AT, refused)
    )
