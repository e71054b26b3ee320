"""apiwright: generate typed Python client packages from OpenAPI 3.0/3.1 documents.

The pipeline, one module per stage, data flowing one way:
``loader`` -> ``validate`` -> ``build`` (typed intermediate model in ``model``) ->
``render`` -> ``formatting`` -> ``output`` (write or check). ``pipeline`` strings them together
and ``cli`` is the command line.
"""

__version__ = "0.1.0"
