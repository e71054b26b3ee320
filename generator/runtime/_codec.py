"""Model base class, codecs and sentinels shared by every generated model.

A model is a dataclass plus a table of fields (attribute, wire name, codec, required);
the functions here read that table, so each generated model stays a short declaration.
"""

from __future__ import annotations

import base64
import contextvars
import dataclasses
import datetime as _dt
import enum
import logging
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, NamedTuple, TypeVar, final

if TYPE_CHECKING:
    import uuid as _uuid

__all__ = ["UNSET", "DecodeError", "SchemaMismatch", "Unset"]

T = TypeVar("T")
M = TypeVar("M", bound="Model")

_PACKAGE = __name__.rpartition(".")[0]
_logger = logging.getLogger(_PACKAGE)
# Set while a payload is decoded strictly (``strict_response_validation=True``, or
# ``from_dict(..., strict=True)``): a mismatch in an optional property then raises.
# Read only when a mismatch is found, so the common path never pays for it.
_STRICT: contextvars.ContextVar[bool] = contextvars.ContextVar(
    f"{_PACKAGE}_strict_decoding", default=False
)
# The field-by-field decoder's failures in the payload being decoded (see ``fallback``),
# per context: a nested payload's identity -> (the payload, the model, strict or not,
# the error).
_FAILURES: contextvars.ContextVar[
    dict[int, tuple[object, type[Any], bool, DecodeError]] | None
] = contextvars.ContextVar(f"{_PACKAGE}_decode_failures", default=None)


@final
class Unset:
    """The type of :data:`UNSET`: a field or argument that was not given at all (not
    ``None``).
    """

    _instance: ClassVar[Unset | None] = None

    def __new__(cls) -> Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "UNSET"


UNSET = Unset()


class DecodeError(ValueError):
    """A payload does not match its schema; ``location`` says where, as a JSON path."""

    def __init__(self, message: str, location: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.reason = message
        self.location = location

    def within(self, step: str | int) -> DecodeError:
        return DecodeError(self.reason, (step, *self.location))

    def __str__(self) -> str:
        path = "$" + "".join(
            f"[{step}]" if isinstance(step, int) else f".{step}"
            for step in self.location
        )
        return f"{path}: {self.reason}"


class SchemaMismatch(NamedTuple):
    """A value of the wrong type in a property the schema marks optional.

    Decoding reads such a property as absent (:data:`UNSET`) rather than losing the
    whole response; the value received is kept here, and ``to_dict()`` writes it back
    while the property is still unset.
    """

    wire_name: str
    """The property's name in the payload."""
    value: Any
    """The value as received (JSON: dicts, lists, scalars)."""
    reason: str
    """What was wrong, with the path inside the property, e.g.
    ``$.context: expected an object, got str``."""


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


class Codec(Generic[T]):
    """Reads a JSON value into a Python value and writes it back, losslessly."""

    def decode(self, value: object) -> T:
        raise NotImplementedError

    def encode(self, value: T) -> object:
        raise NotImplementedError

    def decoder(self) -> Callable[[object], T]:
        """The cheapest callable that decodes; containers call it once per item."""
        return self.decode


class _Str(Codec[str]):
    def decode(self, value: object) -> str:
        if type(value) is str:
            return value
        raise DecodeError(f"expected a string, got {_kind(value)}")

    def encode(self, value: str) -> object:
        return value


class _Int(Codec[int]):
    def decode(self, value: object) -> int:
        if type(value) is int:
            return value
        raise DecodeError(f"expected an integer, got {_kind(value)}")

    def encode(self, value: int) -> object:
        return value


class _Float(Codec[float]):
    def decode(self, value: object) -> float:
        if type(value) is float or type(value) is int:
            return value
        raise DecodeError(f"expected a number, got {_kind(value)}")

    def encode(self, value: float) -> object:
        return value


class _Bool(Codec[bool]):
    def decode(self, value: object) -> bool:
        if type(value) is bool:
            return value
        raise DecodeError(f"expected a boolean, got {_kind(value)}")

    def encode(self, value: bool) -> object:
        return value


class _Any(Codec[Any]):
    def decode(self, value: object) -> Any:
        return value

    def encode(self, value: Any) -> object:
        return value.to_dict() if isinstance(value, Model) else value


class _Object(Codec[dict[str, Any]]):
    def decode(self, value: object) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        raise DecodeError(f"expected an object, got {_kind(value)}")

    def encode(self, value: dict[str, Any]) -> object:
        return value


_DATETIME = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)"
    r"(?:\.(\d+))?([Zz]|[+-]\d\d:?\d\d)?\Z"
)


