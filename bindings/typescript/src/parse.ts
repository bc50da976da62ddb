// `parseCallback`: a callback body read into the type of its own callback type.
//
// The type is read first, from `callback_type`, else `event_type` (older bodies), as Vibes
// dispatches; then the body is validated against that one type's schema, by the validators Ajv
// compiled ahead of time (src/generated/validators.ts; no schema is compiled at run time), so an
// error is about that type only, and names the field's JSON path. The validators hold each
// timestamp to the calendar as well as to the schema's pattern (`2021-02-30` is refused, as the
// Rust parser refuses it), and a body's text is refused when it gives a key twice in one object,
// which `JSON.parse` takes (keeping the last value) and the Rust parser refuses.

import type { Callback } from "./generated/callbacks.js";
import { CURRENT_TYPES, LEGACY_TYPES } from "./generated/dispatch.js";
import { validateCurrentCallback, validateLegacyCallback } from "./generated/validators.js";
import { CallbackError, expectedKinds, found, notJson, notUtf8, quoted } from "./errors.js";
import { explain, type AjvError } from "./explain.js";
import { firstFault, mayRepeatAKey, position } from "./syntax.js";
import { UnknownCallback } from "./unknown.js";

/** How `parseCallback` reads. */
export interface ParseOptions {
  /** Refuse a body of a callback type this version does not know, instead of keeping it as an
   * `UnknownCallback`. */
  readonly strict?: boolean | undefined;
}

/** An Ajv validator as the generated code defines it. */
interface Validator {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

const VALIDATORS = {
  callback_type: validateCurrentCallback as unknown as Validator,
  event_type: validateLegacyCallback as unknown as Validator,
};
const DECODER = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Reads a callback body: the request's text or bytes, or an already parsed value.
 *
 * Returns the body typed as the variant of its own type and form (`PersonAdded`, or
 * `LegacyPersonAdded` for an older body that names its type only in `event_type`), which
 * narrows on `callback_type` (`event_type`) and with the guards (`isPersonAdded`), or an
 * `UnknownCallback` for a type this version does not know. Throws a `CallbackError` for a body
 * that is not JSON, not an object, has no callback type, or is not what its type requires; with
 * `{ strict: true }`, for an unknown type as well.
 */
export function parseCallback(body: string | Uint8Array | object, options: { readonly strict: true }): Callback;
export function parseCallback(body: string | Uint8Array | object, options?: ParseOptions): Callback | UnknownCallback;
export function parseCallback(body: string | Uint8Array | object, options: ParseOptions = {}): Callback | UnknownCallback {
  const text = typeof body === "string" ? body : body instanceof Uint8Array ? decode(body) : undefined;
  const value = text === undefined ? body : readJson(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CallbackError(`expected a JSON object, found ${found(value)}`);
  }
  const fields = value as Record<string, unknown>;
  const [field, tag] = typeField(fields);
  const callbackType = (field === "callback_type" ? CURRENT_TYPES : LEGACY_TYPES).get(tag);
  if (text !== undefined && mayRepeatAKey(text, value)) {
    const fault = firstFault(text, { repeatedKeys: true });
    if (fault?.repeated) {
      // Which of the type field's values the body meant is not known: no type is named then.
      const typeFieldTwice = fault.path.length === 1 && fault.path[0] === field;
      throw new CallbackError(fault.problem, {
        path: fault.path,
        callbackType: typeFieldTwice ? undefined : callbackType,
        at: position(text, fault.offset),
      });
    }
  }
  if (callbackType === undefined) {
    if (options.strict) {
      throw new CallbackError(
        `unknown callback type ${quoted(tag)} (outside the documented contract; without strict it is kept)`,
        { path: [field] },
      );
    }
    return new UnknownCallback(tag, fields);
  }
  const validate = VALIDATORS[field];
  if (!validate(fields)) {
    const [path, problem] = explain(validate.errors ?? [], fields);
    throw new CallbackError(problem, { path, callbackType });
  }
  return fields as unknown as Callback;
}

/** The field the body names its type in, and the type: `callback_type` when it is a string,
 * else `event_type`. */
function typeField(body: Record<string, unknown>): ["callback_type" | "event_type", string] {
  const current = body["callback_type"];
  if (typeof current === "string") return ["callback_type", current];
  if (current !== undefined && current !== null) {
    throw new CallbackError(expectedKinds(["a string"], current), { path: ["callback_type"] });
  }
  const older = body["event_type"];
  if (typeof older === "string") return ["event_type", older];
  if (older !== undefined && older !== null) {
    throw new CallbackError(expectedKinds(["a string"], older), { path: ["event_type"] });
  }
  throw new CallbackError("no callback type: the body has neither `callback_type` nor `event_type`");
}

/** `text` parsed, refusing what `JSON.parse` refuses and, as the Rust parser does, what it takes:
 * a lone surrogate escape (`"\ud800"`), and a number beyond a 64-bit float (`1e400`, which it
 * reads as `Infinity`). The text is searched for either first (one quick scan); only when it may
 * hold one is it scanned in full. */
function readJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw notJson(text, error instanceof Error ? error.message : String(error));
  }
  if (UNUSUAL.test(text) && firstFault(text) !== undefined) throw notJson(text, "");
  return value;
}

// A surrogate escape, or a value (after the start, a colon, a comma or a bracket) that is a number
// with an exponent of three digits or more.
const UNUSUAL = /\\u[dD][89a-fA-F]|(?:^|[:,[])\s*-?[0-9]+(?:\.[0-9]+)?[eE]\+?[0-9]{3}/;

function decode(bytes: Uint8Array): string {
  try {
    return DECODER.decode(bytes);
  } catch (error) {
    throw notUtf8(bytes) ?? new CallbackError(`not UTF-8: ${String(error).slice(0, 150)}`);
  }
}
