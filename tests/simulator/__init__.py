"""Local HTTP simulator of HubSpot's CRM v3 association batch-create endpoint, for tests."""

from .faults import Fault, FaultKind, RateLimit
from .server import (
    KNOWN_ASSOCIATION_TYPES,
    AssociationKey,
    EchoServer,
    HubSpotSimulator,
    RecordedRequest,
    canonical_object_type,
    inverse_association_type,
    parse_batch_body,
)

__all__ = [
    "KNOWN_ASSOCIATION_TYPES",
    "AssociationKey",
    "EchoServer",
    "Fault",
    "FaultKind",
    "HubSpotSimulator",
    "RateLimit",
    "RecordedRequest",
    "canonical_object_type",
    "inverse_association_type",
    "parse_batch_body",
]
