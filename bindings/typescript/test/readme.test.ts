// The blocks of bindings/typescript/README.md marked
// `<!-- checked by bindings/typescript/test/readme.test.ts -->`:
//   - the receiving example (which .ci/cross-language/npm-package.sh writes to readme-example.ts
//     beside this file, so that `tsc --strict` compiles it too), run on fixtures: a documented
//     body is read and narrowed, an older one too, an unknown type is kept, and a broken body of a
//     known type is refused with its path;
//   - the error messages, each of which must be what `parseCallback` says of a fixture.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parseCallback } from "vibes-callbacks";
import { receive } from "./readme-example.js";
import { ROOT, bodyOf, readings } from "./support.js";

const MARKER = "<!-- checked by bindings/typescript/test/readme.test.ts -->";

function run(fixture: string): [number, string] {
  const printed: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void printed.push(args.map(String).join(" "));
  try {
    return [receive(bodyOf(`tests/fixtures/${fixture}`)), printed.join("\n")];
  } finally {
    console.log = log;
  }
}

const CASES: [string, number, string][] = [
  ["callbacks/docs/person_added__platform.json", 200, "new person 12344566"],
  ["callbacks/seeds/person_added__test_callback.json", 200, "new person undefined"],
  ["callbacks/seeds/event_processed__routing_no_route_rules.json", 200, "not processed: no_route_rules_found_for_event"],
  ["strict/unknown_callback_type.json", 200, "stored a loyalty_points_earned callback"],
  ["invalid/nested_wrong_type.json", 400, "refused at event_processed.action.failure.reason:"],
];

for (const [fixture, answer, printed] of CASES) {
  test(`the README's example on ${fixture}`, () => {
    const [status, out] = run(fixture);
    assert.equal(status, answer);
    assert.ok(out.includes(printed), out);
  });
}

test("every message the README shows is one a fixture gives", () => {
  const readme = readFileSync(join(ROOT, "bindings/typescript/README.md"), "utf8");
  assert.equal(readme.split(MARKER).length - 1, 2, "two checked blocks: the example and the messages");
  const block = readme.split(MARKER)[2]?.match(/^\n```text\n([\s\S]*?)\n```/);
  assert.ok(block, "the messages follow the second marker");
  const given = new Set<string>();
  for (const { fixture } of readings()) {
    try {
      parseCallback(bodyOf(fixture), { strict: true });
    } catch (error) {
      given.add((error as Error).message);
    }
  }
  for (const message of block[1]!.split("\n")) assert.ok(given.has(message), message);
});