class WireDateTime(_dt.datetime):
    """A timezone-aware datetime that remembers the exact text it was read from.

    Re-encoding an unchanged value gives back that text, so a payload round-trips
    byte for byte
    even when the server's formatting (fraction digits, ``Z`` or ``+00:00``) differs
    from ours.
    """

    __slots__ = ("wire_text",)
    wire_text: str


# The shape nearly every server sends, which datetime.fromisoformat reads as the
# general path below would (any doubt, a ValueError included, takes that path): fields
# in range, a fraction of 3 or 6 digits, an explicit offset. Python 3.10 reads no "Z".
_COMMON_DATETIME = re.compile(
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-[0-9][0-9]T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(?:\.[0-9]{3}(?:[0-9]{3})?)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])\Z"
)


class _DateTime(Codec[_dt.datetime]):
    def decode(self, value: object) -> _dt.datetime:
        if type(value) is not str:
            raise DecodeError(f"expected a date-time string, got {_kind(value)}")
        if _COMMON_DATETIME.match(value) is not None:
            try:
                common = WireDateTime.fromisoformat(
                    value[:-1] + "+00:00" if value[-1] == "Z" else value
                )
            except ValueError:
                pass
            else:
                common.wire_text = value
                return common
        match = _DATETIME.match(value)
        if match is None:
            raise DecodeError(f"not an RFC 3339 date-time: {value[:40]!r}")
        year, month, day, hour, minute, second, fraction, offset = match.groups()
        tz = _dt.timezone.utc
        if offset and offset not in ("Z", "z"):
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            tz = _dt.timezone(
                sign * _dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            )
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        try:
            result = WireDateTime(
                int(year),
                int(month),
                int(day),
                int(hour),
                int(minute),
                min(int(second), 59),
                micro,
                tz,
            )
        except ValueError as exc:
            raise DecodeError(f"invalid date-time {value[:40]!r}: {exc}") from None
        result.wire_text = value
        return result

    def encode(self, value: _dt.datetime) -> object:
        wire_text = getattr(value, "wire_text", None)
        if wire_text is not None and type(value) is WireDateTime:
            return wire_text
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        text = value.isoformat(
            timespec="milliseconds" if value.microsecond % 1000 == 0 else "microseconds"
        )
        return text[:-6] + "Z" if text.endswith("+00:00") else text


class _Date(Codec[_dt.date]):
    def decode(self, value: object) -> _dt.date:
        if type(value) is not str:
            raise DecodeError(f"expected a date string, got {_kind(value)}")
        try:
            return (
                _dt.date.fromisoformat(value) if len(value) == 10 else _fail_date(value)
            )
        except ValueError:
            raise DecodeError(f"not an RFC 3339 date: {value[:40]!r}") from None

    def encode(self, value: _dt.date) -> object:
        return value.isoformat()


def _fail_date(value: str) -> _dt.date:
    raise ValueError(value)


class _Uuid(Codec["_uuid.UUID"]):
    def decode(self, value: object) -> _uuid.UUID:
        import uuid as _uuid  # imported on first use: most APIs have no uuid fields

        if type(value) is not str:
            raise DecodeError(f"expected a UUID string, got {_kind(value)}")
        try:
            result = _uuid.UUID(value)
        except ValueError:
            raise DecodeError(f"not a UUID: {value[:40]!r}") from None
        canonical = str(result)
        if canonical == value:
            return result
        # UUIDs are case-insensitive (RFC 9562), so an upper-case one is the same
        # value; it keeps its text so that re-encoding it gives back what came.
        if canonical != value.lower():
            raise DecodeError(f"UUID not in canonical form: {value[:40]!r}")
        received = _wire_uuid_class()(value)
        # UUIDs refuse attribute assignment; the subclass has a __dict__ to hold it.
        received.__dict__["wire_text"] = value
        return received

    def encode(self, value: _uuid.UUID) -> object:
        wire_text = getattr(value, "wire_text", None)
        if wire_text is not None and type(value) is _WIRE_UUID[0]:
            return wire_text
        return str(value)


