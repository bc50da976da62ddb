// Where a text stops being JSON (RFC 8259, with numbers within a 64-bit float, as the Rust parser
// reads it): the first fault, with the path of the value being read there, so that a syntax error
// names a place as a validation error does.
//
// It runs after `JSON.parse` refused a body, to explain why (`JSON.parse` says what, and where
// only in some of its messages, never in which field), and, asked to find a key given twice in
// one object too (which RFC 8259 allows and the Rust parser refuses), when a quick count found a
// body `JSON.parse` took that may hold one (`mayRepeatAKey`).

import type { Path } from "./paths.js";

/** The first place a text is not JSON. */
export interface SyntaxFault {
  /** Index in the text (in UTF-16 code units) where the fault is. */
  readonly offset: number;
  /** The value being read there: the key whose value it is, or the array item. */
  readonly path: Path;
  /** What is wrong, in words. */
  readonly problem: string;
  /** Whether the fault is a key given twice (the text is JSON otherwise, up to there); its path
   * is then the key's. */
  readonly repeated?: boolean;
}

/** How `firstFault` reads. */
export interface ScanOptions {
  /** A key given twice in one object is a fault too. */
  readonly repeatedKeys?: boolean;
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERALS = ["true", "false", "null"];
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX = /^[0-9a-fA-F]*$/;

// What the scanner expects next.
const VALUE = 0;
const FIRST_KEY = 1;
const KEY = 2;
const FIRST_ITEM = 3;
const AFTER_VALUE = 4;

/** The first fault of `text` as one JSON document, or `undefined` when it is one. */
export function firstFault(text: string, options: ScanOptions = {}): SyntaxFault | undefined {
  const path: (string | number)[] = [];
  // One entry per open container: `undefined` for an object, the current index for an array.
  const open: (number | undefined)[] = [];
  // The keys seen in each open object, innermost last (only with `repeatedKeys`).
  const keysSeen: Set<string>[] = [];
  const repeatedKeys = options.repeatedKeys === true;
  let expect: number = VALUE;
  let i = 0;
  const end = text.length;
  const fault = (at: number, problem: string): SyntaxFault => ({ offset: at, path: [...path], problem });
  const valueDone = (): void => {
    if (open.length > 0) path.pop();
  };

  if (text.startsWith("\ufeff")) return fault(0, "a byte order mark before the document");
  for (;;) {
    while (i < end && WHITESPACE.has(text[i]!)) i++;
    if (expect === AFTER_VALUE) {
      if (open.length === 0) return i === end ? undefined : fault(i, "text after the JSON document");
      const index = open[open.length - 1];
      const closing = index === undefined ? "}" : "]";
      if (i === end) return fault(i, `the input ended before the closing \`${closing}\``);
      const char = text[i]!;
      if (char === ",") {
        if (index === undefined) {
          expect = KEY;
        } else {
          open[open.length - 1] = index + 1;
          path.push(index + 1);
          expect = VALUE;
        }
      } else if (char === closing) {
        open.pop();
        if (index === undefined && repeatedKeys) keysSeen.pop();
        valueDone();
      } else {
        return fault(i, `expected \`,\` or \`${closing}\`, found ${shown(char)}`);
      }
      i++;
    } else if (expect === FIRST_KEY || expect === KEY) {
      if (i === end) return fault(i, "the input ended where a key was due");
      if (text[i] === "}" && expect === FIRST_KEY) {
        open.pop();
        if (repeatedKeys) keysSeen.pop();
        valueDone();
        expect = AFTER_VALUE;
        i++;
        continue;
      }
      if (text[i] !== '"') return fault(i, `expected a key in double quotes, found ${shown(text[i]!)}`);
      const [after, problem] = stringEnd(text, i);
      if (problem !== undefined) return fault(after, problem);
      const key = JSON.parse(text.slice(i, after)) as string;
      if (repeatedKeys) {
        const seen = keysSeen[keysSeen.length - 1]!;
        if (seen.has(key)) return { offset: i, path: [...path, key], problem: "a key given twice", repeated: true };
        seen.add(key);
      }
      i = after;
      while (i < end && WHITESPACE.has(text[i]!)) i++;
      if (i === end) return fault(i, "the input ended where `:` was due");
      if (text[i] !== ":") return fault(i, `expected \`:\` after a key, found ${shown(text[i]!)}`);
      path.push(key);
      expect = VALUE;
      i++;
    } else if (expect === FIRST_ITEM && i < end && text[i] === "]") {
      open.pop();
      valueDone();
      expect = AFTER_VALUE;
      i++;
    } else {
      if (expect === FIRST_ITEM) path.push(0);
      if (i === end) return fault(i, "the input ended where a value was due");
      const char = text[i]!;
      if (char === "{" || char === "[") {
        open.push(char === "{" ? undefined : 0);
        if (char === "{" && repeatedKeys) keysSeen.push(new Set());
        expect = char === "{" ? FIRST_KEY : FIRST_ITEM;
        i++;
        continue;
      }
      const [after, problem] =
        char === '"' ? stringEnd(text, i) : char === "-" || (char >= "0" && char <= "9") ? numberEnd(text, i) : literalEnd(text, i);
      if (problem !== undefined) return fault(after, problem);
      i = after;
      valueDone();
      expect = AFTER_VALUE;
    }
  }
}

/**
 * Whether `text`, which `JSON.parse` read into `value`, may give a key twice in one object
 * (`JSON.parse` keeps the last value): the keys of the text are counted (each `"` that
 * whitespace and a `:` follow, more, not fewer, when a string holds `\":`) against the keys of
 * `value`, which holds one of each. Equal counts mean no key is given twice; otherwise the
 * scanner decides (`firstFault(text, { repeatedKeys: true })`).
 */
export function mayRepeatAKey(text: string, value: unknown): boolean {
  return (text.match(KEY_ENDS)?.length ?? 0) !== keysOf(value);
}

/** The end of a key in a JSON text (and, inside a string, an escaped `"` before a `:`). */
const KEY_ENDS = /"[ \t\n\r]*:/g;

/** How many keys the objects of a parsed value hold, all told. */
function keysOf(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += keysOf(item);
    return count;
  }
  for (const key in value) count += 1 + keysOf((value as Record<string, unknown>)[key]);
  return count;
}

