"""What real documents do that the generator must take (issue #13): each finding that cannot
change the client is a located warning and the client is generated, imports and works."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import SpecError
from tests.generality.harness import Generated, generate, write_spec


def _generate(tmp_path: Path, spec: str, package: str, **files: str) -> Generated:
    directory = tmp_path / "spec"
    for name, text in files.items():
        write_spec(directory, text, name.replace("__", "/").replace("_yaml", ".yaml"))
    return generate(write_spec(directory, spec), tmp_path / "out", package)


def _warning_at(generated: Generated, text: str) -> str:
    found = [warning for warning in generated.warnings if text in warning]
    assert len(found) == 1, generated.warnings
    return found[0]


REPEATS = """\
openapi: 3.1.0
info: {title: Repeats, version: "1"}
paths:
  /languages:
    get:
      operationId: listLanguages
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Language"}
components:
  schemas:
    Language:
      type: object
      required: [code, name, code]
      properties:
        code:
          type: string
          enum: [en, fr, en]
        name: {type: string}
"""


def test_repeated_enum_values_and_required_names_are_located_warnings(tmp_path: Path) -> None:
    generated = _generate(tmp_path, REPEATS, "repeats_client")
    assert _warning_at(generated, "enum lists 'en' more than once").startswith(
        "spec.yaml:21:26: enum lists 'en' more than once; the repeat is ignored "
        "(at #/components/schemas/Language/properties/code/enum/2)"
    )
    assert _warning_at(generated, "required lists 'code' more than once").startswith(
        "spec.yaml:17:30:"
    )
    models = generated.module("models")
    assert models.Language.from_dict({"code": "en", "name": "English"}).code.value == "en"


REFS_IN_DATA = """\
openapi: 3.0.3
info: {title: Data, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - name: filter
          in: query
          schema: {type: object, default: {$ref: "https://example.com/default"}}
          example: {$ref: "https://example.com/parameter-example"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Item"}
              examples:
                one: {$ref: "#/components/examples/Member"}
components:
  examples:
    Member:
      value: {members: [{$ref: "https://api.example.com/Users/1", value: "1"}]}
  schemas:
    Item:
      type: object
      x-sample: {$ref: "https://example.com/extension"}
      properties:
        default: {$ref: "#/components/schemas/Payload"}
        kind: {type: object, enum: [{$ref: "nowhere"}]}
    Payload:
      type: object
      example: {$ref: "https://example.com/example"}
      properties:
        ref: {type: string}
"""


def test_ref_shaped_keys_inside_data_are_data(tmp_path: Path) -> None:
    generated = _generate(tmp_path, REFS_IN_DATA, "data_refs_client")
    models = generated.module("models")
    item = models.Item.from_dict({"default": {"ref": "x"}})
    assert item.default.ref == "x"


def test_a_property_named_like_a_data_keyword_is_still_a_schema(tmp_path: Path) -> None:
    dangling = REFS_IN_DATA.replace(
        'default: {$ref: "#/components/schemas/Payload"}',
        'default: {$ref: "https://example.com/remote"}',
    )
    with pytest.raises(SpecError, match="remote \\$ref"):
        _generate(tmp_path, dangling, "data_refs_remote")


SPLIT_ROOT = """\
openapi: 3.0.3
info: {title: Split, version: "1"}
servers: [{url: "https://example.com"}]
paths:
  /keys/{key_id}:
    get:
      $ref: "resources/keys_get.yml"
"""
SPLIT_OPERATION = """\
operationId: getKey
parameters:
  - $ref: "parameters.yml#/key_id"
responses:
  "200":
    description: ok
    content:
      application/json:
        schema:
          type: object
          properties:
            $ref: "attributes.yml#/key"
"""
SPLIT_PARAMETERS = """\
key_id:
  name: key_id
  in: path
  required: true
  schema: {type: integer}
"""
SPLIT_ATTRIBUTES = """\
key:
  id: {type: integer}
  fingerprint: {type: string}
"""


def test_an_operation_in_another_file_with_its_path_parameter_in_a_third(
    tmp_path: Path,
) -> None:
    directory = tmp_path / "spec"
    write_spec(directory / "resources", SPLIT_OPERATION, "keys_get.yml")
    write_spec(directory / "resources", SPLIT_PARAMETERS, "parameters.yml")
    write_spec(directory / "resources", SPLIT_ATTRIBUTES, "attributes.yml")
    generated = generate(write_spec(directory, SPLIT_ROOT), tmp_path / "out", "split_client")
    package = generated.import_package()
    signature = package.SplitClient.get_key.__annotations__
    assert signature["key_id"] == "int"
    models = generated.module("models")
    response_model = next(
        getattr(models, name) for name in models.__all__ if name.startswith("GetKey")
    )
    assert response_model.from_dict({"id": 3, "fingerprint": "ab"}).fingerprint == "ab"


RECURSIVE = """\
openapi: 3.1.0
info: {title: Trees, version: "1"}
paths:
  /errors:
    get:
      operationId: getErrors
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/ErrorDetails"}
  /nested:
    get:
      operationId: getNested
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Nested"}
components:
  schemas:
    ErrorDetails:
      oneOf:
        - type: object
          additionalProperties: {$ref: "#/components/schemas/ErrorDetails"}
        - $ref: "#/components/schemas/InnerErrors"
    InnerErrors:
      type: object
      required: [_errors]
      properties:
        _errors: {type: array, items: {type: string}}
    Nested:
      type: array
      items: {$ref: "#/components/schemas/Nested"}
"""


def test_recursive_maps_and_arrays_are_recursive_types_without_a_warning(
    tmp_path: Path,
) -> None:
    generated = _generate(tmp_path, RECURSIVE, "recursive_trees")
    assert not [w for w in generated.warnings if "ErrorDetails" in w or "Nested" in w]
    models = generated.module("models")
    assert models.ErrorDetails == "dict[str, ErrorDetails] | InnerErrors"
    assert models.Nested == "list[Nested]"
    client = generated.module("_client")
    (sync_name,) = [n for n in client.__all__ if n.endswith("Client") and "Async" not in n]
    signature = inspect.signature(getattr(client, sync_name).get_errors)
    assert signature.return_annotation == "ErrorDetails"


PLAIN = """\
openapi: 3.0.3
info: {title: Plain, version: "1"}
paths:
  /text:
    get:
      operationId: getText
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: string}
        "404":
          description: missing
          content:
            application/json:
              schema: {type: string}
  /count:
    get:
      operationId: getCount
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: integer}
        "404":
          description: missing
          content:
            application/json:
              schema: {type: string}