# The class of UUIDs that remember their text, made on first use like the uuid import.
_WIRE_UUID: list[type[_uuid.UUID]] = []


def _wire_uuid_class() -> type[_uuid.UUID]:
    if not _WIRE_UUID:
        import uuid as _uuid

        class WireUuid(_uuid.UUID):
            """A UUID received in upper (or mixed) case, remembering that text."""

            wire_text: str

        _WIRE_UUID.append(WireUuid)
    return _WIRE_UUID[0]


class _Bytes(Codec[bytes]):
    def decode(self, value: object) -> bytes:
        if type(value) is not str:
            raise DecodeError(f"expected a base64 string, got {_kind(value)}")
        try:
            return base64.b64decode(value, validate=True)
        except ValueError:
            raise DecodeError("not valid base64") from None

    def encode(self, value: bytes) -> object:
        return base64.b64encode(value).decode("ascii")


class _Binary(Codec[bytes]):
    """Raw octets (``format: binary``): sent as a file part or as the body itself."""

    def decode(self, value: object) -> bytes:
        if type(value) is bytes:
            return value
        if type(value) is str:
            return value.encode("utf-8")
        raise DecodeError(f"expected binary content, got {_kind(value)}")

    def encode(self, value: bytes) -> object:
        return value


STR: Codec[str] = _Str()
INT: Codec[int] = _Int()
FLOAT: Codec[float] = _Float()
BOOL: Codec[bool] = _Bool()
ANY: Codec[Any] = _Any()
OBJECT: Codec[dict[str, Any]] = _Object()
DATETIME: Codec[_dt.datetime] = _DateTime()
DATE: Codec[_dt.date] = _Date()
UUID: Codec[_uuid.UUID] = _Uuid()
BYTES: Codec[bytes] = _Bytes()
BINARY: Codec[bytes] = _Binary()


class ListCodec(Codec[list[T]]):
    def __init__(self, item: Codec[T]) -> None:
        self.item = item

    def decode(self, value: object) -> list[T]:
        if type(value) is not list:
            raise DecodeError(f"expected an array, got {_kind(value)}")
        decode = self.item.decoder()
        try:
            return [decode(entry) for entry in value]
        except DecodeError:
            pass
        # The slow path runs only on bad input, to say which item was bad.
        for index, entry in enumerate(value):
            try:
                decode(entry)
            except DecodeError as exc:
                raise exc.within(index) from None
        raise AssertionError("unreachable: an item failed once but not again")

    def encode(self, value: list[T]) -> object:
        encode = self.item.encode
        return [encode(entry) for entry in value]


class MapCodec(Codec[dict[str, T]]):
    def __init__(self, value: Codec[T]) -> None:
        self.value = value

    def decode(self, value: object) -> dict[str, T]:
        if type(value) is not dict:
            raise DecodeError(f"expected an object, got {_kind(value)}")
        decode = self.value.decoder()
        result = {}
        for key, entry in value.items():
            try:
                result[key] = decode(entry)
            except DecodeError as exc:
                raise exc.within(key) from None
        return result

    def encode(self, value: dict[str, T]) -> object:
        encode = self.value.encode
        return {key: encode(entry) for key, entry in value.items()}


class NullableCodec(Codec["T | None"]):
    def __init__(self, inner: Codec[T]) -> None:
        self.inner = inner

    def decode(self, value: object) -> T | None:
        return None if value is None else self.inner.decode(value)

    def encode(self, value: T | None) -> object:
        return None if value is None else self.inner.encode(value)


class ModelCodec(Codec[M]):
    def __init__(self, model: type[M]) -> None:
        self.model = model

    def decode(self, value: object) -> M:
        return self.decoder()(value)

    def encode(self, value: M) -> object:
        return value.to_dict()

    def decoder(self) -> Callable[[object], M]:
        model = self.model
        # The model's generated decoder, called directly: one call per list item.
        return model.__decode__ if model.__decoded__ is model else model.from_dict


