"""Runtime support for the generated models: the `_sdk` prefix in their annotations.

Parsing and constructing differ in one way. `Model.model_validate(...)` and
`Model.model_validate_json(...)` parse a payload from the API or a webhook and keep what
this SDK does not know yet: a union member whose tag the API added later becomes an
`UnknownVariant` holding the payload as it came, and an enum value added later an
`UnknownValue` string. An older SDK so survives a newer API, and nothing is dropped.
Constructing a model in code (`Model(field=...)`), or passing
`context={"unknown": "reject"}`, is strict: unknown tags and enum values are errors.

Values keep their wire form: a timestamp parsed from `"2024-05-01T12:00:00.000Z"` is a
`datetime` that is written back as exactly that text, an integral number stays an `int`,
and `model_dump()` returns the wire JSON (aliases, absent fields left out with
`exclude_unset=True`, explicit nulls kept).
"""

from __future__ import annotations

import datetime
import functools
import importlib
import re
import types
import uuid
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Final, SupportsIndex, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, ValidationInfo
from pydantic_core import PydanticCustomError, SchemaValidator, core_schema
from typing_extensions import Self, Unpack

__all__ = [
    "BEST_MATCH",
    "KEEP_UNKNOWN",
    "NOT_NULL",
    "Date",
    "DateTime",
    "Later",
    "Model",
    "MultipleOf",
    "Pattern",
    "Positional",
    "Tagged",
    "UnknownValue",
    "UnknownVariant",
    "Unpack",
    "Uuid",
    "WireText",
    "later",
]

_UNKNOWN_TAG: Final = "*"


def _parsing(info: ValidationInfo) -> bool:
    """Whether unknown tags and enum values are kept (see the module docstring)."""
    context = info.context
    return isinstance(context, dict) and context.get("unknown") == "keep"


def _parse_options(options: dict[str, Any]) -> dict[str, Any]:
    if options.get("context") is None:
        options["context"] = {"unknown": "keep"}
    return options


class Model(BaseModel):
    """Base of every generated model.

    Attributes are snake_case; the wire names are aliases, and both construct. Values
    are checked with JSON's own types (`"5"` is not an integer). Fields the spec does
    not list are kept and written back (`model_extra`), so a newer API's additions
    round-trip through an older SDK.
    """

    model_config = ConfigDict(
        extra="allow",
        strict=True,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        # A model's validator is built when it is first used, not at import: importing
        # a webhook model costs milliseconds, and only what is used is ever built.
        defer_build=True,
    )

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """Parse a payload received from the API; unknown tags and values are kept."""
        return super().model_validate(obj, **_parse_options(options))

    @classmethod
    def model_validate_json(
        cls, json_data: str | bytes | bytearray, **options: Any
    ) -> Self:
        """Parse a JSON payload received from the API; unknown tags and values are kept."""
        return super().model_validate_json(json_data, **_parse_options(options))


class UnknownVariant(Model):
    """A union member this SDK does not know: the payload, every field kept as it came.

    Read its fields with `.model_extra` (or `.model_dump()`); it is written back unchanged.
    """


class Later:
    """A stand-in for a model of another module, loaded when a payload first needs it.

    Model modules refer to each other through these, so importing a model imports one
    module, and validating builds only the models a payload holds.
    """

    module: ClassVar[str]
    target: ClassVar[type[Model] | None] = None

    @classmethod
    def resolve(cls) -> type[Model]:
        target = cls.__dict__.get("target")
        if target is None:
            loaded = importlib.import_module(f"{__package__}.{cls.module}")
            target = getattr(loaded, cls.__name__)
            cls.target = target
        return target  # type: ignore[no-any-return]

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.with_info_plain_validator_function(cls._validate)

    @classmethod
    def _validate(cls, value: Any, info: ValidationInfo) -> Any:
        validator = cls.resolve().__pydantic_validator__
        return validator.validate_python(value, context=info.context)


def later(module: str, name: str) -> type[Later]:
    """The stand-in for model `name` of module `module` (see `Later`)."""
    return type(name, (Later,), {"module": module, "__module__": __name__})


def _loaded(member: Any) -> Any:
    is_later = isinstance(member, type) and issubclass(member, Later)
    return member.resolve() if is_later else member


