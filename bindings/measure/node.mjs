// Parse time per callback body of `parseCallback` (validators compiled ahead of time), against Ajv
// compiling the union schema at run time and validating each parsed body with it, as the cross-
// language check configures Ajv. Every body the Rust parser reads (tests/fixtures/callbacks), as
// text; each figure is the best of several rounds over all of them, divided by their number. The
// time to compile the union, paid once per process, is shown beside the time to load the package.
// Run by bindings/measure.sh, in a project that installed the packed package and Ajv.
//
// Usage: node node.mjs REPOSITORY

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROUNDS = 5;
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

function perBody(read, repeat) {
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const begin = process.hrtime.bigint();
    for (let pass = 0; pass < repeat; pass++) for (const body of bodies) read(body);
    best = Math.min(best, Number(process.hrtime.bigint() - begin) / (repeat * bodies.length));
  }
  return best;
}

for (const body of bodies) {
  parseCallback(body);
  if (!validate(JSON.parse(body))) throw new Error("Ajv refuses a body the Rust parser reads");
}
const helper = perBody((body) => parseCallback(body), 2000);
const runtime = perBody((body) => validate(JSON.parse(body)), 2000);
const fmt = (ns) => `${(ns / 1000).toFixed(2).padStart(9)} µs`;
console.log(`node: ${bodies.length} bodies, best of ${ROUNDS} rounds, time per body`);
console.log(`  parseCallback                                ${fmt(helper)}   1.00`);
console.log(`  Ajv, the union compiled at run time          ${fmt(runtime)}  ${(runtime / helper).toFixed(2).padStart(5)} × parseCallback`);
console.log(`  once per process: loading vibes-callbacks ${loaded.toFixed(0)} ms; loading Ajv and compiling the union ${compiled.toFixed(0)} ms (${(compiled / loaded).toFixed(1)} ×)`);