class LazyCodec(Codec[Any]):
    """The codec of a model or enum class that is imported only when a value is first
    decoded or encoded.

    A large API's models are spread over the modules of the package's ``_models``, so
    that importing the package, or using one model, does not load them all; the client
    and those modules name each other's classes through this codec. The class is looked
    up in the public ``models`` module, which imports the module defining it. ``make``
    builds the real codec from the class (``ModelCodec``, or ``EnumCodec``); its
    ``decode`` and ``encode`` then replace this codec's own, so that later calls cost
    what the real codec costs.
    """

    def __init__(
        self, name: str, make: Callable[[Any], Codec[Any]] = ModelCodec
    ) -> None:
        self.name = name
        self.make = make
        self.codec: Codec[Any] | None = None

    def resolve(self) -> Codec[Any]:
        """The real codec, importing the class the first time."""
        codec = self.codec
        if codec is None:
            import importlib  # only a package whose models load on first use gets here

            models = importlib.import_module(f"{_PACKAGE}.models")
            name = self.name
            codec = self.make(getattr(models, name))
            # Instance attributes shadow the methods below from now on.
            self.decode = codec.decoder()  # type: ignore[method-assign, assignment]
            self.encode = codec.encode  # type: ignore[method-assign]
            self.codec = codec
        return codec

    def decode(self, value: object) -> Any:
        return self.resolve().decoder()(value)

    def encode(self, value: Any) -> object:
        return self.resolve().encode(value)

    def decoder(self) -> Callable[[object], Any]:
        # Before the first use, the method that resolves; after it, the real decoder.
        return self.decode


E = TypeVar("E", bound=enum.Enum)


class EnumCodec(Codec[E]):
    def __init__(self, enum_class: type[E]) -> None:
        self.enum_class = enum_class
        self.members: dict[object, E] = dict(enum_class._value2member_map_)

    def decode(self, value: object) -> E:
        # The member table first: calling the enum class costs ten times as much.
        try:
            member: E | None = self.members.get(value)
        except TypeError:
            member = None
        if member is not None:
            return member
        try:
            return self.enum_class(value)
        except ValueError:
            raise DecodeError(
                f"{value!r} is not a {self.enum_class.__name__}"
            ) from None

    def encode(self, value: E) -> object:
        return value.value


class UnionCodec(Codec[Any]):
    """A oneOf/anyOf: picked by the discriminator when the spec has one, else the first
    that fits.

    The discriminator's ``mapping`` names a model class, or the codec of one (a
    :class:`LazyCodec`, for a class in another module).
    """

    def __init__(
        self,
        members: tuple[Codec[Any], ...],
        discriminator: str | None = None,
        mapping: Mapping[str, type[Model] | Codec[Any]] | None = None,
    ) -> None:
        self.members = members
        self.discriminator = discriminator
        self.mapping: dict[str, Codec[Any]] = {
            tag: chosen if isinstance(chosen, Codec) else ModelCodec(chosen)
            for tag, chosen in (mapping or {}).items()
        }

    def decode(self, value: object) -> Any:
        if self.discriminator is not None and isinstance(value, dict):
            tag = value.get(self.discriminator)
            chosen = self.mapping.get(tag) if isinstance(tag, str) else None
            if chosen is not None:
                return chosen.decode(value)
        errors = []
        # A member that fits exactly is preferred over one that fits only by reading
        # a mismatched optional property as absent.
        token = _STRICT.set(True)
        try:
            for member in self.members:
                try:
                    return member.decode(value)
                except DecodeError as exc:
                    errors.append(exc)
        finally:
            _STRICT.reset(token)
        if not self.members or _STRICT.get():
            raise _no_member(errors)
        for member in self.members:
            try:
                return member.decode(value)
            except DecodeError:
                continue
        raise _no_member(errors)

    def encode(self, value: Any) -> object:
        if isinstance(value, Model):
            return value.to_dict()
        for member in self.members:
            try:
                return member.encode(value)
            except (AttributeError, TypeError, ValueError):
                continue
        return value