"""


def test_plain_string_response_and_error_bodies_import(tmp_path: Path) -> None:
    generated = _generate(tmp_path, PLAIN, "plain_bodies")
    client_module = generated.module("_client")
    (sync_name,) = [n for n in client_module.__all__ if n.endswith("Client") and "Async" not in n]
    client = getattr(client_module, sync_name)
    assert inspect.signature(client.get_text).return_annotation == "str"
    assert inspect.signature(client.get_count).return_annotation == "int"


UPSTREAM = """\
openapi: 3.0.3
info: {title: Upstream, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      type: object
      properties:
        name:
          type: object
          properties:
            first: {type: strin}
"""


def test_an_upstream_finding_inside_a_schema_is_located_at_its_value(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as raised:
        _generate(tmp_path, UPSTREAM, "upstream_located")
    assert raised.value.one_line().startswith(
        "spec.yaml:12:27: invalid OpenAPI document: "
    ), raised.value.one_line()
    assert "(at #/components/schemas/Pet/properties/name/properties/first/type)" in (
        raised.value.one_line()
    )


def test_a_schema_ref_to_nothing_is_any_with_a_located_warning(tmp_path: Path) -> None:
    spec = Path(__file__).with_name("missing_component.yaml")
    generated = generate(spec, tmp_path / "out", "dangling_client")
    assert _warning_at(generated, "points at nothing").startswith(
        "missing_component.yaml:14:23: $ref '#/components/schemas/Nowhere' points at nothing; "
        "the value is typed Any (at #/paths/~1things/get/responses/200/content/"
        "application~1json/schema/$ref)"
    )
    client = generated.module("_client")
    assert "-> _t.Any" in Path(client.__file__).read_text()


def test_a_ref_to_nothing_outside_a_schema_is_still_an_error(tmp_path: Path) -> None:
    text = Path(__file__).with_name("missing_component.yaml").read_text()
    broken = text.replace('        "200":\n', '        "200":\n          $ref: "#/nothing"\n')
    with pytest.raises(SpecError, match="points at nothing"):
        _generate(tmp_path, broken, "dangling_response")


DISCRIMINATED = """\
openapi: 3.0.3
info: {title: Pets, version: "1"}
paths:
  /pets:
    get:
      operationId: getPet
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
                discriminator:
                  propertyName: kind
                  mapping: {cat: Cat, dog: "#/components/schemas/Dog"}
components:
  schemas:
    Cat:
      type: object
      required: [kind]
      properties: {kind: {type: string}, purrs: {type: boolean}}
    Dog:
      type: object
      required: [kind]
      properties: {kind: {type: string}, barks: {type: boolean}}
"""


def test_a_discriminator_mapping_may_name_a_schema(tmp_path: Path) -> None:
    generated = _generate(tmp_path, DISCRIMINATED, "discriminated_pets")
    models = generated.module("models")
    client = generated.module("_client")
    operation = client._OP_GET_PET
    cat = operation.responses["200"].decode({"kind": "cat", "purrs": True})
    assert isinstance(cat, models.Cat)
    assert isinstance(operation.responses["200"].decode({"kind": "dog"}), models.Dog)


MANY_NAMES = """\
openapi: 3.0.3
info: {title: Names, version: "1"}
paths:
  /things:
    get:
      operationId: getThings
      description: 'Ends with a quoted link that black would pad: see "[HTTP verbs](https://docs.github.com/rest/overview/resources-in-the-rest-api#http-verbs)."'
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
%s
"""


def test_renamed_classes_and_quoted_docstrings_pass_ruff(tmp_path: Path) -> None:
    # Twelve inline enums named from their properties p0 ... p11, which ruff sorts naturally
    # (...P2 before ...P10) in imports and __all__; a description ending in a quote.
    properties = "\n".join(
        f"                  p{index}: {{title: Mode, type: string, enum: [a{index}, b]}}"
        for index in range(12)
    )
    generated = _generate(tmp_path, MANY_NAMES % properties, "many_names")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", str(generated.root)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


SAME_INLINE = """\
openapi: 3.0.3
info: {title: Fields, version: "1"}
paths:
%s
"""
OPERATION = """\
  /%(name)s:
    get:
      operationId: %(name)s
      parameters:
        - name: opt_fields
          in: query
          schema: {type: array, items: {type: string, enum: [name, email]}}
      responses:
        "204": {description: done}
"""


def test_identical_inline_schemas_are_one_class(tmp_path: Path) -> None:
    paths = "".join(OPERATION % {"name": name} for name in ("getUsers", "getTeams", "getTasks"))
    generated = _generate(tmp_path, SAME_INLINE % paths, "same_inline")
    assert not [w for w in generated.warnings if "renamed" in w], generated.warnings
    models = generated.module("models")
    enums = [name for name in models.__all__ if "OptFields" in name]
    assert enums == ["OptFieldsItem"], models.__all__


STATUS_ERROR_ONLY = """\
openapi: 3.0.3
info: {title: Status errors, version: "1"}
servers: [{url: "https://x.example"}]
paths:
  /p:
    get:
      operationId: getP
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: string}
        "400":
          description: bad
          content:
            application/json:
              schema: {$ref: "#/components/schemas/BadInput"}
        default:
          description: other
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Other"}
components:
  schemas:
    BadInput: {type: object, properties: {why: {type: string}}}
    Other: {type: object, properties: {what: {type: string}}}
"""


def test_a_model_used_only_by_an_error_status_is_imported_by_the_client(tmp_path: Path) -> None:
    # DigitalOcean's NfsApiError: named only in a 400's reader, it must still be imported.
    generated = _generate(tmp_path, STATUS_ERROR_ONLY, "status_errors")
    client_module = generated.module("_client")
    assert client_module.BadInput.__name__ == "BadInput"
