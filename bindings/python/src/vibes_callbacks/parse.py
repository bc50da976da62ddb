"""`parse_callback`: a callback body read into the model of its own type.

The type is read first, from `callback_type`, else `event_type` (older bodies), as Vibes
dispatches; then the body is validated against that one type's model, so an error is about that
type only, and names the field's JSON path. The table from type to model is the discriminator
mapping of the bundled `callback-union.schema.json`, the schema the models are generated from.

pydantic reads the JSON itself (one pass, in Rust) in strict mode: no value is converted to fit
(`"1"` stays a string, `"yes"` is not a boolean), so it accepts exactly what the schema accepts.
Then what the Rust parser refuses besides is refused too: a key given twice, `NaN`, `Infinity`
or `1e400` (which pydantic's reader takes in a free-form object), found by a quick search of the
text and placed by the syntax scanner; and a timestamp of a day its month does not have
(`2021-02-30`), which the schema's pattern lets through, found by a quick search for days 29 to
31 and checked in the model (`calendar.py`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, Union, overload

from pydantic import BaseModel, Discriminator, Tag, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from .calendar import day_past_its_month
from .errors import CallbackError, beyond_json, expected_kinds, found, not_json, one_of, quoted
from .generated import models
from .paths import Path
from .schemas import load_schema

Callback = models.Callback


@dataclass(frozen=True)
class UnknownCallback:
    """A callback body of a type this version does not know, kept whole, as the Rust crate's
    lenient reading keeps it: answer it 2XX and store it. Vibes adds callback types over time.
    `parse_callback(..., strict=True)` refuses it instead."""

    callback_type: str
    """The type the body names: its `callback_type`, else its `event_type`."""
    data: dict[str, Any]
    """The whole body."""

    @property
    def event_id(self) -> str | None:
        """The body's `event_id`, the key to de-duplicate on, when it is a string."""
        event_id = self.data.get("event_id")
        return event_id if isinstance(event_id, str) else None


