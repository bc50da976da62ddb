// What the tests share: the repository they read the fixtures from, the Rust parser's readings of
// those fixtures (`cargo xtask readings`), and the rules a reading is held to.
//
// Environment: VIBES_ROOT, the repository, and VIBES_READINGS, a file holding the output of
// `cargo xtask readings` (both set by .ci/cross-language/npm-package.sh).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CallbackError } from "vibes-callbacks";

/** How the Rust parser reads a body: the type read, or the error's kind and path. */
export interface Reading {
  readonly accepted: boolean;
  readonly callback_type: string | null;
  readonly known?: boolean;
  readonly kind?: string;
  readonly path?: string;
}

export interface FixtureReadings {
  readonly fixture: string;
  readonly lenient: Reading;
  readonly strict: Reading;
}

export const ROOT = required("VIBES_ROOT");
export const MAX_MESSAGE = 300;

export function readings(): FixtureReadings[] {
  return JSON.parse(readFileSync(required("VIBES_READINGS"), "utf8")) as FixtureReadings[];
}

/** The body a fixture holds: a `.json` file byte for byte, a `.txt` file with each `\xHH` turned
 * into the byte it names (tests/fixtures/errors/callbacks/SOURCES.md). */
export function bodyOf(fixture: string): Uint8Array {
  const data = readFileSync(join(ROOT, fixture));
  if (!fixture.endsWith(".txt")) return new Uint8Array(data);
  const bytes: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const hex = data.subarray(i + 2, i + 4).toString("latin1");
    if (data[i] === 0x5c && data[i + 1] === 0x78 && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      bytes.push(data[i]!);
    }
  }
  return Uint8Array.from(bytes);
}

export function fixtureId(fixture: string): string {
  return fixture.replace(/^tests\/fixtures\//, "");
}

/** The free-form objects of the callbacks: the Rust parser names the object for a fault inside. */
export const FREE_FORM = ["custom_fields", "event_data"];

/** Whether a path names the place the Rust parser names: the same one, or one inside a free-form
 * object, which the Rust parser names for a fault inside it (the README says why). */
export function samePlace(ours: string, rust: string): boolean {
  if (ours === rust) return true;
  const inside = rust !== "." && (ours.startsWith(`${rust}.`) || ours.startsWith(`${rust}[`));
  return inside && FREE_FORM.includes(rust.split(".").pop() ?? "");
}

/** What is wrong with an error given for a body the Rust parser refuses as `rust` says. */
export function errorProblems(error: unknown, rust: Reading): string[] {
  if (!(error instanceof CallbackError)) return [`threw ${String(error)}, not a CallbackError`];
  const problems: string[] = [];
  const message = error.message;
  if (!samePlace(error.where, rust.path ?? "")) problems.push(`refused at \`${error.where}\`, the Rust parser at \`${rust.path}\``);
  if (message.length > MAX_MESSAGE) problems.push(`a message of ${message.length} characters: ${message.slice(0, 80)}…`);
  if (/[\u0000-\u001f\u007f-\u009f]/.test(message)) problems.push(`a message with control characters: ${JSON.stringify(message)}`);
  if (error.path.length > 0 && !message.includes(`\`${error.where}\``) && !message.includes("…")) {
    problems.push(`a message that does not name its path: ${message}`);
  }
  // The type read must be the Rust parser's; a body that could not be read as JSON names none.
  const unread = /^not (JSON|UTF-8)/.test(error.problem);
  if ((error.callbackType ?? null) !== rust.callback_type && !(unread && error.callbackType === undefined)) {
    problems.push(`read as ${error.callbackType}, the Rust parser as ${rust.callback_type}`);
  }
  return problems;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
