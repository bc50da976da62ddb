// The package's types, used as a receiver would, compiled by `tsc --strict` in a project that
// installed the packed package (once as an ES module project, once as a CommonJS one): narrowing
// on `callback_type` (older bodies: `event_type`) reaches every callback type's own fields,
// narrowing an `event_processed` action on `type`, then `status`, reaches each case's fields, and
// `parseCallback` and the guards narrow what they return. Each `@ts-expect-error` line must really
// be an error (tsc fails when one is not), so types that were loose (`any`, an optional tag, one
// flat action) would be caught.

import {
  isEventProcessed,
  isPersonAdded,
  isUnknownCallback,
  parseCallback,
  type Action,
  type Callback,
  type CurrentCallback,
  type EventProcessed,
  type LegacyCallback,
  type PersonAdded,
  type RoutingFailed,
  type UnknownCallback,
} from "vibes-callbacks";

/** A value that must never exist: every case of a union was handled before it. */
function unreachable(value: never): never {
  throw new Error(`unhandled: ${JSON.stringify(value)}`);
}

/** Each current callback type, narrowed on `callback_type`, read through its own fields. */
export function describe(callback: CurrentCallback): string {
  switch (callback.callback_type) {
    case "person_added":
    case "person_add":
    case "person_updated":
      return `person ${callback.person.person_id ?? "?"}`;
    case "subscription_added":
    case "subscription_removed":
      return `subscription to list ${callback.subscription.subscription_list?.id ?? "?"}`;
    case "subscription_list_added":
    case "subscription_list_updated":
      return `list ${callback.subscription_list.name ?? "?"}`;
    case "ack_participant_added":
    case "ack_participant_changed":
    case "company_participant_added":
    case "company_participant_changed":
      return `participant ${callback.participant.status ?? "?"}`;
    case "unmatched_message_received":
      return `message ${callback.message ?? ""} to ${callback.source_code?.code ?? "?"}`;
    case "wallet_item_install":
    case "wallet_item_remove":
      return `wallet item ${callback.wallet_item?.uuid ?? "?"}`;
    case "device_added":
    case "device_updated":
    case "device_removed":
      return `device ${callback.push_device.device_os ?? "?"}`;
    case "event_processed":
      return describeAction(callback.event_processed.action);
    default:
      return unreachable(callback);
  }
}

/** Each older callback type, narrowed on `event_type`. */
export function describeLegacy(callback: LegacyCallback): string {
  switch (callback.event_type) {
    case "person_added":
    case "person_add":
    case "person_updated":
      return `person ${callback.person.person_id ?? "?"}`;
    case "subscription_added":
    case "subscription_removed":
      return `subscription ${callback.subscription.opt_in_date ?? "?"}`;
    case "subscription_list_added":
    case "subscription_list_updated":
      return `list ${callback.subscription_list.id ?? "?"}`;
    case "ack_participant_added":
    case "ack_participant_changed":
    case "company_participant_added":
    case "company_participant_changed":
      return `participant ${callback.participant.person?.id ?? "?"}`;
    case "unmatched_message_received":
      return `message ${callback.message_id ?? "?"}`;
    case "wallet_item_install":
    case "wallet_item_remove":
      return `wallet instance ${callback.wallet_instance?.provider ?? "?"}`;
    case "device_added":
    case "device_updated":
    case "device_removed":
      return `device ${callback.push_device.app_id ?? "?"}`;
    case "event_processed":
      return describeAction(callback.event_processed.action);
    default:
      return unreachable(callback);
  }
}

/** Any body: the current form when `callback_type` is a string, else the older one. */
export function describeAny(callback: Callback): string {
  return typeof callback.callback_type === "string"
    ? describe(callback)
    : describeLegacy(callback);
}

/** Each action case, narrowed on `type`, then `status`. */
export function describeAction(action: Action): string {
  switch (action.type) {
    case "routing":
      switch (action.status) {
        case "processing":
          return `routed to ${action.resource_url ?? "?"}`;
        case "failed":
          // Required in this case: no `?.` needed.
          return `not routed: ${action.failure.reason}`;
        case "success":
          return "routed";
        default:
          return unreachable(action);
      }
    case "send_message":
      switch (action.status) {
        case "processing":
          return `queued ${action.message_type ?? "?"} to ${action.sms?.person?.person_key ?? "?"}`;
        case "failed":
          return `not sent: ${action.failure.reason}, ${action.failure.errors?.length ?? 0} errors`;
        case "success":
          return "sent";
        default:
          return unreachable(action);
      }
    default:
      return unreachable(action);
  }
}

