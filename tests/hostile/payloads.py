"""Hostile strings, each aimed at one way spec text has turned into code in other generators.

A payload that escaped its context would create the file named by ``MARKER`` in the working
directory of whatever imported the generated package; the tests run imports in a scratch
directory and then look for it. Hostile *names* (keywords, dunders, builtins, the runtime's own
class names, digits, names that collide once converted) are in ``corpus.COLLIDING_NAMES``.
"""

from __future__ import annotations

MARKER = "apiwright-pwned"
_TOUCH = f"__import__('pathlib').Path('{MARKER}').touch()"

PAYLOADS: dict[str, str] = {
    "triple_double_quote": f'"""\n{_TOUCH}\n"""',
    "triple_single_quote": f"'''\n{_TOUCH}\n'''",
    "single_quote_path": f"'+{_TOUCH}+'",
    "double_quote_call": f'"); {_TOUCH}; ("',
    "trailing_backslash": "ends with a backslash \\",
    "backslash_quote": f'\\"""; {_TOUCH} #',
    "escape_sequences": "\\N{BULLET} \\x41 \\u0041 \\0 \\n \\",
    "newline_statement": f"first line\n{_TOUCH}\n# last",
    "carriage_returns": f"a\rb\r\n{_TOUCH}\rc",
    "unicode_line_breaks": f"a\u2028{_TOUCH}\u2029b\x85c\x0bd\x0ce\x1cf",
    "control_characters": "nul\x00bell\x07esc\x1b[31mred\x7fdel",
    "jinja_expression": "{{ ''.__class__.__mro__[1].__subclasses__() }}{{ 7*7 }}",
    "jinja_statement": "{% for x in range(3) %}{{ x }}{% endfor %}{# hidden #}{% raw %}",
    "format_braces": f"{{{_TOUCH}}} {{0.__class__}} {{!r}}",
    "hash_comment": "# type: ignore  # noqa: E501\n# -*- coding: latin-1 -*-",
    "empty": "",
    "very_long": "long " * 400 + "x" * 2000,
    # Accented letters, Greek, fullwidth "import" (NFKC folds it to ASCII), an Arabic digit.
    "non_ascii_identifier": "\u00f1and\u00fa_\u03a9mega_"
    "\uff49\uff4d\uff50\uff4f\uff52\uff54_\u0663",
    "bidi_and_zero_width": "admin\u202e\u2066txt.exe\u200b\ufeff",
    "astral_and_surrogate": "emoji \U0001f600 lone \ud800 end",
    "markup": "<script>alert(1)</script> ```python\nimport os\n``` | a | b |",
    "toml_breakout": f'"\n[tool.evil]\nx = """{_TOUCH}"""',
}