def _no_member(errors: list[DecodeError]) -> DecodeError:
    """Why a value fits no member of a union: when one member's error lies deeper in
    the value than every other's, that member is the one the value was meant as (a map
    of maps with one bad leaf), and its error names the spot."""
    deepest = max((len(error.location) for error in errors), default=0)
    closest = [error for error in errors if len(error.location) == deepest]
    if deepest and len(closest) == 1:
        return closest[0]
    return DecodeError(
        "matches no member of the union: " + "; ".join(str(error) for error in errors)
    )


class RecursiveCodec(Codec[Any]):
    """The codec of a recursive type (a list of lists, a map of maps or of models),
    made on first use by a function of the codec itself, which it passes to the
    codecs of the inner occurrences."""

    def __init__(self, build: Callable[[Codec[Any]], Codec[Any]]) -> None:
        self._build = build
        self._made: Codec[Any] | None = None

    def _codec(self) -> Codec[Any]:
        made = self._made
        if made is None:
            made = self._made = self._build(self)
        return made

    def decode(self, value: object) -> Any:
        return self._codec().decode(value)

    def encode(self, value: Any) -> object:
        return self._codec().encode(value)


class Field(NamedTuple):
    """One row of a model's field table."""

    attr: str
    wire: str
    codec: Codec[Any]
    required: bool


class OptionalCodec(Codec[Any]):
    """A codec for a property that may be absent: :data:`UNSET` passes through."""

    def __init__(self, inner: Codec[Any]) -> None:
        self.inner = inner

    def decode(self, value: object) -> Any:
        return value if value is UNSET else self.inner.decode(value)

    def encode(self, value: Any) -> object:
        return value if value is UNSET else self.inner.encode(value)


# What the generated decoders and encoders use: a blank instance, and the types a
# scalar property may hold, by JSON type and by whether it may be null (N) or absent
# (U).
Wire = Any
blank: Callable[[type[Any]], Any] = object.__new__
_NONE = type(None)
STR_U = (str, Unset)
STR_N = (str, _NONE)
STR_NU = (str, _NONE, Unset)
INT_U = (int, Unset)
INT_N = (int, _NONE)
INT_NU = (int, _NONE, Unset)
NUM = (float, int)
NUM_U = (float, int, Unset)
NUM_N = (float, int, _NONE)
NUM_NU = (float, int, _NONE, Unset)
BOOL_U = (bool, Unset)
BOOL_N = (bool, _NONE)
BOOL_NU = (bool, _NONE, Unset)
DICT_U = (dict, Unset)
DICT_N = (dict, _NONE)
DICT_NU = (dict, _NONE, Unset)

# Marks a property the payload does not have, where None would mean JSON null.
_MISSING: Any = object()


@dataclasses.dataclass(kw_only=True)
class Model:
    """Base of every generated model: a dataclass that reads and writes its wire form.

    ``from_dict(payload).to_dict() == payload`` for every payload the schema allows:
    absent fields stay absent (:data:`UNSET`), ``null`` stays ``None``, and keys the
    schema does not name are kept in :attr:`extra_properties`. It holds as well for a
    payload with a value of the wrong type in an optional property: that property
    reads as :data:`UNSET` and the value is kept in :attr:`schema_mismatches`.
    """

    extra_properties: dict[str, Any] = dataclasses.field(
        default_factory=dict, repr=False
    )
    # A plain default, so it lives on the class: decoders that find no mismatch (the
    # generated ones above all) never touch it.
    schema_mismatches: tuple[SchemaMismatch, ...] = dataclasses.field(
        default=(), init=False, repr=False
    )
    """Optional properties whose received value had the wrong type, read as
    :data:`UNSET`; empty for a payload that matches the schema."""

    __fields__: ClassVar[tuple[Field, ...]] = ()
    __wire_names__: ClassVar[frozenset[str]] = frozenset()
    __extra_codec__: ClassVar[Codec[Any] | None] = None
    # Derived from __fields__ by bind(): what the generic from_dict and to_dict loop
    # over, when a payload is not one the generated decoder reads at once.
    __readers__: ClassVar[tuple[tuple[str, str, Any, bool, bool], ...]] = ()
    __writers__: ClassVar[tuple[tuple[str, str, Any, bool], ...]] = ()
    __absent__: ClassVar[dict[str, Any]] = {}
    # The generated decoder, and the class it was generated for (not a subclass).
    __decode__: ClassVar[Callable[[Any], Any]]
    __decoded__: ClassVar[type | None] = None

    @classmethod
    def from_dict(cls: type[M], data: object, *, strict: bool = False) -> M:
        """Read the wire form; raises :class:`DecodeError` naming the first bad spot.

        A value of the wrong type in an optional property reads as :data:`UNSET` and
        is listed in :attr:`schema_mismatches` (logged at DEBUG), unless ``strict``
        is true, when it raises too.
        """
        if strict:
            return decode_strictly(ModelCodec(cls), data)
        begin_decode()
        if cls.__decoded__ is cls:
            return cls.__decode__(data)  # type: ignore[no-any-return]
        return decode_fields(cls, data)

    def to_dict(self) -> dict[str, Any]:
        """The wire form: JSON-ready dicts, lists and scalars."""
        extra_codec = self.__extra_codec__
        if extra_codec is None:
            extra = self.extra_properties
            result = dict(extra) if extra else {}
        else:
            result = {
                key: extra_codec.encode(value)
                for key, value in self.extra_properties.items()
            }
        values = self.__dict__
        for attr, wire, encode, as_is in self.__writers__:
            value = values[attr]
            if value is UNSET:
                continue
            result[wire] = value if as_is or value is None else encode(value)
        return _restore_mismatches(self, result)


