// `parseCallback` on every callback body fixture, held to the Rust parser's reading of it
// (`cargo xtask readings`):
//   - a body the Rust parser reads strictly is returned, in both modes, as the parsed body itself,
//     and the guard of its own type (and of no other) holds for it;
//   - a body of a type this version does not know is kept as an `UnknownCallback` holding it, and
//     refused with `{ strict: true }` at the path the Rust parser names;
//   - every other body is refused in both modes (the schemas state the documented contract, as
//     strict reading does) by a `CallbackError` at the path the Rust parser names (or inside a
//     free-form object, which it names whole: samePlace), with a one-line message of at most
//     300 characters that names the path and the type read.
// A body read differently would be listed in KNOWN_DIFFERENCES with its reason (the list is empty);
// the test checks the list both ways, so a difference that goes away must leave the list.

import assert from "node:assert/strict";
import { test } from "node:test";
import * as vibes from "vibes-callbacks";
import { isUnknownCallback, parseCallback, type Callback } from "vibes-callbacks";
import { bodyOf, errorProblems, fixtureId, readings, type FixtureReadings } from "./support.js";

// Fixtures `parseCallback` reads differently from the Rust parser, with the reason: none. (A key
// given twice and `2021-02-30` were here; the README's "Where it reads differently" says what
// remains and why it leaves no invalid body accepted.)
const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {};

/** The guards of every callback type, by type: `isPersonAdded` for `person_added`. */
const GUARDS = new Map(
  Object.entries(vibes)
    .filter(([name, value]) => /^is[A-Z]/.test(name) && name !== "isUnknownCallback" && typeof value === "function")
    .map(([name, guard]) => [
      name.slice(2).replace(/(?<!^)(?=[A-Z])/g, "_").toLowerCase(),
      guard as (callback: Callback | vibes.UnknownCallback) => boolean,
    ]),
);

function readProblems({ fixture, lenient, strict: rust }: FixtureReadings, strict: boolean): string[] {
  const body = bodyOf(fixture);
  let value: Callback | vibes.UnknownCallback;
  try {
    value = parseCallback(body, { strict });
  } catch (error) {
    if (rust.accepted || (lenient.accepted && !lenient.known && !strict)) return [`refused: ${String(error)}`];
    return errorProblems(error, rust);
  }
  const parsed: unknown = JSON.parse(new TextDecoder().decode(body));
  if (rust.accepted) {
    if (isUnknownCallback(value)) return [`kept as an unknown ${value.callbackType}`];
    const problems: string[] = [];
    try {
      assert.deepEqual(value, parsed);
    } catch {
      problems.push("not the body as parsed");
    }
    const holding = [...GUARDS].filter(([, guard]) => guard(value)).map(([type]) => type);
    if (holding.join() !== rust.callback_type) problems.push(`the guards of [${holding.join()}] hold for it`);
    return problems;
  }
  if (lenient.accepted && !lenient.known && !strict) {
    if (!isUnknownCallback(value)) return ["an unknown type was not kept as an UnknownCallback"];
    const problems: string[] = [];
    if (value.callbackType !== lenient.callback_type) problems.push(`kept as ${value.callbackType}`);
    try {
      assert.deepEqual(value.body, parsed);
    } catch {
      problems.push("kept with another body");
    }
    if ([...GUARDS.values()].some((guard) => guard(value))) problems.push("a guard holds for it");
    return problems;
  }
  return [`read, though the Rust parser refuses it at \`${rust.path}\``];
}

for (const reading of readings()) {
  const id = fixtureId(reading.fixture);
  test(`reads ${id} as the Rust parser does`, () => {
    const problems = { lenient: readProblems(reading, false), strict: readProblems(reading, true) };
    const known = KNOWN_DIFFERENCES[id];
    if (known === undefined) assert.deepEqual(problems, { lenient: [], strict: [] });
    else assert.notDeepEqual(problems, { lenient: [], strict: [] }, `no longer differs (${known}): drop it`);
  });
}

test("every known difference is a fixture", () => {
  const fixtures = new Set(readings().map(({ fixture }) => fixtureId(fixture)));
  for (const known of Object.keys(KNOWN_DIFFERENCES)) assert.ok(fixtures.has(known), known);
});

test("there is a guard for every callback type the fixtures hold", () => {
  const types = new Set(readings().flatMap(({ strict }) => (strict.accepted && strict.callback_type ? [strict.callback_type] : [])));
  assert.ok(types.size >= 17, `${types.size} types read`);
  for (const type of types) assert.ok(GUARDS.has(type), type);
  assert.equal(GUARDS.size, 17);
});
