// Runs the README's TypeScript example (written to readme/example.ts by readme_examples.py) on
// fixtures: a documented body is read and narrowed, an older one too, a body of an unknown
// callback type comes back raw, and a broken body of a known type throws.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { receive } from "./readme/example.js";

const fixtures = fileURLToPath(new URL("../../../../../tests/fixtures/", import.meta.url));
const read = (name: string): string => readFileSync(`${fixtures}${name}`, "utf8");

const failures: string[] = [];
const logged: unknown[][] = [];
const log = console.log;
console.log = (...args: unknown[]) => void logged.push(args);

const person = receive(read("callbacks/docs/person_added__platform.json"));
if (person["callback_type"] !== "person_added" || !logged.some((l) => l[1] === "12344566")) {
  failures.push("person_added was not read and narrowed");
}
const failed = receive(read("callbacks/seeds/event_processed__routing_no_route_rules.json"));
if (failed["callback_type"] !== "event_processed" || !logged.some((l) => l[1] === "no_route_rules_found_for_event")) {
  failures.push("a failed routing action was not narrowed to its failure");
}
const legacy = receive(read("callbacks/docs/wallet_item_install__platform.json"));
if (legacy["event_type"] !== "wallet_item_install") failures.push("an older body was not read");
const unknown = receive(read("strict/unknown_callback_type.json"));
if (unknown["callback_type"] !== "loyalty_points_earned") failures.push("an unknown type was not kept raw");
try {
  receive(read("invalid/nested_wrong_type.json"));
  failures.push("a broken event_processed body was not refused");
} catch {
  // Refused, as it should be.
}

console.log = log;
for (const failure of failures) console.log(`FAIL ${failure}`);
process.exitCode = failures.length ? 1 : 0;