class _BestMatch:
    """After an untagged union of models: the members are compared on their own schemas,
    so pydantic's smart mode picks the one that fits best (the most fields set)."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        members: list[core_schema.CoreSchema | tuple[core_schema.CoreSchema, str]] = [
            handler.generate_schema(_loaded(member)) for member in get_args(source)
        ]
        return core_schema.union_schema(members)


class Tagged:
    """A union whose member is chosen by the value of one property (its tag).

    `tags` maps each tag to the class it selects. An unknown tag selects
    `UnknownVariant` when parsing and is an error when constructing. With `implied`,
    some members do not declare the tag property: it is read from the payload, and
    written when such a member is serialized in this union.
    """

    def __init__(
        self,
        prop: str,
        tags: Mapping[str, str],
        *,
        implied: bool = False,
        aliases: Mapping[str, Any] | None = None,
    ) -> None:
        self.prop = prop
        self.tags = dict(tags)
        self.implied = implied
        #: members that are unions themselves (type aliases have no `__name__`)
        self.aliases = dict(aliases or {})

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        members = {
            member.__name__: member
            for member in get_args(source)
            if isinstance(member, type)
        }
        members.update(self.aliases)
        by_name = {name: handler.generate_schema(members[name]) for name in members}
        choices: dict[str, core_schema.CoreSchema] = {
            tag: by_name[name] for tag, name in self.tags.items()
        }
        by_class = {
            cls: tag
            for tag, name in reversed(self.tags.items())
            for cls in _class_names(members[name])
        }
        selector = _Selector(self.prop, self.tags, by_class)
        choices[_UNKNOWN_TAG] = core_schema.with_info_wrap_validator_function(
            selector.unknown, by_name[UnknownVariant.__name__]
        )
        schema = core_schema.tagged_union_schema(choices, discriminator=selector.tag_of)
        if self.implied:
            schema["serialization"] = core_schema.wrap_serializer_function_ser_schema(
                selector.write_tag
            )
        return schema


def _class_names(member: Any) -> list[str]:
    """The classes a member stands for: itself, or the members of a union alias."""
    if isinstance(member, type):
        return [member.__name__]
    return [name for inner in get_args(member) for name in _class_names(inner)]


class _Selector:
    """The functions one tagged union's validator and serializer call."""

    def __init__(
        self, prop: str, tags: Mapping[str, str], by_class: Mapping[str, str]
    ) -> None:
        self.prop = prop
        self.tags = tags
        self.by_class = by_class
        self.expected = ", ".join(repr(tag) for tag in tags)

    def tag_of(self, value: Any) -> str:
        if isinstance(value, dict):
            tag = value.get(self.prop)
            return tag if isinstance(tag, str) and tag in self.tags else _UNKNOWN_TAG
        return self.by_class.get(type(value).__name__, _UNKNOWN_TAG)

    def unknown(
        self, value: Any, validate: Callable[[Any], Any], info: ValidationInfo
    ) -> Any:
        if isinstance(value, UnknownVariant):
            return value
        if not isinstance(value, dict) or self.prop not in value:
            raise PydanticCustomError(
                "union_tag_not_found",
                "Input should be an object with {prop}, one of: {expected}",
                {"prop": repr(self.prop), "expected": self.expected},
            )
        if not _parsing(info):
            raise PydanticCustomError(
                "union_tag_invalid",
                "{prop} is {tag}; expected one of: {expected}",
                {
                    "prop": repr(self.prop),
                    "tag": repr(value[self.prop]),
                    "expected": self.expected,
                },
            )
        return validate(value)

    def write_tag(
        self, value: Any, serialize: core_schema.SerializerFunctionWrapHandler
    ) -> Any:
        data = serialize(value)
        tag = self.by_class.get(type(value).__name__)
        if isinstance(data, dict) and tag is not None and self.prop not in data:
            return {self.prop: tag, **data}
        return data


class Positional:
    """An array whose first items have types of their own (`prefixItems`), typed as a
    tuple for each length it may have; it is read from a JSON array and written as one."""

    def __init__(
        self, *, min_items: int | None = None, max_items: int | None = None
    ) -> None:
        self.min_items = min_items
        self.max_items = max_items

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        union = get_origin(source) in (Union, types.UnionType)
        members = get_args(source) if union else (source,)
        as_list = core_schema.wrap_serializer_function_ser_schema(_as_list)
        if len(members) == 1:
            return core_schema.tuple_schema(
                **self._tuple(members[0], handler), serialization=as_list
            )
        choices: list[core_schema.CoreSchema | tuple[core_schema.CoreSchema, str]] = [
            core_schema.tuple_schema(**self._tuple(member, handler))
            for member in members
        ]
        return core_schema.union_schema(choices, serialization=as_list)

    def _tuple(self, member: Any, handler: GetCoreSchemaHandler) -> dict[str, Any]:
        """`tuple_schema` arguments for one `tuple[...]` of the union."""
        items: list[core_schema.CoreSchema] = []
        variadic: int | None = None
        for param in get_args(member):
            if param == ():  # `tuple[()]` on Python 3.10
                continue
            if get_origin(param) is Unpack:
                variadic = len(items)
                param = get_args(get_args(param)[0])[0]  # X of Unpack[tuple[X, ...]]
            items.append(handler.generate_schema(param))
        open_ended = variadic is not None
        return {
            "items_schema": items,
            "variadic_item_index": variadic,
            "min_length": self.min_items if open_ended else None,
            "max_length": self.max_items if open_ended else None,
            "strict": False,  # a JSON array is a list in Python: it is read as the tuple
        }


