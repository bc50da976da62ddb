"""`validate`: a body checked against one of the bundled JSON Schemas with `jsonschema` (the
`jsonschema` extra: `pip install "vibes-callbacks[jsonschema]"`), for those who want the schema's
verdict rather than a model. The error is the same `CallbackError`, with the path and a short
message, as `parse_callback` raises. Beyond the schemas, as `parse_callback` and the Rust parser:
a key given twice, `NaN` and `1e400` are refused, and a timestamp of a day its month does not
have (the schemas' `Timestamp` pattern cannot check the calendar)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic_core import from_json

from .calendar import calendar_problem
from .errors import (
    CallbackError,
    beyond_json,
    expected_kinds,
    found,
    json_type,
    not_json,
    one_of,
    quoted,
)
from .paths import Path
from .schemas import load_schema, schema_names

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError


def validate(data: bytes | str | Mapping[str, Any], *, schema: str = "callback.schema.json") -> None:
    """Check `data` (a body's bytes or text, or a decoded object) against the bundled schema
    file `schema`. The default, `callback.schema.json`, takes any callback body of a known type:
    it picks the branch of the body's own type (by `callback_type`, else `event_type`), so an
    error is about that type. Raises `CallbackError` when the body is not JSON or the schema
    refuses it; the schemas state the documented contract, so an unknown callback type is
    refused too. Needs the `jsonschema` extra.
    """
    if isinstance(data, Mapping):
        value: Any = data
    else:
        text = bytes(data) if isinstance(data, (bytearray, memoryview)) else data
        try:
            value = from_json(text, allow_inf_nan=False)
        except ValueError as error:
            raise not_json(text, str(error), subject=schema) from error
        if (fault := beyond_json(text, value, subject=schema)) is not None:
            raise fault
    errors = list(_validator(schema).iter_errors(value))
    if errors:
        path, problem = _explain(errors)
        raise CallbackError(problem, path=path, subject=schema)


@cache
def _validator(name: str) -> Draft202012Validator:
    try:
        from jsonschema import Draft202012Validator, validators
        from referencing import Registry, Resource
    except ImportError as error:
        raise ImportError(
            'validate() needs jsonschema: pip install "vibes-callbacks[jsonschema]"'
        ) from error
    schema = load_schema(name)
    # Every bundled file, by its `$id`, so that a reference from one file to another resolves
    # without reaching the network.
    files = [load_schema(file) for file in schema_names()]
    registry: Registry[Any] = Registry().with_resources(
        (file["$id"], Resource.from_contents(file)) for file in files if "$id" in file
    )
    validator = validators.extend(Draft202012Validator, {"pattern": _pattern_and_calendar})
    return validator(schema, registry=registry)  # type: ignore[no-any-return]


def _pattern_and_calendar(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """The `pattern` keyword, and for the pattern of `Timestamp`, the calendar: a day its month
    does not have (`2021-02-30`), which the pattern lets through and the Rust parser refuses."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

    found_any = False
    for error in Draft202012Validator.VALIDATORS["pattern"](validator, pattern, instance, schema):
        found_any = True
        yield error
    if not found_any and pattern == _timestamp_pattern() and isinstance(instance, str):
        if calendar_problem(instance) is not None:
            yield ValidationError(f"{instance!r} is not a day its month has")


def _explain(errors: Sequence[ValidationError], title: str | None = None) -> tuple[Path, str]:
    """The place and words of the error that says most about a refused body.

    A wrong JSON type comes first, then the error found by the shortest chain of keywords: the
    schema's own gates (a `callback_type` that is not a string fails the top-level rule for it,
    and the branch of every type besides, which the `if`s cannot choose between). Then, as
    pydantic and Ajv do, a discriminated `oneOf` (the action, on `type`, then `status`) is
    followed into the branch its tag names; of an `anyOf` (an object or null; an id that is a
    string or a number), what the branch that took the value's type found inside it or in it,
    else every type the value may have.
    """
    error = min(errors, key=lambda e: (e.validator != "type", len(e.relative_schema_path)))
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    title = schema.get("title", title)
    discriminator = schema.get("discriminator")
    if error.validator == "oneOf" and isinstance(discriminator, dict):
        field, instance = discriminator["propertyName"], error.instance
        if not isinstance(instance, dict) or field not in instance:
            return path, f"missing field `{field}`"
        tag = instance[field]
        if not isinstance(tag, str):
            return (*path, field), expected_kinds(["a string"], tag)
        target = {"$ref": discriminator.get("mapping", {}).get(tag)}
        branch = next((i for i, sub in enumerate(schema["oneOf"]) if sub == target), None)
        chosen = [e for e in error.context or [] if e.relative_schema_path[0] == branch]
        if not chosen:
            tags = discriminator.get("mapping", {})
            return (*path, field), f"unknown value {quoted(tag)}, expected one of {one_of(tags)}"
        return _explain(chosen, title)
    if error.validator in ("anyOf", "oneOf") and error.context:
        inside = [e for e in error.context if len(e.absolute_path) > len(path)]
        if inside:
            return _explain(inside, title)
        content = [e for e in error.context if e.validator != "type"]
        if content:
            return _explain(content, title)
        kinds = [json_type(kind) for e in error.context for kind in _types(e.validator_value)]
        return path, expected_kinds(kinds, error.instance)
    return path, _problem(error, title)


def _types(schema_type: Any) -> list[str]:
    return [schema_type] if isinstance(schema_type, str) else list(schema_type)


def _problem(error: ValidationError, title: str | None) -> str:
    """What `error` says, in the words `parse_callback` uses."""
    keyword, expected, value = error.validator, error.validator_value, error.instance
    if keyword == "type":
        return expected_kinds([json_type(kind) for kind in _types(expected)], value)
    if keyword == "required" and isinstance(value, dict):
        missing = next((field for field in expected if field not in value), None)
        if missing is not None:
            return f"missing field `{missing}`"
    if keyword == "enum":
        return f"unknown value {_shown(value)}, expected one of {one_of(expected)}"
    if keyword == "const":
        return f"expected {one_of([expected])}, found {found(value)}"
    if keyword == "pattern" and isinstance(value, str):
        if expected == _timestamp_pattern() and re.search(expected, value) is not None:
            return calendar_problem(value) or error.message[:150]
        if title:
            return f"{quoted(value)} is not a valid {title}"
        return f"{quoted(value)} does not match the pattern {str(expected)[:80]}"
    if keyword == "minimum":
        return f"expected at least {expected}, found {found(value)}"
    if keyword == "maximum":
        return f"expected at most {expected}, found {found(value)}"
    return error.message[:150]


@cache
def _timestamp_pattern() -> str:
    """The pattern of the schemas' `Timestamp`."""
    pattern: str = load_schema("callback-union.schema.json")["$defs"]["Timestamp"]["pattern"]
    return pattern


def _shown(value: Any) -> str:
    return quoted(value) if isinstance(value, str) else found(value)
