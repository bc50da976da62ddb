// What `parseCallback` takes: text, bytes or a parsed value, with the same result; and the error
// it throws, with its parts.

import assert from "node:assert/strict";
import { test } from "node:test";
import { CallbackError, UnknownCallback, isPersonAdded, isUnknownCallback, parseCallback } from "vibes-callbacks";
import { bodyOf } from "./support.js";

const PERSON_ADDED = "tests/fixtures/callbacks/docs/person_added__platform.json";

test("text, bytes, a Buffer and a parsed value read alike", () => {
  const bytes = bodyOf(PERSON_ADDED);
  const text = new TextDecoder().decode(bytes);
  const read = parseCallback(bytes);
  assert.deepEqual(parseCallback(text), read);
  assert.deepEqual(parseCallback(Buffer.from(bytes)), read);
  const parsed: unknown = JSON.parse(text);
  assert.equal(parseCallback(parsed as object), parsed, "a parsed value is returned as it is");
  assert.ok(isPersonAdded(read));
});

test("values are not converted to fit", () => {
  const body = JSON.parse(new TextDecoder().decode(bodyOf(PERSON_ADDED))) as Record<string, unknown>;
  assert.throws(() => parseCallback({ ...body, event_id: 5 }), (error: unknown) => {
    assert.ok(error instanceof CallbackError);
    assert.deepEqual(error.path, ["event_id"]);
    return true;
  });
  assert.throws(() => parseCallback({ ...body, delivery_attempt: "01" }), /"01" is not a valid Count at `delivery_attempt`/);
});

test("a value that is not an object is refused", () => {
  for (const value of [[1, 2], "[]", "42", "null", new Uint8Array([0x74, 0x72, 0x75, 0x65])]) {
    assert.throws(() => parseCallback(value), /^CallbackError: callback body: expected a JSON object, found /);
  }
});

test("a syntax error has its place, line and column", () => {
  assert.throws(
    () => parseCallback('{\n  "callback_type": "person_added",\n  "event_id": "e1",,\n}'),
    (error: unknown) => {
      assert.ok(error instanceof CallbackError);
      assert.equal(error.message, "callback body: not JSON: expected a key in double quotes, found `,` (line 3, column 20)");
      assert.deepEqual([error.line, error.column, error.where], [3, 20, "."]);
      return true;
    },
  );
  assert.throws(() => parseCallback('{"a": [1, 2, x]}'), /expected a value, found `x` at `a\[2\]`/);
  assert.throws(() => parseCallback('{"odd key": "\\ud83d"}'), /the escape `\\ud83d` is a lone surrogate at `\["odd key"\]`/);
  assert.throws(() => parseCallback('{"a": {"b": 1e400}}'), /a number beyond a 64-bit float at `a\.b`/);
  assert.throws(() => parseCallback("-1E+400"), /^CallbackError: callback body: not JSON: a number beyond a 64-bit float \(line 1, column 1\)$/);
  // Text that only looks so, inside a string, is read.
  assert.ok(isUnknownCallback(parseCallback('{"event_type": "x", "n": "1e400 \\\\ud800"}')));
  assert.throws(() => parseCallback(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff])), /not UTF-8: the byte 0xFF at `a`/);
});

test("an error names the type read and the path", () => {
  assert.throws(() => parseCallback(bodyOf("tests/fixtures/invalid/nested_wrong_type.json")), (error: unknown) => {
    assert.ok(error instanceof CallbackError && error instanceof Error);
    assert.equal(error.name, "CallbackError");
    assert.deepEqual(error.path, ["event_processed", "action", "failure", "reason"]);
    assert.equal(error.callbackType, "event_processed");
    assert.equal(
      error.message,
      "event_processed callback: expected a string, found the number 42 at `event_processed.action.failure.reason`",
    );
    return true;
  });
});

test("an unknown type keeps the whole body, and strict reading refuses it", () => {
  const body = bodyOf("tests/fixtures/strict/unknown_callback_type.json");
  const unknown = parseCallback(body);
  assert.ok(unknown instanceof UnknownCallback && isUnknownCallback(unknown));
  assert.equal(unknown.callbackType, "loyalty_points_earned");
  assert.equal(unknown.eventId, (JSON.parse(new TextDecoder().decode(body)) as { event_id: string }).event_id);
  assert.throws(() => parseCallback(body, { strict: true }), (error: unknown) => {
    assert.ok(error instanceof CallbackError);
    assert.deepEqual(error.path, ["callback_type"]);
    return true;
  });
  const older = parseCallback('{"event_type": "person_merged", "event_id": 7}');
  assert.ok(isUnknownCallback(older));
  assert.equal(older.callbackType, "person_merged");
  assert.equal(older.eventId, undefined);
});