def _as_list(value: Any, serialize: core_schema.SerializerFunctionWrapHandler) -> Any:
    data = serialize(value)
    return list(data) if isinstance(data, tuple) else data


class UnknownValue(str):
    """An enum value this SDK does not know (the API added it later), kept as it came."""

    __slots__ = ()

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.with_info_plain_validator_function(
            cls._parse, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def _parse(cls, value: Any, info: ValidationInfo) -> UnknownValue:
        if isinstance(value, UnknownValue):
            return value
        if isinstance(value, str) and _parsing(info):
            return cls(value)
        raise PydanticCustomError("literal_error", "Input should be a known value")

    def __repr__(self) -> str:
        return f"UnknownValue({str.__repr__(self)})"


class _KeepUnknown:
    """After `Literal[...] | UnknownValue`: known values first, and one clear error."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        members = get_args(source)
        values = [
            repr(v) for m in members if m is not UnknownValue for v in get_args(m)
        ]
        expected = (
            ", ".join(values[:-1]) + " or " + values[-1]
            if len(values) > 1
            else values[0]
        )
        return core_schema.union_schema(
            [handler.generate_schema(member) for member in members],
            mode="left_to_right",
            custom_error_type="unknown_literal",
            custom_error_message=f"Input should be {expected}",
        )


class _NotNull:
    """`T | None` for type checkers (absent reads as None); `null` itself is refused."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        schema = handler(source)
        return schema["schema"] if schema["type"] == "nullable" else schema


BEST_MATCH: Final = _BestMatch()
KEEP_UNKNOWN: Final = _KeepUnknown()
NOT_NULL: Final = _NotNull()


@functools.lru_cache(maxsize=None)
def _compile(pattern: str, engine: str) -> Callable[[str], object]:
    if engine == "regex":
        # Only some patterns (`\p{L}`) need the `regex` package; most never import it.
        search: Callable[[str], object] = (
            importlib.import_module("regex").compile(pattern).search
        )
        return search
    return re.compile(pattern).search


class MultipleOf:
    """`multipleOf`, exact for JSON's decimal numbers: pydantic's own check refuses every
    value of an `int | float` field, and binary floats make 19.99 no multiple of 0.01."""

    def __init__(self, divisor: float) -> None:
        self.divisor = divisor

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            self._check, handler(source)
        )

    def _check(self, value: Any) -> Any:
        if isinstance(value, int | float) and not _is_multiple(value, self.divisor):
            raise PydanticCustomError(
                "multiple_of",
                "Input should be a multiple of {multiple_of}",
                {"multiple_of": self.divisor},
            )
        return value


def _is_multiple(value: float, divisor: float) -> bool:
    if isinstance(value, int) and isinstance(divisor, int):
        return value % divisor == 0
    if value != value or value in (float("inf"), float("-inf")):
        return False
    import decimal  # noqa: PLC0415  (only specs with a decimal multipleOf need it)
    import fractions  # noqa: PLC0415

    try:
        quotient = value / divisor
        if quotient == int(quotient):
            return True
        # the shortest decimal forms (repr) are the numbers the payload and the spec wrote
        remainder = decimal.Decimal(repr(value)) % decimal.Decimal(repr(divisor))
        return bool(remainder == 0)
    except (OverflowError, decimal.InvalidOperation):  # a huge quotient: exact
        return fractions.Fraction(value) % fractions.Fraction(divisor) == 0


class Pattern:
    """A pattern check, translated from the spec's JavaScript regex; compiled on first use."""

    def __init__(self, pattern: str, *, engine: str = "re") -> None:
        self.pattern = pattern
        self.engine = engine

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            self._check, handler(source)
        )

    def _check(self, value: Any) -> Any:
        if (
            isinstance(value, str)
            and _compile(self.pattern, self.engine)(value) is None
        ):
            raise PydanticCustomError(
                "string_pattern_mismatch",
                "String should match pattern {pattern}",
                {"pattern": repr(self.pattern)},
            )
        return value


