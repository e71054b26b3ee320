"""The read layer: an OpenAPI document as typed, located, read-only views.

``documents`` loads the files a spec's ``$ref``s reach and follows references; ``operations``
walks paths x methods once and merges parameters once (validation and build both use it);
``views`` are the typed views of schemas, parameters, bodies, media types, responses and
security schemes; ``extension`` reads ``x-apiwright`` into one :class:`Settings`; ``spec``
holds it all for one spec.
"""

from .documents import DocumentSet, Target
from .extension import EXTENSION, Settings, read_settings
from .operations import HTTP_METHODS, OperationView, walk_operations
from .spec import Spec
from .views import (
    Located,
    MediaTypeView,
    ParameterView,
    PartEncoding,
    RequestBodyView,
    ResponseView,
    SchemaView,
    SecuritySchemeView,
)

__all__ = [
    "EXTENSION",
    "HTTP_METHODS",
    "DocumentSet",
    "Located",
    "MediaTypeView",
    "OperationView",
    "ParameterView",
    "PartEncoding",
    "RequestBodyView",
    "ResponseView",
    "SchemaView",
    "SecuritySchemeView",
    "Settings",
    "Spec",
    "Target",
    "read_settings",
    "walk_operations",
]
