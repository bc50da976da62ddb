// The error of a body that cannot be read, and the words its messages are made of: one line that
// says what is wrong and at which JSON path, short enough for a log (values are cut to a few dozen
// characters, and control characters in them are escaped, so a body cannot forge a log line).

import { render, type Path } from "./paths.js";
import { firstBadByte, firstFault, position } from "./syntax.js";

const SHOWN_TEXT = 40; // how many characters of a string value a message shows
const SHOWN_LIST = 120; // how many characters of allowed values a message lists
const SHOWN_PATH = 100; // the longest path a message shows whole

/** Where and about what a `CallbackError` is. */
export interface CallbackErrorDetails {
  /** Where: the keys and indexes from the document to the value at fault. */
  readonly path?: Path;
  /** The callback type the body was read as, when the fault came after dispatch. */
  readonly callbackType?: string | undefined;
  /** For a body that is not JSON: the line and column of the fault, both from 1. */
  readonly at?: readonly [number, number];
  /** What the message says was read (`callback body`, `person_added callback`). */
  readonly subject?: string;
}

/**
 * A body that is not a callback this package can read: not JSON, not an object, without a
 * callback type, or not what its type requires. The message is one line, such as
 * ``event_processed callback: expected a string, found the number 42 at `event_processed.action.failure.reason` ``.
 */
export class CallbackError extends Error {
  override readonly name = "CallbackError";
  /** What is wrong, in words. */
  readonly problem: string;
  /** Where: the keys and indexes from the document to the value at fault (`[]` for the whole
   * document; for a missing field, the object that lacks it). */
  readonly path: Path;
  /** `path` as the message shows it (`event_processed.action.failure.reason`, `.`). */
  readonly where: string;
  /** The callback type the body was read as, when the fault came after dispatch. */
  readonly callbackType: string | undefined;
  /** For a body that is not JSON: the line of the fault, from 1. */
  readonly line: number | undefined;
  /** For a body that is not JSON: the column of the fault (in UTF-16 code units), from 1. */
  readonly column: number | undefined;

  constructor(problem: string, details: CallbackErrorDetails = {}) {
    const path = details.path ?? [];
    const where = render(path);
    const subject = details.subject ?? (details.callbackType ? `${details.callbackType} callback` : "callback body");
    let message = `${subject}: ${problem}`;
    if (path.length > 0) message += ` at \`${abridged(where)}\``;
    if (details.at) message += ` (line ${details.at[0]}, column ${details.at[1]})`;
    super(message);
    this.problem = problem;
    this.path = path;
    this.where = where;
    this.callbackType = details.callbackType;
    this.line = details.at?.[0];
    this.column = details.at?.[1];
  }
}

/** A path as a message shows it: whole unless it is very long, then its start and its end. */
function abridged(where: string): string {
  return where.length <= SHOWN_PATH ? where : `${where.slice(0, 60)}…${where.slice(-30)}`;
}

/** The error of `text`, which `JSON.parse` refused saying `parserSays`: the first fault, with the
 * path of the value being read there. */
export function notJson(text: string, parserSays: string): CallbackError {
  const fault = firstFault(text);
  if (fault === undefined) return new CallbackError(`not JSON: ${parserSays.slice(0, 150)}`);
  return new CallbackError(`not JSON: ${fault.problem}`, { path: fault.path, at: position(text, fault.offset) });
}

/** The error of `bytes`, which are not UTF-8, or `undefined` when they are. */
export function notUtf8(bytes: Uint8Array): CallbackError | undefined {
  const bad = firstBadByte(bytes);
  if (bad === undefined) return undefined;
  const prefix = new TextDecoder().decode(bytes.subarray(0, bad));
  const byte = bytes[bad]!.toString(16).toUpperCase().padStart(2, "0");
  return new CallbackError(`not UTF-8: the byte 0x${byte}`, {
    path: firstFault(prefix)?.path ?? [],
    at: position(prefix, prefix.length),
  });
}

/** A string value as a message shows it: in double quotes, escaped, cut when long. */
export function quoted(text: string): string {
  if (text.length <= SHOWN_TEXT) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, SHOWN_TEXT)).slice(0, -1)}…"`;
}

/** A JSON value as a message shows it: scalars as they are written, containers by kind. */
export function shown(value: unknown): string {
  if (typeof value === "string") return quoted(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object" && value !== null) return "an object";
  return JSON.stringify(value) ?? String(value);
}

/** What a message says was found instead: `the number 42`, `the string "x"`, `null`. */
export function found(value: unknown): string {
  if (typeof value === "string") return `the string ${quoted(value)}`;
  if (typeof value === "number") return `the number ${shown(value)}`;
  return shown(value);
}

/** `expected a string or an integer, found the number 1.5`. */
export function expectedKinds(kinds: Iterable<string>, value: unknown): string {
  const unique = [...new Set(kinds)];
  const listed = unique.length === 1 ? unique[0] : `${unique.slice(0, -1).join(", ")} or ${unique[unique.length - 1]}`;
  return `expected ${listed}, found ${found(value)}`;
}

/** `"ANDROID", "IOS"`: the allowed values a message lists, as many as fit in a few dozen
 * characters, then how many there are. */
export function oneOf(values: readonly unknown[]): string {
  let listed = "";
  for (const value of values) {
    const more = listed ? `${listed}, ${shown(value)}` : shown(value);
    if (listed && more.length > SHOWN_LIST) return `${listed}, … (${values.length} in all)`;
    listed = more;
  }
  return listed;
}

/** A JSON Schema type as a message names it. */
export function jsonType(schemaType: string): string {
  const names: Record<string, string> = {
    string: "a string",
    integer: "an integer",
    number: "a number",
    boolean: "true or false",
    object: "an object",
    array: "an array",
    null: "null",
  };
  return names[schemaType] ?? schemaType;
}