class WireText:
    """Length and pattern of a string parsed into another type (`uuid`, `date-time`,
    `date`): they apply to the text on the wire, before it is parsed."""

    def __init__(
        self,
        *,
        min_length: int | None = None,
        max_length: int | None = None,
        pattern: Pattern | None = None,
    ) -> None:
        self.min_length = min_length
        self.max_length = max_length
        self.pattern = pattern

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(
            self._check, handler(source)
        )

    def _check(self, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if self.min_length is not None and len(value) < self.min_length:
            raise PydanticCustomError(
                "string_too_short",
                "String should have at least {min_length} characters",
                {"min_length": self.min_length},
            )
        if self.max_length is not None and len(value) > self.max_length:
            raise PydanticCustomError(
                "string_too_long",
                "String should have at most {max_length} characters",
                {"max_length": self.max_length},
            )
        return value if self.pattern is None else self.pattern._check(value)


# RFC 3339, and what real APIs send besides that pydantic's own `datetime` reads too: no
# offset (a local time), `+0000` without the colon, a space for the `T`, no seconds.
_DATE_TIME_TEXT: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
    r"([Zz]|[+-][0-9]{2}:?[0-9]{2})?"
)
_DATE_TEXT: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_UUID_TEXT: Final = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


@functools.lru_cache(maxsize=None)
def _validator(kind: str) -> SchemaValidator:
    schemas = {
        "datetime": core_schema.datetime_schema(),
        "date": core_schema.date_schema(),
    }
    return SchemaValidator(schemas[kind])


def _text_error(kind: str) -> PydanticCustomError:
    return PydanticCustomError(f"{kind}_type", f"Input should be a valid {kind} string")


class DateTime(datetime.datetime):
    """A `datetime` (format `date-time`) that is written back as the text it came as."""

    __slots__ = ("_wire",)
    _wire: str | None

    @property
    def wire(self) -> str | None:
        """The text this value was parsed from; None when it was made in code."""
        return getattr(self, "_wire", None)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._parse,
            serialization=core_schema.plain_serializer_function_ser_schema(_wire_text),
        )

    @classmethod
    def _parse(cls, value: Any) -> DateTime:
        if isinstance(value, DateTime):
            return value
        if isinstance(value, datetime.datetime):
            return cls._of(value, None)
        if isinstance(value, str) and _DATE_TIME_TEXT.fullmatch(value):
            return cls._of(_validator("datetime").validate_python(value), value)
        raise _text_error("datetime")

    @classmethod
    def _of(cls, value: datetime.datetime, wire: str | None) -> DateTime:
        made = cls(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            value.tzinfo,
            fold=value.fold,
        )
        made._wire = wire
        return made

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # Copies and pickles keep the wire text (datetime's own reduce would drop it).
        plain = datetime.datetime.combine(self.date(), self.timetz())
        return (DateTime._of, (plain, self.wire))


class Date(datetime.date):
    """A `date` (format `date`) that is written back as the text it came as."""

    __slots__ = ("_wire",)
    _wire: str | None

    @property
    def wire(self) -> str | None:
        """The text this value was parsed from; None when it was made in code."""
        return getattr(self, "_wire", None)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._parse,
            serialization=core_schema.plain_serializer_function_ser_schema(_wire_text),
        )

    @classmethod
    def _parse(cls, value: Any) -> Date:
        if isinstance(value, Date):
            return value
        if isinstance(value, datetime.date) and not isinstance(
            value, datetime.datetime
        ):
            return cls._of(value, None)
        if isinstance(value, str) and _DATE_TEXT.fullmatch(value):
            return cls._of(_validator("date").validate_python(value), value)
        raise _text_error("date")

    @classmethod
    def _of(cls, value: datetime.date, wire: str | None) -> Date:
        made = cls(value.year, value.month, value.day)
        made._wire = wire
        return made

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        plain = datetime.date(self.year, self.month, self.day)
        return (Date._of, (plain, self.wire))


class Uuid(uuid.UUID):
    """A `UUID` (format `uuid`) that is written back as the text it came as."""

    __slots__ = ("_wire",)
    _wire: str | None

    @property
    def wire(self) -> str | None:
        """The text this value was parsed from; None when it was made in code."""
        return getattr(self, "_wire", None)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._parse,
            serialization=core_schema.plain_serializer_function_ser_schema(_wire_text),
        )

    @classmethod
    def _parse(cls, value: Any) -> Uuid:
        if isinstance(value, Uuid):
            return value
        if isinstance(value, uuid.UUID):
            return cls._of(value, None)
        if isinstance(value, str) and _UUID_TEXT.fullmatch(value):
            return cls._of(uuid.UUID(value), value)
        raise _text_error("uuid")

    @classmethod
    def _of(cls, value: uuid.UUID, wire: str | None) -> Uuid:
        made = cls(int=value.int)
        object.__setattr__(made, "_wire", wire)  # UUID forbids setting attributes
        return made

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return (Uuid._of, (uuid.UUID(int=self.int), self.wire))


def _wire_text(value: DateTime | Date | Uuid | None) -> str | None:
    if value is None:  # an optional field left unset (see `_NotNull`)
        return None
    if value.wire is not None:
        return value.wire
    return str(value) if isinstance(value, Uuid) else value.isoformat()
