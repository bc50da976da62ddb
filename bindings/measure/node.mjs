// Parse time per callback body of `parseCallback` (validators compiled ahead of time), against Ajv
// compiling the union schema at run time and validating each parsed body with it, as the cross-
// language check configures Ajv. Every body the Rust parser reads (tests/fixtures/callbacks), as
// text; each figure is the best of several rounds over all of them (the process's CPU time),
// divided by their number. The time to compile the union, paid once per process, is shown beside
// the time to load the package.
// Run by bindings/measure.sh, in a project that installed the packed package and Ajv.
//
// Usage: node node.mjs REPOSITORY

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROUNDS = 30;
const root = process.argv[2];
const folder = join(root, "tests/fixtures/callbacks");
const bodies = readdirSync(folder)
  .flatMap((sub) => readdirSync(join(folder, sub)).filter((name) => name.endsWith(".json")).map((name) => join(folder, sub, name)))
  .sort()
  .map((path) => readFileSync(path, "utf8"));
const union = JSON.parse(readFileSync(join(root, "schemas/callback-union.schema.json"), "utf8"));

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
let start = process.hrtime.bigint();
const { parseCallback } = await import("vibes-callbacks");
const loaded = ms(start);
start = process.hrtime.bigint();
const { Ajv2020 } = await import("ajv/dist/2020.js");
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, validateFormats: false }).addKeyword("discriminator");
const validate = ajv.compile(union);
const compiled = ms(start);

/** The best time of each reader, over ROUNDS rounds of `repeat` passes over the bodies, per body
 * read, in nanoseconds. The time is the process's CPU time, which other work on a shared machine
 * changes less than the clock's; the readers take turns within each round, so that a busy moment
 * weighs on each alike. */
function perBody(readers, repeat) {
  const best = readers.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    readers.forEach((read, index) => {
      const begin = process.cpuUsage();
      for (let pass = 0; pass < repeat; pass++) for (const body of bodies) read(body);
      const used = process.cpuUsage(begin);
      best[index] = Math.min(best[index], ((used.user + used.system) * 1000) / (repeat * bodies.length));
    });
  }
  return best;
}

for (const body of bodies) {
  parseCallback(body);
  if (!validate(JSON.parse(body))) throw new Error("Ajv refuses a body the Rust parser reads");
}
const [helper, runtime] = perBody([(body) => parseCallback(body), (body) => validate(JSON.parse(body))], 300);
const fmt = (ns) => `${(ns / 1000).toFixed(2).padStart(9)} µs`;
console.log(`node: ${bodies.length} bodies, best of ${ROUNDS} rounds, CPU time per body`);
console.log(`  parseCallback                                ${fmt(helper)}   1.00`);
console.log(`  Ajv, the union compiled at run time          ${fmt(runtime)}  ${(runtime / helper).toFixed(2).padStart(5)} × parseCallback`);
console.log(`  once per process: loading vibes-callbacks ${loaded.toFixed(0)} ms; loading Ajv and compiling the union ${compiled.toFixed(0)} ms (${(compiled / loaded).toFixed(1)} ×)`);