def decode_fields(cls: type[M], data: object) -> M:
    """Read the wire form field by field: the path of payloads the generated decoder
    does not take (a bad value, unusual keys), and of the error that names the spot.
    """
    if type(data) is not dict:
        raise DecodeError(f"expected an object for {cls.__name__}, got {_kind(data)}")
    # Filling __dict__ directly skips the keyword-only __init__, which costs more
    # than the decoding itself for small models; defaults come from __absent__.
    instance = cls.__new__(cls)
    values = instance.__dict__
    values["extra_properties"] = {}
    absent = cls.__absent__
    if absent:
        values.update(absent)
    found = 0
    mismatches: list[SchemaMismatch] = []
    for attr, wire, decode, required, is_str in cls.__readers__:
        raw = data.get(wire, _MISSING)
        if raw is _MISSING:
            if required:
                raise DecodeError(
                    f"missing required property {wire!r} of {cls.__name__}"
                )
            continue
        found += 1
        if is_str and type(raw) is str:
            values[attr] = raw
            continue
        try:
            values[attr] = decode(raw)
        except DecodeError as exc:
            if required or _STRICT.get():
                raise exc.within(wire) from None
            # An optional property: the rest of the payload is worth more than the
            # refusal, and the attribute's type still holds (it stays UNSET).
            mismatches.append(SchemaMismatch(wire, raw, str(exc.within(wire))))
            _logger.debug(
                "%s.%s read as UNSET (kept in schema_mismatches): %s",
                cls.__name__,
                attr,
                mismatches[-1].reason,
            )
    if found != len(data):
        values["extra_properties"] = extras(instance, data)
    if mismatches:
        values["schema_mismatches"] = tuple(mismatches)
    return instance


def decode_strictly(codec: Codec[T], data: object) -> T:
    """``codec.decode(data)``, where a mismatch in an optional property raises
    :class:`DecodeError` as any other does."""
    begin_decode()
    token = _STRICT.set(True)
    try:
        return codec.decode(data)
    finally:
        _STRICT.reset(token)


def _restore_mismatches(instance: Model, wire: dict[str, Any]) -> dict[str, Any]:
    # The received value goes back where it came from, unless the property has been
    # given a value since.
    for mismatch in instance.schema_mismatches:
        wire.setdefault(mismatch.wire_name, mismatch.value)
    return wire