/** The index after the string that opens at `start`, or the index of its fault and what it is. */
function stringEnd(text: string, start: number): [number, string | undefined] {
  let i = start + 1;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"') return [i + 1, undefined];
    if (char === "\\") {
      const escape = text.slice(i + 1, i + 2);
      if (escape === "u") {
        const problem = unicodeEscapeProblem(text, i);
        if (problem !== undefined) return [i, problem];
        const code = parseInt(text.slice(i + 2, i + 6), 16);
        i += code >= 0xd800 && code <= 0xdbff ? 12 : 6;
        continue;
      }
      if (escape === "") return [i, "the input ended inside an escape"];
      if (!ESCAPES.has(escape)) return [i, `\`\\${printable(escape)}\` is not a JSON escape`];
      i += 2;
      continue;
    }
    if (char < " ") {
      return [i, `the control character U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} inside a string`];
    }
    i++;
  }
  return [i, "the input ended inside a string"];
}

/** What is wrong with the `\u` escape at `at`, if anything: four hexadecimal digits, and a
 * surrogate only as a pair. */
function unicodeEscapeProblem(text: string, at: number): string | undefined {
  const digits = text.slice(at + 2, at + 6);
  if (!HEX.test(digits)) return "`\\u` is not followed by four hexadecimal digits";
  if (digits.length < 4) return "the input ended inside an escape";
  const code = parseInt(digits, 16);
  if (code >= 0xdc00 && code <= 0xdfff) return `the escape \`\\u${digits}\` is a lone surrogate`;
  if (code >= 0xd800 && code <= 0xdbff) {
    const pair = text.slice(at + 6, at + 12);
    const low = pair.slice(2);
    const paired = pair.startsWith("\\u") && low.length === 4 && HEX.test(low) && parseInt(low, 16) >= 0xdc00 && parseInt(low, 16) <= 0xdfff;
    if (!paired) return `the escape \`\\u${digits}\` is a lone surrogate`;
  }
  return undefined;
}

function numberEnd(text: string, start: number): [number, string | undefined] {
  NUMBER.lastIndex = start;
  const match = NUMBER.exec(text);
  if (match === null) return [start, "a malformed number"];
  const after = start + match[0].length;
  if (after < text.length && "0123456789.eE+-".includes(text[after]!)) {
    return [start, "a malformed number (JSON numbers have no leading zeros)"];
  }
  if (!Number.isFinite(Number(match[0]))) return [start, "a number beyond a 64-bit float"];
  return [after, undefined];
}

function literalEnd(text: string, start: number): [number, string | undefined] {
  for (const literal of LITERALS) {
    if (text.startsWith(literal, start)) return [start + literal.length, undefined];
    const rest = text.slice(start);
    if (rest !== "" && literal.startsWith(rest)) return [text.length, `the input ended inside \`${literal}\``];
  }
  return [start, `expected a value, found ${shown(text[start]!)}`];
}

function shown(char: string): string {
  return `\`${printable(char)}\``;
}

/** `char` as it may be shown in a message: control and invisible characters escaped. */
function printable(char: string): string {
  const escaped = JSON.stringify(char).slice(1, -1);
  return escaped === "`" ? "\\`" : escaped;
}

/** The line and column (both from 1, the column in UTF-16 code units) of `offset` in `text`. */
export function position(text: string, offset: number): [number, number] {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return [line, offset - lineStart + 1];
}

/** The index of the first byte of `bytes` that is not part of well-formed UTF-8, if any. */
export function firstBadByte(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    let length: number;
    let min: number;
    if (lead < 0x80) {
      i++;
      continue;
    } else if (lead >= 0xc2 && lead <= 0xdf) [length, min] = [2, 0x80];
    else if (lead >= 0xe0 && lead <= 0xef) [length, min] = [3, 0x800];
    else if (lead >= 0xf0 && lead <= 0xf4) [length, min] = [4, 0x10000];
    else return i;
    if (i + length > bytes.length) return i;
    let code = lead & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += length;
  }
  return undefined;
}
