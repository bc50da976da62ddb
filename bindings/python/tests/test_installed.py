"""The package under test is the installed one, built as a user gets it: not this folder's
source, at the crate's version, typed, with the schemas inside."""

from __future__ import annotations

import tomllib
from importlib import metadata, resources
from pathlib import Path

from conftest import ROOT

import vibes_callbacks


def test_the_package_is_installed_not_the_source_folder() -> None:
    imported = Path(vibes_callbacks.__file__).resolve()
    assert "site-packages" in imported.parts, imported
    assert not imported.is_relative_to(ROOT / "bindings" / "python"), imported


def test_the_version_is_the_crate_s() -> None:
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))
    assert vibes_callbacks.__version__ == cargo["workspace"]["package"]["version"]
    assert metadata.version("vibes-callbacks") == vibes_callbacks.__version__


def test_the_package_is_typed_and_depends_on_pydantic_2() -> None:
    assert resources.files("vibes_callbacks").joinpath("py.typed").is_file()
    requires = metadata.requires("vibes-callbacks") or []
    assert any(r.startswith("pydantic") and "<3" in r for r in requires), requires
    assert any("jsonschema" in r and 'extra == "jsonschema"' in r for r in requires), requires


def test_every_exported_name_exists() -> None:
    for name in vibes_callbacks.__all__:
        assert hasattr(vibes_callbacks, name), name
    assert {"parse_callback", "validate", "UnknownCallback", "PersonAdded", "Callback"} <= set(
        vibes_callbacks.__all__
    )
