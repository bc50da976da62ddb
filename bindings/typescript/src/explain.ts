// What an Ajv validator's errors say, in the words and paths of a `CallbackError`.

import { PATTERN_TITLES } from "./generated/dispatch.js";
import { expectedKinds, found, jsonType, oneOf, quoted } from "./errors.js";
import type { Path } from "./paths.js";

/** An error as Ajv's validators report it. */
export interface AjvError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
}

/**
 * The place and words of the error that says most about a refused body. The validators stop at
 * the first fault; on the way they report what each branch of a union (an object or null; an id
 * that is a string or a number) found. Of those: the deepest place (a branch that took the
 * value's type and found a fault inside it), and there what a value of the right type broke (a
 * string not of the pattern), else every type the value may have.
 */
export function explain(errors: readonly AjvError[], body: unknown): [Path, string] {
  const located = errors
    .filter((error) => error.keyword !== "anyOf" && error.keyword !== "oneOf")
    .map((error) => ({ error, path: pathOf(error.instancePath, body) }));
  if (located.length === 0) return [[], errors[0]?.message ?? "refused"];
  const depth = Math.max(...located.map(({ path }) => path.length));
  const deepest = located.filter(({ path }) => path.length === depth);
  const path = deepest[0]!.path;
  const value = valueAt(body, path);
  const content = deepest.find(({ error }) => error.keyword !== "type");
  if (content !== undefined) return problem(content.error, path, value);
  const kinds = deepest.flatMap(({ error }) => types(error.params["type"]).map(jsonType));
  return [path, expectedKinds(kinds, value)];
}

function problem(error: AjvError, path: Path, value: unknown): [Path, string] {
  const params = error.params;
  switch (error.keyword) {
    case "required":
      return [path, `missing field \`${String(params["missingProperty"])}\``];
    case "enum":
      return [path, `unknown value ${shownValue(value)}, expected one of ${oneOf(params["allowedValues"] as unknown[])}`];
    case "const":
      return [path, `expected ${oneOf([params["allowedValue"]])}, found ${found(value)}`];
    case "pattern": {
      const title = PATTERN_TITLES.get(String(params["pattern"]));
      if (title !== undefined) return [path, `${quoted(String(value))} is not a valid ${title}`];
      return [path, `${quoted(String(value))} does not match the pattern ${String(params["pattern"]).slice(0, 80)}`];
    }
    case "calendarDate": {
      // A timestamp of the schema's shape whose day its month does not have (`2021-02-30`).
      const text = String(value);
      return [path, `${quoted(text)} is not a valid Timestamp: ${text.slice(0, 7)} has no day ${Number(text.slice(8, 10))}`];
    }
    case "minimum":
      return [path, `expected at least ${String(params["limit"])}, found ${found(value)}`];
    case "maximum":
      return [path, `expected at most ${String(params["limit"])}, found ${found(value)}`];
    case "discriminator": {
      // A nested union (the action, on `type`, then `status`) could not choose its branch.
      const tag = String(params["tag"]);
      if (typeof value !== "object" || value === null || !(tag in value)) return [path, `missing field \`${tag}\``];
      const tagValue = params["tagValue"];
      if (typeof tagValue !== "string") return [[...path, tag], expectedKinds(["a string"], tagValue)];
      return [[...path, tag], `unknown value ${quoted(tagValue)}`];
    }
    default:
      return [path, (error.message ?? error.keyword).slice(0, 150)];
  }
}

function shownValue(value: unknown): string {
  return typeof value === "string" ? quoted(value) : found(value);
}

function types(schemaType: unknown): string[] {
  if (Array.isArray(schemaType)) return schemaType.map(String);
  return String(schemaType).split(",");
}

/** The path of a JSON pointer (`/failure/errors/1/error`) in `body`. */
function pathOf(pointer: string, body: unknown): Path {
  const path: (string | number)[] = [];
  let node = body;
  for (const raw of pointer === "" ? [] : pointer.slice(1).split("/")) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    const step = Array.isArray(node) ? Number(segment) : segment;
    path.push(step);
    node = (node as Record<string | number, unknown> | undefined)?.[step];
  }
  return path;
}

function valueAt(body: unknown, path: Path): unknown {
  let node = body;
  for (const step of path) node = (node as Record<string | number, unknown> | undefined)?.[step];
  return node;
}
