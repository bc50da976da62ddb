"""Typed Vibes webhook callbacks for Python: pydantic models generated from the JSON Schemas of
the Rust crate `vibes-types`, and a helper that reads a body into the model of its own type.

    from vibes_callbacks import CallbackError, PersonAdded, UnknownCallback, parse_callback

    try:
        callback = parse_callback(request_body)  # bytes, str or dict
    except CallbackError as error:
        ...  # error.where is the JSON path, str(error) a one-line message
    if isinstance(callback, PersonAdded):
        print(callback.person.person_id)

Hand-written: this module, `parse`, `validate`, `schemas`, `errors`, `syntax`, `calendar` and
`paths`.
Generated (never edited by hand): everything under `generated/`.
"""

from importlib.metadata import version as _version

from . import generated
from .errors import CallbackError
from .generated import *  # noqa: F403 - the models, by the names `generated.__all__` lists
from .parse import UnknownCallback, parse_callback
from .schemas import load_schema, schema_names
from .validate import validate

__version__ = _version("vibes-callbacks")
"""The package's version, which is the version of the Rust crate `vibes-types` it matches."""

__all__ = [
    "CallbackError",
    "UnknownCallback",
    "load_schema",
    "parse_callback",
    "schema_names",
    "validate",
]
__all__ += generated.__all__