def fallback(instance: M, data: object) -> M:
    """What a generated decoder returns when ``data`` is not a payload it reads at once:
    the field-by-field result, or its :class:`DecodeError`.

    A failure is remembered, until the next payload is decoded (:func:`begin_decode`),
    for the nested payload it was found in (its identity, the model, the strictness):
    the decoders of the models around it fall back in turn, each reading its nested
    payload again, and without the memory a failure n models deep would be decoded
    2 ** n times.
    """
    cls = type(instance)
    strict = _STRICT.get()
    failures = _FAILURES.get()
    if failures is not None:
        known = failures.get(id(data))
        if (
            known is not None
            and known[0] is data
            and known[1] is cls
            and known[2] == strict
        ):
            # A new error each time: raising one again would grow its traceback.
            raise DecodeError(known[3].reason, known[3].location)
    try:
        return decode_fields(cls, data)
    except DecodeError as exc:
        if failures is None:
            failures = {}
            _FAILURES.set(failures)
        failures[id(data)] = (data, cls, strict, exc)
        raise


def begin_decode() -> None:
    """Forget the failures of the payloads decoded before (see :func:`fallback`): a
    payload changed in place since is read afresh."""
    if _FAILURES.get() is not None:
        _FAILURES.set(None)


def extras(instance: Model, data: dict[str, Any]) -> dict[str, Any]:
    """The keys of ``data`` that the instance's schema does not name, decoded."""
    known = instance.__wire_names__
    extra = {key: value for key, value in data.items() if key not in known}
    extra_codec = instance.__extra_codec__
    if extra_codec is not None:
        extra = MapCodec(extra_codec).decode(extra)
    return extra


def pack(instance: Model, wire: dict[str, Any]) -> dict[str, Any]:
    """A generated encoder's result: absent properties dropped, extra properties
    first (encoded by the schema's ``additionalProperties`` codec, if it has one).
    """
    result = {key: value for key, value in wire.items() if value is not UNSET}
    if instance.schema_mismatches:
        _restore_mismatches(instance, result)
    extra = instance.extra_properties
    if not extra:
        return result
    extra_codec = instance.__extra_codec__
    if extra_codec is not None:
        extra = {key: extra_codec.encode(value) for key, value in extra.items()}
    return {**extra, **result}


_AS_IS = (STR, INT, FLOAT, BOOL)
_MODELS = f"{_PACKAGE}.models"
_CHUNKS = f"{_PACKAGE}._models."


def bind(
    model: type[Model],
    fields: tuple[Field, ...],
    extra: Codec[Any] | None = None,
    *,
    decode: Callable[[Any], Any] | None = None,
    encode: Callable[[Any], dict[str, Any]] | None = None,
) -> None:
    """Attach a model's field table and its generated decoder and encoder; done once
    every class exists, so tables can refer to any model, including the model itself.

    A model defined in a module of ``_models`` (a large API's, loaded on first use) is
    presented as a member of the public ``models`` module, where it is documented and
    imported from, and where pickle finds it whichever module defines it.
    """
    if model.__module__.startswith(_CHUNKS):
        model.__module__ = _MODELS
    model.__fields__ = fields
    model.__wire_names__ = frozenset(entry.wire for entry in fields)
    model.__extra_codec__ = extra
    model.__readers__ = tuple(
        (
            entry.attr,
            entry.wire,
            entry.codec.decoder(),
            entry.required,
            entry.codec is STR,
        )
        for entry in fields
    )
    model.__writers__ = tuple(
        (entry.attr, entry.wire, entry.codec.encode, entry.codec in _AS_IS)
        for entry in fields
    )
    model.__absent__ = {entry.attr: UNSET for entry in fields if not entry.required}
    if decode is not None:
        model.__decode__ = decode
        model.__decoded__ = model
    if encode is not None:
        model.to_dict = encode  # type: ignore[method-assign, assignment]


class OpenStrEnum(str, enum.Enum):
    """A string enum that also accepts values the spec does not list, instead of
    failing.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member

    def __str__(self) -> str:
        return str(self.value)


class OpenIntEnum(int, enum.Enum):
    """An integer enum that also accepts values the spec does not list, instead of
    failing.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = f"VALUE_{value}"
        member._value_ = value
        return member


class _BodyKind(NamedTuple):
    """How a response without a JSON schema is read: as text, bytes, or not at all."""

    kind: str


TEXT_BODY = _BodyKind("text")
BYTES_BODY = _BodyKind("bytes")
NO_BODY = _BodyKind("empty")
