#!/usr/bin/env python3
"""Validate schemas/openapi.json as an OpenAPI 3.1 document, and check its refs.

Checks, each counted once:
  1. openapi-spec-validator's OpenAPI 3.1 validator accepts the document. It is
     given the document's file URI as base URI, so the relative `$ref`s to the
     schema files beside it (`callback-registration.schema.json`, ...) are
     resolved and the schemas they name are validated too.
  2. every distinct `$ref` in the document resolves: `#/...` to a place in the
     document; `file.schema.json[#/pointer]` to an existing file next to the
     document that parses as JSON and has that place.
  3. every schema file the document refers to is a valid draft 2020-12 schema
     and every `$ref` inside it resolves (against the file's `$id`, with all
     the files under schemas/ registered under their `$id`s and file URIs).
  4. every OpenAPI `discriminator`, in the document and in those schema files,
     is one code generators can rely on (validators ignore the keyword): it
     sits beside a `oneOf` of `$ref`s; its `mapping` maps a tag to each member
     and to nothing else; and each mapped member requires `propertyName` and
     fixes it (`const` or `enum`) to the tags that map to it.

Usage: validate.py [path/to/openapi.json]   (default: schemas/openapi.json,
relative to the repository root). Prints one line per failure, then
`openapi: N passed, M failed`; exits 1 on any failure.
"""

import json
import sys
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[2]


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def refs(value):
    """Every `$ref` string in a JSON value, in document order."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                yield item
            else:
                yield from refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from refs(item)


def refs_with_base(value, base):
    """Every `$ref` in a schema with the base URI it is resolved against
    (`$id` changes the base for its subschema)."""
    if isinstance(value, dict):
        if isinstance(value.get("$id"), str):
            base = urljoin(base, value["$id"])
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                yield base, item
            elif key not in ("const", "enum", "examples", "default"):
                yield from refs_with_base(item, base)
    elif isinstance(value, list):
        for item in value:
            yield from refs_with_base(item, base)


def pointer(document, fragment):
    """The value at JSON pointer `fragment` ('' or '/a/b'), or raise KeyError."""
    node = document
    if fragment == "":
        return node
    if not fragment.startswith("/"):
        raise KeyError(f"#{fragment} is not a JSON pointer")
    for token in fragment.split("/")[1:]:
        token = unquote(token).replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            node = node[int(token)]
        elif isinstance(node, dict):
            node = node[token]
        else:
            raise KeyError(token)
    return node


def describe(error):
    """A short text for an error: a validation message, or an exception's type and ref."""
    message = getattr(error, "message", None)
    if isinstance(message, str):
        return message[:500]
    ref = getattr(error, "ref", None)
    if ref is not None:
        return f"{type(error).__name__}: {ref}"
    return f"{type(error).__name__}: {str(error)[:500]}"


def discriminated(value):
    """Every schema object holding a `discriminator`, in a JSON value."""
    if isinstance(value, dict):
        if isinstance(value.get("discriminator"), dict):
            yield value
        for key, item in value.items():
            if key not in ("const", "enum", "examples", "default", "discriminator"):
                yield from discriminated(item)
    elif isinstance(value, list):
        for item in value:
            yield from discriminated(item)


def check_discriminator(union, base, load):
    """The problems of one discriminated union (an empty list when it is sound).

    `base` is the URI the union's references are relative to; `load(uri)` returns the
    JSON document at a URI without fragment."""
    def resolve(ref):
        target, fragment = urldefrag(urljoin(base, ref))
        return f"{target}#{fragment}", pointer(load(target), fragment)

    discriminator = union["discriminator"]
    name, mapping = discriminator.get("propertyName"), discriminator.get("mapping")
    if not isinstance(name, str) or not isinstance(mapping, dict) or not mapping:
        return ["a discriminator needs a `propertyName` and a non-empty `mapping`"]
    members = union.get("oneOf")
    if not isinstance(members, list) or not all(
        isinstance(m, dict) and set(m) == {"$ref"} for m in members
    ):
        return ["a discriminator must sit beside a `oneOf` of lone `$ref`s"]
    problems = []
    try:
        member_targets = {resolve(m["$ref"])[0] for m in members}
        tags_of = {}
        for tag, ref in mapping.items():
            tags_of.setdefault(resolve(ref)[0], set()).add(tag)
    except (KeyError, IndexError, ValueError, TypeError, OSError) as e:
        return [f"a reference does not resolve: {e!r}"]
    if set(tags_of) != member_targets:
        problems.append(
            f"`mapping` and `oneOf` name different schemas: {sorted(set(tags_of) ^ member_targets)}"
        )

    def fixed_tags(uri, schema):
        """The tags a member fixes `name` to, or None; a member that is itself a union
        fixes the tags all its members fix."""
        prop = (schema.get("properties") or {}).get(name)
        if prop is not None:
            if name not in schema.get("required", []):
                return None
            if "const" in prop:
                return {prop["const"]}
            return set(prop.get("enum", [])) or None
        nested = schema.get("oneOf")
        if isinstance(nested, list) and nested:
            found = []
            for member in nested:
                target, fragment = urldefrag(urljoin(uri, member.get("$ref", "")))
                found.append(fixed_tags(target, pointer(load(target), fragment)))
            if all(tags is not None and tags == found[0] for tags in found):
                return found[0]
        return None

    for uri, tags in sorted(tags_of.items()):
        fixed = fixed_tags(uri, resolve(uri)[1])
        if fixed != tags:
            problems.append(f"{uri} fixes `{name}` to {fixed}, the mapping gives it {sorted(tags)}")
    return problems


