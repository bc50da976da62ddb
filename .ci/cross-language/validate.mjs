#!/usr/bin/env node
// Compile every schema file with ajv's draft 2020-12 class in strict mode, validate every
// fixture against its schema files, and compare with the Rust parser's strict verdict.
//
// Input: the JSON array printed by `cargo xtask verdicts`, each item
// `{"fixture": path, "schema": path, "accepted": bool}` with paths relative to
// the repository root; read from the file named by argv[2], or from stdin.
//
// Prints one line per disagreement, then `node ajv: N passed, M failed`.
// Exits 1 on any disagreement, on a schema ajv cannot compile, or when no
// fixture was checked.

import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const loadJson = (path) => JSON.parse(readFileSync(path, "utf8"));

// The schema files to load: those the verdicts name, plus those that
// `schemas/index.json` lists (so a `$ref` from one file to another resolves).
function schemaFiles(verdicts) {
  const files = new Set(verdicts.map((v) => v.schema));
  const index = resolve(ROOT, "schemas", "index.json");
  if (existsSync(index)) {
    for (const entry of loadJson(index).schemas ?? []) {
      const file = typeof entry === "string" ? entry : entry?.file;
      if (typeof file === "string") files.add(`schemas/${file}`);
    }
  }
  return [...files].sort();
}

function main() {
  const arg = process.argv[2];
  const verdicts = JSON.parse(
    arg && arg !== "-" ? readFileSync(arg, "utf8") : readFileSync(0, "utf8"),
  );
  if (!Array.isArray(verdicts)) {
    console.error("verdicts: expected a JSON array");
    return 1;
  }

  // strict: true — every schema file must compile under Ajv's strict mode, as a strict user's
  // Ajv would compile it, with two settings that stay within it:
  // allowUnionTypes: true — strictTypes refuses `"type": ["string", "null"]` unless allowed;
  //   that is standard 2020-12, and Ajv's documented switch for it.
  // `discriminator` is registered as an annotation keyword (below), checked against OpenAPI's
  //   Discriminator Object. Ajv's own `discriminator: true` option cannot be used: it refuses
  //   `mapping` ("discriminator: mapping is not supported"), which code generators need. The
  //   keyword never decides a verdict: `oneOf` and each variant's `const` tag do.
  // validateFormats: false — in 2020-12 `format` is an annotation by default
  //   (format-annotation vocabulary), and the Rust parser and Python's jsonschema do not assert
  //   it either; ajv would otherwise throw on formats it does not know (such as `int64`).
  // allErrors: true — report the full picture for a disagreement.
  const ajv = new Ajv2020({
    strict: true,
    allowUnionTypes: true,
    validateFormats: false,
    allErrors: true,
  });
  ajv.addKeyword({
    keyword: "discriminator",
    schemaType: "object",
    metaSchema: {
      type: "object",
      required: ["propertyName"],
      properties: {
        propertyName: { type: "string" },
        mapping: { type: "object", additionalProperties: { type: "string" } },
      },
      additionalProperties: false,
    },
  });

  const ids = new Map(); // schema path -> key to get its validator by
  let badSchema = false;
  for (const rel of schemaFiles(verdicts)) {
    const schema = loadJson(resolve(ROOT, rel));
    const key = schema.$id ?? pathToFileURL(resolve(ROOT, rel)).href;
    try {
      ajv.addSchema(schema, schema.$id ? undefined : key);
      ids.set(rel, key);
    } catch (e) {
      console.log(`INVALID SCHEMA ${rel}: ${e.message}`);
      badSchema = true;
    }
  }
  const validators = new Map();
  for (const [rel, key] of ids) {
    try {
      validators.set(rel, ajv.getSchema(key)); // compiles; throws on a bad schema
    } catch (e) {
      console.log(`INVALID SCHEMA ${rel}: ${e.message}`);
      badSchema = true;
    }
  }

  let passed = 0;
  let failed = 0;
  for (const v of verdicts) {
    const { fixture, schema: rel } = v;
    const expected = Boolean(v.accepted);
    const validate = validators.get(rel);
    if (!validate) {
      console.log(`DISAGREE ${fixture} against ${rel}: schema could not be loaded`);
      failed++;
      continue;
    }
    const accepted = validate(loadJson(resolve(ROOT, fixture)));
    if (accepted === expected) {
      passed++;
      continue;
    }
    failed++;
    if (accepted) {
      console.log(`DISAGREE ${fixture} against ${rel}: Rust rejects it, ajv accepts it`);
    } else {
      const why = ajv.errorsText(validate.errors?.slice(0, 3)).slice(0, 300);
      console.log(`DISAGREE ${fixture} against ${rel}: Rust accepts it, ajv rejects it: ${why}`);
    }
  }

  console.log(
    `node ajv (strict): ${validators.size} schema files compiled, ${passed} verdicts passed, ${failed} failed`,
  );
  if (passed + failed === 0) {
    console.error("no fixture was checked");
    return 1;
  }
  return failed || badSchema ? 1 : 0;
}

process.exitCode = main();
