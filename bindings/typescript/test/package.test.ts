// The installed package as a project of either module kind gets it: both builds load (the one of
// this project's kind by `import`, the other through `require` or `import()`), agree, and recognise
// each other's unknown callbacks; the validators are compiled ahead of time (the package depends
// on nothing, so Ajv cannot even be found); the schemas ship inside; the version is the crate's.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import * as here from "vibes-callbacks";
import { ROOT, bodyOf } from "./support.js";

// The project's own folder: `require` resolves from it, as this project's code would.
const requireHere = createRequire(join(process.cwd(), "package.json"));

test("the CommonJS and ES module builds both load and agree", async () => {
  const required = requireHere("vibes-callbacks") as typeof here;
  const imported = (await import("vibes-callbacks")) as typeof here;
  const body = bodyOf("tests/fixtures/strict/unknown_callback_type.json");
  for (const other of [required, imported]) {
    assert.equal(typeof other.parseCallback, "function");
    assert.ok(here.isUnknownCallback(other.parseCallback(body)));
    assert.ok(other.isUnknownCallback(here.parseCallback(body)));
  }
  assert.notEqual(required.parseCallback, imported.parseCallback, "two builds, one per module kind");
});

test("the package depends on nothing, so no schema is compiled at run time", () => {
  const manifest = JSON.parse(readFileSync(requireHere.resolve("vibes-callbacks/package.json"), "utf8")) as Record<string, unknown>;
  assert.equal(manifest["dependencies"], undefined);
  assert.throws(() => requireHere.resolve("ajv"), /Cannot find module/);
});

test("the version is the crate's", () => {
  const manifest = JSON.parse(readFileSync(requireHere.resolve("vibes-callbacks/package.json"), "utf8")) as { version: string };
  const cargo = readFileSync(join(ROOT, "Cargo.toml"), "utf8");
  assert.match(cargo, new RegExp(`\\[workspace\\.package\\]\\nversion = "${manifest.version.replaceAll(".", "\\.")}"\\n`));
});

test("the schemas ship inside, as in the repository", () => {
  for (const name of ["callback.schema.json", "callback-union.schema.json", "callbacks/person_added.schema.json", "index.json"]) {
    const shipped = readFileSync(requireHere.resolve(`vibes-callbacks/schemas/${name}`), "utf8");
    assert.equal(shipped, readFileSync(join(ROOT, "schemas", name), "utf8"), name);
  }
});