test("a long or hostile value is shown cut and escaped", () => {
  const body = JSON.parse(new TextDecoder().decode(bodyOf(PERSON_ADDED))) as Record<string, unknown>;
  assert.throws(
    () => parseCallback({ ...body, event_date: `${"x".repeat(500)}\n\u001b[31m` }),
    (error: unknown) => {
      assert.ok(error instanceof CallbackError);
      assert.ok(!/[\u0000-\u001f]/.test(error.message), error.message);
      assert.ok(error.message.includes(`"${"x".repeat(40)}…" is not a valid Timestamp`), error.message);
      return true;
    },
  );
});

/** The error `parseCallback` throws for `body`, which it must refuse. */
function refusal(body: string | object): CallbackError {
  try {
    parseCallback(body);
  } catch (error) {
    assert.ok(error instanceof CallbackError, String(error));
    return error;
  }
  assert.fail(`accepted ${JSON.stringify(body).slice(0, 200)}`);
}

test("a key given twice in one object is refused at its path", () => {
  const cases: [string, string][] = [
    ['{"callback_type": "x", "a": {"b": 1, "c": {"b": 2}, "b": 3}}', "a.b"],
    ['{"callback_type": "x", "a": [{"k": 1}, {"k": 2, "k": 3}]}', "a[1].k"],
    ['{"callback_type": "x", "a": 1, "a" : 2}', "a"],
    ['{"callback_type": "x", "\\u0061": 1, "a": 2}', "a"],
    ['{"callback_type": "x", "q": "\\":", "a": 1, "a": 2}', "a"],
  ];
  for (const [text, where] of cases) {
    const error = refusal(text);
    assert.equal(error.where, where, text);
    assert.equal(error.problem, "a key given twice", text);
  }
});

test("what only looks like a key given twice is read", () => {
  // The same key in different objects, `":` inside strings, a key ending in a backslash.
  for (const text of [
    '{"callback_type": "x", "a": {"b": 1}, "c": {"b": 1}, "b": [{"b": 1}, {"b": 2}]}',
    '{"callback_type": "x", "text": "a \\": b", "more": "\\"\\":"}',
    '{"callback_type": "x", "key\\\\": 1, "key": 2}',
  ]) {
    const read = parseCallback(text);
    assert.ok(isUnknownCallback(read), text);
    assert.deepEqual(read.body, JSON.parse(text));
  }
});

test("a timestamp is held to the calendar", () => {
  const body = JSON.parse(new TextDecoder().decode(bodyOf(PERSON_ADDED))) as Record<string, unknown>;
  const person = body["person"] as Record<string, unknown>;
  // The same text in a free-form object is no timestamp, and is kept.
  const withRenewal = { ...person, custom_fields: { renewal: "2021-02-30T00:00Z" } };
  const cases: [string, boolean][] = [
    ["2021-02-28T00:00Z", false],
    ["2020-02-29T23:59:59+05:30", false],
    ["2000-02-29T00:00Z", false],
    ["0000-02-29T00:00Z", false],
    ["2021-01-31T00:00Z", false],
    ["2021-02-29T00:00Z", true],
    ["1900-02-29T00:00Z", true],
    ["2021-04-31T00:00:00.5-0700", true],
    ["2021-11-31T00:00Z", true],
  ];
  for (const [eventDate, refused] of cases) {
    const changed = { ...body, event_date: eventDate, person: withRenewal };
    if (!refused) {
      const read = parseCallback(JSON.stringify(changed));
      assert.ok(isPersonAdded(read) && read.event_date === eventDate, eventDate);
      continue;
    }
    for (const input of [JSON.stringify(changed), changed]) {
      const error = refusal(input);
      assert.deepEqual(error.path, ["event_date"], eventDate);
      assert.equal(error.callbackType, "person_added");
      assert.ok(error.message.includes(`"${eventDate}" is not a valid Timestamp`), error.message);
    }
  }
  const deep = { ...body, person: { ...person, created_at: "2019-06-31T10:00Z" } };
  assert.equal(refusal(deep).where, "person.created_at");
});
