"""A spec with one operation per cell of OpenAPI's style table ("Style Examples", OpenAPI 3.1.1,
section 4.8.12.4): each style, in each location that allows it, with the table's own values (a
string, an array and an object, for a parameter named ``color``), exploded and not. Cells the
table marks n/a are left out.

Cookies are not in the table; ``form`` is their style, and a cookie's pairs are separated by
``; `` where a query's are by ``&``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

VALUES: dict[str, Any] = {
    "primitive": "blue",
    "array": ["blue", "black", "brown"],
    "object": {"R": 100, "G": 200, "B": 150},
}
SCHEMAS: dict[str, dict[str, Any]] = {
    "primitive": {"type": "string"},
    "array": {"type": "array", "items": {"type": "string"}},
    "object": {
        "type": "object",
        "properties": {
            "R": {"type": "integer"},
            "G": {"type": "integer"},
            "B": {"type": "integer"},
        },
        "required": ["R", "G", "B"],
    },
}
# (style, explode) -> the table's row: the serialisation of each value.
TABLE: dict[tuple[str, bool], dict[str, str]] = {
    ("matrix", False): {
        "primitive": ";color=blue",
        "array": ";color=blue,black,brown",
        "object": ";color=R,100,G,200,B,150",
    },
    ("matrix", True): {
        "primitive": ";color=blue",
        "array": ";color=blue;color=black;color=brown",
        "object": ";R=100;G=200;B=150",
    },
    ("label", False): {
        "primitive": ".blue",
        "array": ".blue,black,brown",
        "object": ".R,100,G,200,B,150",
    },
    ("label", True): {
        "primitive": ".blue",
        "array": ".blue.black.brown",
        "object": ".R=100.G=200.B=150",
    },
    ("form", False): {
        "primitive": "color=blue",
        "array": "color=blue,black,brown",
        "object": "color=R,100,G,200,B,150",
    },
    ("form", True): {
        "primitive": "color=blue",
        "array": "color=blue&color=black&color=brown",
        "object": "R=100&G=200&B=150",
    },
    ("simple", False): {
        "primitive": "blue",
        "array": "blue,black,brown",
        "object": "R,100,G,200,B,150",
    },
    ("simple", True): {
        "primitive": "blue",
        "array": "blue,black,brown",
        "object": "R=100,G=200,B=150",
    },
    # As a server reads them: the table's %20 decoded.
    ("spaceDelimited", False): {
        "array": "color=blue black brown",
        "object": "color=R 100 G 200 B 150",
    },
    ("pipeDelimited", False): {
        "array": "color=blue|black|brown",
        "object": "color=R|100|G|200|B|150",
    },
    ("deepObject", True): {"object": "color[R]=100&color[G]=200&color[B]=150"},
}
STYLES = {
    "path": ("simple", "label", "matrix"),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "header": ("simple",),
    "cookie": ("form",),
}


@dataclass(frozen=True)
class Cell:
    location: str
    style: str
    value: str
    explode: bool

    @property
    def name(self) -> str:
        return (
            f"{self.location}_{self.style}_{self.value}_{'exploded' if self.explode else 'joined'}"
        )

    @property
    def path(self) -> str:
        return f"/{self.name}/{{color}}" if self.location == "path" else f"/{self.name}"

    @property
    def expected(self) -> str:
        """What the table says reaches the server (percent-decoded)."""
        text = TABLE[(self.style, self.explode)][self.value]
        return text.replace("&", "; ") if self.location == "cookie" else text


CELLS = tuple(
    Cell(location, style, value, explode)
    for location, styles in STYLES.items()
    for style in styles
    for explode in (False, True)
    for value in VALUES
    if value in TABLE.get((style, explode), {})
)


def _operation(cell: Cell) -> dict[str, Any]:
    parameter = {
        "name": "color",
        "in": cell.location,
        "required": True,
        "style": cell.style,
        "explode": cell.explode,
        "schema": SCHEMAS[cell.value],
        "example": VALUES[cell.value],
    }
    return {
        "get": {
            "operationId": cell.name,
            "parameters": [parameter],
            "responses": {"204": {"description": "done"}},
        }
    }


STYLE_TABLE: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Style table", "version": "1"},
    "servers": [{"url": "https://styles.example.com/v1"}],
    "paths": {cell.path: _operation(cell) for cell in CELLS},
}