def file_of(uri):
    """The local path of a file: URI."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return Path(unquote(parsed.path))


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "schemas" / "openapi.json"
    path = path.absolute()
    passed = failed = 0

    def ok():
        nonlocal passed
        passed += 1

    def fail(message):
        nonlocal failed
        failed += 1
        print(f"FAIL {message}")

    try:
        spec = load_json(path)
    except (OSError, ValueError) as e:
        fail(f"{path}: cannot read it (run `cargo xtask generate`?): {e}")
        print(f"openapi: {passed} passed, {failed} failed")
        return 1
    base = path.as_uri()

    # 1. The OpenAPI 3.1 validator, with the document's URI as base.
    try:
        errors = list(OpenAPIV31SpecValidator(spec, base_uri=base).iter_errors())
    except Exception as e:  # an unresolvable $ref surfaces as an exception
        errors = [e]
    if errors:
        for error in errors[:20]:
            where = "/".join(str(p) for p in getattr(error, "path", ()))
            where = f" at {where}" if where else ""
            fail(f"openapi-spec-validator{where}: {describe(error)}")
        if len(errors) > 20:
            print(f"... and {len(errors) - 20} more")
    else:
        print(f"ok   openapi-spec-validator (OpenAPI {spec.get('openapi')}) accepts {path.name}")
        ok()

    # 2. Every $ref of the document resolves.
    referenced = {}  # file URI -> loaded JSON
    for ref in sorted(set(refs(spec))):
        target, fragment = urldefrag(urljoin(base, ref))
        if target == base:
            try:
                pointer(spec, fragment)
                ok()
            except (KeyError, IndexError, ValueError, TypeError):
                fail(f"$ref {ref}: no such place in {path.name}")
            continue
        file = file_of(target)
        if file is None or not file.is_file():
            fail(f"$ref {ref}: {target} is not an existing file")
            continue
        try:
            document = referenced.get(target) or load_json(file)
        except ValueError as e:
            fail(f"$ref {ref}: {file} is not JSON: {e}")
            continue
        referenced[target] = document
        try:
            pointer(document, fragment)
            ok()
        except (KeyError, IndexError, ValueError, TypeError):
            fail(f"$ref {ref}: no place #{fragment} in {file.name}")

    # 3. The referenced schema files are valid 2020-12 schemas whose own refs resolve.
    resources = []
    for file in sorted(path.parent.rglob("*.schema.json")):
        try:
            contents = load_json(file)
        except ValueError:
            continue  # reported below if the document refers to it
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        resources.append((file.as_uri(), resource))
        if isinstance(contents, dict) and isinstance(contents.get("$id"), str):
            resources.append((contents["$id"], resource))
    registry = Registry().with_resources(resources)
    for target, document in sorted(referenced.items()):
        name = file_of(target).relative_to(path.parent)
        problems = []
        try:
            Draft202012Validator.check_schema(document)
        except Exception as e:
            problems.append(f"not a valid 2020-12 schema: {str(e)[:300]}")
        for ref_base, ref in refs_with_base(document, target):
            try:
                registry.resolver(ref_base).lookup(ref)
            except Exception as e:
                problems.append(f"$ref {ref} (base {ref_base}) does not resolve: {describe(e)}")
        if problems:
            for problem in problems[:5]:
                fail(f"{name}: {problem}")
        else:
            ok()
    print(
        f"ok   {len(referenced)} schema files referred to by {path.name}:"
        f" {sum(1 for _ in refs(spec))} refs"
    )

    # 4. Every discriminator is sound, in the document and in the files it refers to.
    documents = {base: spec}

    def load(uri):
        if uri not in documents:
            documents[uri] = load_json(file_of(uri))
        return documents[uri]

    checked = 0
    for uri, document in [(base, spec)] + sorted(referenced.items()):
        for union in discriminated(document):
            checked += 1
            problems = check_discriminator(union, uri, load)
            for problem in problems:
                fail(f"discriminator on `{union['discriminator'].get('propertyName')}` in {uri}: {problem}")
            if not problems:
                ok()
    if checked == 0:
        fail("no discriminator found: the callback unions should have them")
    print(f"ok   {checked} discriminators: every mapping and oneOf agree, every tag is fixed")

    print(f"openapi: {passed} passed, {failed} failed")
    if passed + failed == 0:
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
