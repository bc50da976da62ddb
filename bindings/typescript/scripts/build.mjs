// Builds the package into dist/: dist/esm (ES modules) and dist/cjs (CommonJS, marked as such by a
// package.json of its own), each with its declarations, from src/ by the TypeScript compiler of
// the devDependencies. `npm pack` runs it (prepack), as does `npm run build`.

import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");

rmSync(join(here, "dist"), { recursive: true, force: true });
for (const config of ["tsconfig.json", "tsconfig.cjs.json"]) {
  execFileSync(process.execPath, [tsc, "-p", join(here, config)], { stdio: "inherit" });
}
writeFileSync(join(here, "dist", "cjs", "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