// The documented person_added body (tests/fixtures/callbacks/docs/person_added__platform.json).
export const personAdded: PersonAdded = {
  event_id: "AB234SDFD234",
  callback_type: "person_added",
  event_type: "person_added",
  event_date: "2017-03-15T15:42:23Z",
  person: { person_id: "12344566", mobile_phone: { mdn: "+12995551234", carrier_code: "104" } },
};

// A routing failure (tests/fixtures/callbacks/seeds/event_processed__routing_no_route_rules.json).
export const routingFailed: RoutingFailed = {
  type: "routing",
  status: "failed",
  status_reason: "event_routing_failed",
  failure: { reason: "no_route_rules_found_for_event" },
};

export const eventProcessed: EventProcessed = {
  event_id: "fddbf770-f987-4928-91be-6b19c994562f",
  callback_type: "event_processed",
  event_date: "2022-08-15T20:38:42Z",
  event_processed: { event_type: "day_of_delivery", action: routingFailed },
};

// An older body: no callback_type, the type in event_type.
export const legacyWallet: Callback = {
  event_id: "2c1f4a6e",
  event_type: "wallet_item_install",
  event_date: "2019-06-04T22:29:51+00:00",
  wallet_item: { uuid: "9e1f" },
};

export const bodies: Callback[] = [personAdded, eventProcessed, legacyWallet];

// --- What must not compile ----------------------------------------------------------------

export function unNarrowed(callback: Callback, action: Action): unknown[] {
  return [
    // A type's own field, before narrowing on the type.
    // @ts-expect-error
    callback.person.person_id,
    // The failure, before narrowing on the action's type and status.
    // @ts-expect-error
    action.failure.reason,
    // Narrowed on the type only: a routing action need not have failed.
    // @ts-expect-error
    action.type === "routing" && action.failure.reason,
  ];
}

// A required member missing: a person_added body without its person.
// @ts-expect-error
export const missingPerson: PersonAdded = { event_id: "x", callback_type: "person_added", event_date: "2017-03-15T15:42:23Z" };

// A required member missing: a failed routing action without its failure.
// @ts-expect-error
export const failedWithoutFailure: Action = { type: "routing", status: "failed", status_reason: "event_routing_failed" };

// A misspelled callback type.
// @ts-expect-error
export const misspelledType: Callback = { ...personAdded, callback_type: "person_addded" };

// A misspelled older type.
// @ts-expect-error
export const misspelledLegacyType: LegacyCallback = { ...legacyWallet, event_type: "wallet_item_instal" };

// A misspelled action status.
// @ts-expect-error
export const misspelledStatus: Action = { ...routingFailed, status: "faild" };

// A current body's tag cannot be absent.
// @ts-expect-error
export const untagged: CurrentCallback = { ...personAdded, callback_type: undefined };

// An id is a string, not a number.
// @ts-expect-error
export const numericEventId: Callback = { ...personAdded, event_id: 12345 };

// --- What parseCallback and the guards give ------------------------------------------------

/** A receiver: keep an unknown type, narrow a known one with a guard or on its tag. */
export function receive(body: string): string {
  const callback = parseCallback(body);
  if (isUnknownCallback(callback)) return `stored ${callback.callbackType} ${callback.eventId ?? "?"}`;
  if (isPersonAdded(callback)) return `person ${callback.person.person_id ?? "?"}`;
  if (isEventProcessed(callback)) return describeAction(callback.event_processed.action);
  return describeAny(callback);
}

/** Strict reading never returns an unknown callback. */
export function receiveStrictly(body: Uint8Array): Callback {
  return parseCallback(body, { strict: true });
}

export function lenientMayBeUnknown(body: string): unknown[] {
  const callback: Callback | UnknownCallback = parseCallback(body, { strict: false });
  return [
    // Lenient reading may return an unknown callback, which is no Callback.
    // @ts-expect-error
    ((): Callback => callback)(),
    // An unknown callback has no tag to narrow on.
    // @ts-expect-error
    isUnknownCallback(callback) && callback.callback_type,
  ];
}

export function guardNarrowsToBothForms(callback: Callback | UnknownCallback): string | undefined {
  if (!isPersonAdded(callback)) return undefined;
  const forms: { current: PersonAdded | undefined; older: unknown } = {
    current: typeof callback.callback_type === "string" ? callback : undefined,
    older: callback.event_type,
  };
  // A guard's type is the type's two forms only: no other type's fields.
  // @ts-expect-error
  return forms.current?.person.person_id ?? callback.event_processed;
}
