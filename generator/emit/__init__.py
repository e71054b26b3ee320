"""The printer: every piece of Python text the IR does not spell itself, laid out for black.

``layout`` lays out brackets by length as black leaves them; ``models`` prints model fields and
the generated decoders and encoders; ``operations`` signatures, call arguments and operation
descriptors; ``client`` the client module's settings; ``imports`` decides each module's imports
from the types the module uses (data, not text); ``split`` decides how a large client and its
fake are spread over modules, and ``modules`` gives each such module's view (what it defines,
what it imports). Templates receive the views defined here.
"""