@overload
def parse_callback(
    data: bytes | str | Mapping[str, Any], *, strict: Literal[True]
) -> Callback: ...
@overload
def parse_callback(
    data: bytes | str | Mapping[str, Any], *, strict: bool = False
) -> Callback | UnknownCallback: ...
def parse_callback(
    data: bytes | str | Mapping[str, Any], *, strict: bool = False
) -> Callback | UnknownCallback:
    """Read a callback body: the request's bytes, its text, or an already decoded object.

    Returns the model of the body's own type and form (`PersonAdded`, `LegacyPersonAdded` for an
    older body that names its type only in `event_type`, …), or an `UnknownCallback` for a type
    this version does not know. Raises `CallbackError` for a body that is not JSON, not an
    object, has no callback type, or is not what its type requires; with `strict=True`, for an
    unknown type as well.
    """
    if isinstance(data, Mapping):
        try:
            text: str | bytes = json.dumps(data, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise CallbackError(f"not a JSON object: {str(error)[:150]}") from error
        body: Any = data
    elif isinstance(data, (bytes, bytearray, memoryview)):
        text, body = bytes(data), None
    elif isinstance(data, str):
        text, body = data, None
    else:
        raise TypeError(f"parse_callback reads bytes, str or a dict, not {type(data).__name__}")
    try:
        value = _reader().validate_json(text, strict=True)
    except ValidationError as error:
        explained = _explain(error, text, body)
        # What the reader took and JSON does not hold comes first, as the Rust parser finds it
        # while it reads.
        if body is None and not explained.problem.startswith(("not JSON", "not UTF-8", "cannot")):
            if (fault := beyond_json(text, callback_type=explained.callback_type)) is not None:
                raise fault from error
        raise explained from error
    known = not isinstance(value, dict)
    if body is None:
        named = _type_name(type(value).__name__) if known else None
        if (fault := beyond_json(text, callback_type=named)) is not None:
            raise fault
    if known:
        if (late := day_past_its_month(value, text)) is not None:
            path, problem = late
            raise CallbackError(problem, path=path, callback_type=_type_name(type(value).__name__))
        return value
    unknown = UnknownCallback(_named_type(value), value)
    if strict:
        field = "callback_type" if isinstance(value.get("callback_type"), str) else "event_type"
        raise CallbackError(
            f"unknown callback type {quoted(unknown.callback_type)}"
            " (outside the documented contract; without strict=True it is kept)",
            path=(field,),
        )
    return unknown


_UNKNOWN = "unknown"
"""The tag of the union member that keeps a body of an unknown type (no model is named so)."""


@cache
def _dispatch() -> tuple[dict[str, type[BaseModel]], dict[str, type[BaseModel]]]:
    """The models by type: for current bodies (by `callback_type`), and for older ones (by
    `event_type`), from the union schema's discriminator mappings."""
    union = load_schema("callback-union.schema.json")["$defs"]

    def table(name: str) -> dict[str, type[BaseModel]]:
        mapping = union[name]["discriminator"]["mapping"]
        return {tag: getattr(models, ref.rsplit("/", 1)[-1]) for tag, ref in mapping.items()}

    return table("CurrentCallback"), table("LegacyCallback")


def _variant(body: Any) -> str | None:
    """The union member `body` is read as: the name of its model, `_UNKNOWN`, or `None` when it
    cannot be dispatched (not an object, a type field that is not a string, no type at all)."""
    if not isinstance(body, dict):
        return None
    current, legacy = _dispatch()
    callback_type = body.get("callback_type")
    if isinstance(callback_type, str):
        model = current.get(callback_type)
    elif callback_type is None and isinstance(event_type := body.get("event_type"), str):
        model = legacy.get(event_type)
    else:
        return None
    return model.__name__ if model is not None else _UNKNOWN


@cache
def _reader() -> TypeAdapter[Any]:
    """One tagged union of every model and of a plain object for unknown types, dispatched by
    `_variant`: pydantic validates a body against its own member only."""
    current, legacy = _dispatch()
    members = {model.__name__: model for model in [*current.values(), *legacy.values()]}
    tagged = tuple(Annotated[model, Tag(name)] for name, model in members.items())
    union = Union[(*tagged, Annotated[dict[str, Any], Tag(_UNKNOWN)])]  # noqa: UP007
    return TypeAdapter(Annotated[union, Discriminator(_variant)])


def _named_type(body: dict[str, Any]) -> str:
    callback_type = body.get("callback_type")
    return callback_type if isinstance(callback_type, str) else body["event_type"]


def _explain(error: ValidationError, text: str | bytes, body: Any) -> CallbackError:
    """The `CallbackError` of a body pydantic refused: its first problem, at its JSON path."""
    problems = error.errors(include_url=False)
    first = problems[0]
    if first["type"] == "json_invalid":
        return not_json(text, str(first.get("ctx", {}).get("error", first["msg"])))
    if body is None:
        body = json.loads(text)
    if not first["loc"]:
        return _undispatchable(body)
    callback_type = _type_name(str(first["loc"][0]))
    located = [(_path_in(body, problem["loc"][1:]), problem) for problem in problems]
    path = located[0][0]
    at_path = [problem for where, problem in located if where == path]
    # A value refused by each member of a union (a string or an integer) is refused for its
    # type by each: say every type it may have. One member that took its type and refused its
    # content (a string not of the pattern) says more: show that.
    content = [p for p in at_path if _kind(p, _node(body, path)) is None]
    if content:
        where, message = _content_problem(content[0], path, _node(body, path))
        return CallbackError(message, path=where, callback_type=callback_type)
    kinds = [_kind(p, _node(body, path)) or "" for p in at_path]
    return CallbackError(
        expected_kinds(kinds, _node(body, path)), path=path, callback_type=callback_type
    )


def _undispatchable(body: Any) -> CallbackError:
    """The error of a body no model was chosen for."""
    if not isinstance(body, dict):
        return CallbackError(f"expected a JSON object, found {found(body)}")
    for field in ("callback_type", "event_type"):
        value = body.get(field)
        if value is not None and not isinstance(value, str):
            return CallbackError(expected_kinds(["a string"], value), path=(field,))
        if value is not None:
            break
    return CallbackError("no callback type: the body has neither `callback_type` nor `event_type`")


@cache
def _type_name(model: str) -> str:
    """The callback type a model is for: `LegacyPersonAdded` is for `person_added`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.removeprefix("Legacy")).lower()


def _path_in(body: Any, loc: tuple[int | str, ...]) -> Path:
    """The JSON path of pydantic's location `loc` in `body`. A location also names the union
    members it went through (the action's `routing`, then `failed`; `str` or `int` for an id):
    those are no place in the document, and are left out by following the document itself. A
    missing field is no place either: its path is the object that lacks it."""
    path: list[str | int] = []
    node = body
    for segment in loc:
        if isinstance(node, dict) and isinstance(segment, str) and segment in node:
            node = node[segment]
        elif isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node):
            node = node[segment]
        else:
            continue
        path.append(segment)
    return tuple(path)


def _node(body: Any, path: Path) -> Any:
    for segment in path:
        body = body[segment]
    return body


_KINDS = {
    "string_type": "a string",
    "int_type": "an integer",
    "int_from_float": "an integer",
    "int_parsing": "an integer",
    "float_type": "a number",
    "bool_type": "true or false",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "list_type": "an array",
    "none_required": "null",
}


def _kind(problem: ErrorDetails, value: Any) -> str | None:
    """The JSON type a problem asks for, when the value has the wrong type; `None` when the
    problem is with a value of the right type."""
    if problem["type"] in ("enum", "literal_error") and not isinstance(value, str):
        return "a string"
    return _KINDS.get(problem["type"])


def _content_problem(problem: ErrorDetails, path: Path, value: Any) -> tuple[Path, str]:
    """Where and what the problem is, for a value of the right JSON type."""
    kind, ctx = problem["type"], problem.get("ctx", {})
    if kind == "missing":
        return path, f"missing field `{problem['loc'][-1]}`"
    if kind in ("enum", "literal_error"):
        return path, f"unknown value {quoted(value)}, expected one of {_listed(ctx.get('expected'))}"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        # A nested union (the action, on `type` then `status`) could not choose its member.
        field = str(ctx.get("discriminator", "")).strip("'")
        if kind == "union_tag_not_found" or field not in value:
            return path, f"missing field `{field}`"
        tag = value[field]
        if not isinstance(tag, str):
            return (*path, field), expected_kinds(["a string"], tag)
        expected = _listed(ctx.get("expected_tags"))
        return (*path, field), f"unknown value {quoted(tag)}, expected one of {expected}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern"))
        title = _pattern_titles().get(pattern)
        if title is not None:
            return path, f"{quoted(value)} is not a valid {title}"
        return path, f"{quoted(value)} does not match the pattern {pattern[:80]}"
    if kind == "greater_than_equal":
        return path, f"expected at least {ctx.get('ge')}, found {found(value)}"
    if kind == "less_than_equal":
        return path, f"expected at most {ctx.get('le')}, found {found(value)}"
    return path, problem["msg"][:150]


def _listed(expected: Any) -> str:
    """The allowed values of pydantic's `'a', 'b' or 'c'`, as every message lists them."""
    return one_of(re.findall(r"'((?:[^'\\]|\\.)*)'", str(expected)))


@cache
def _pattern_titles() -> dict[str, str]:
    """The union schema's definitions by the patterns they hold (`Timestamp`, `Count`), to name
    what a string that does not match was meant to be."""
    titles: dict[str, str] = {}

    def collect(schema: Any, title: str) -> None:
        if isinstance(schema, dict):
            if isinstance(schema.get("pattern"), str):
                titles.setdefault(schema["pattern"], title)
            for value in schema.values():
                collect(value, title)
        elif isinstance(schema, list):
            for value in schema:
                collect(value, title)

    for name, definition in load_schema("callback-union.schema.json")["$defs"].items():
        collect(definition, name)
    return titles
