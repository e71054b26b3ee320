"""Stage 3, build: the checked spec (``generator.openapi``) in, the intermediate model out.

``names`` is the naming pass; ``schemas`` and ``classes`` translate schemas, ``operations``
operations, ``security`` security schemes and requirements, ``docs`` documentation text,
``examples`` README examples, ``bulk`` bulk helpers; ``client`` runs them in order.
"""

from .client import Built, build, build_client, distribution_version

__all__ = ["Built", "build", "build_client", "distribution_version"]
