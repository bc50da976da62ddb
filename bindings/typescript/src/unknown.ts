// A callback body of a type this version does not know, kept whole.

const BRAND = Symbol.for("vibes-callbacks.UnknownCallback");

/**
 * A callback body of a type this version does not know, kept whole, as the Rust crate's lenient
 * reading keeps it: answer it 2XX and store it. Vibes adds callback types over time.
 * `parseCallback(body, { strict: true })` refuses it instead.
 */
export class UnknownCallback {
  /** The type the body names: its `callback_type`, else its `event_type`. */
  readonly callbackType: string;
  /** The whole body. */
  readonly body: Readonly<Record<string, unknown>>;

  constructor(callbackType: string, body: Readonly<Record<string, unknown>>) {
    this.callbackType = callbackType;
    this.body = body;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** The body's `event_id`, the key to de-duplicate on, when it is a string. */
  get eventId(): string | undefined {
    const eventId = this.body["event_id"];
    return typeof eventId === "string" ? eventId : undefined;
  }
}

/**
 * Whether `value` is an `UnknownCallback`: the rest of what `parseCallback` returns narrows on
 * `callback_type` (older bodies: `event_type`). True of one made by either build of this package
 * (ES module or CommonJS), should a program load both.
 */
export function isUnknownCallback(value: unknown): value is UnknownCallback {
  return (
    value instanceof UnknownCallback ||
    (typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true)
  );
}
