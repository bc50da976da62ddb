// Documented callback bodies, typed with the types that json-schema-to-typescript
// generates from the schema files (see generate-types.mjs). `tsc --noEmit` on
// this folder must pass: the samples fit their types, and each
// `@ts-expect-error` line below really is a type error (tsc fails if it is not),
// so a generator that typed everything as `any` or `unknown` would be caught.

import type { CallbackBody, EventProcessed, PersonAdded } from "./generated/index.js";

// The seed routing failure (tests/fixtures/callbacks/seeds/event_processed__routing_no_route_rules.json).
export const routingFailure: EventProcessed = {
  event_id: "fddbf770-f987-4928-91be-6b19c994562f",
  callback_type: "event_processed",
  event_date: "2022-08-15T20:38:42Z",
  event_processed: {
    event_id: "5e9cabf7-228c-4f6e-944e-57b7728bc899",
    event_type: "day_of_delivery",
    event_data: {
      first_name: "Bob",
      external_person_id: "abcd12345",
      delivery_time: "5:00 PM",
      order_url: "https://example.com/orders/12345",
    },
    debug_data: { field: "CUST_SYSTEM" },
    action: {
      type: "routing",
      status: "failed",
      status_reason: "event_routing_failed",
      failure: { reason: "no_route_rules_found_for_event" },
    },
  },
};

// The documented person_added body (tests/fixtures/callbacks/docs/person_added__platform.json).
export const personAdded: PersonAdded = {
  event_id: "AB234SDFD234",
  callback_type: "person_added",
  event_type: "person_added",
  event_date: "2017-03-15T15:42:23Z",
  person: {
    person_id: "12344566",
    external_person_id: "542342",
    mobile_phone: {
      mdn: "+12995551234",
      carrier_code: "104",
    },
    timezone: "US/Central",
    timezone_source: "area_code",
    custom_fields: {
      first_name: "Steve",
      birthdate: "1950-12-01T00:00:00Z",
      rewards_id: "543557654",
      favorite_stores: [
        { id: "4", name: "My Hardware Store", option_key: "my_hardware_store" },
        { id: "12", name: "Local Grocery", option_key: "local_grocery" },
      ],
    },
    created_at: "2017-01-15T14:30Z",
    updated_at: "2017-02-18T19:30Z",
    url: "/companies/:company_key/mobiledb/persons/:person_id",
  },
};

// Any known callback body fits the union.
export const bodies: CallbackBody[] = [routingFailure, personAdded];

// Narrowing on a typed field works as a user would write it.
export function failureReason(body: EventProcessed): string | undefined {
  return body.event_processed.action.failure?.reason;
}

// Negative checks: each of these must be a type error.

// `event_id` is a string, not a number.
// @ts-expect-error
export const wrongEventId: PersonAdded = { ...personAdded, event_id: 12345 };

// `failure.reason` is closed to the documented reasons.
// @ts-expect-error
export const wrongReason: EventProcessed["event_processed"]["action"]["failure"] = { reason: "no_such_reason" };

// `person` is required.
// @ts-expect-error
export const missingPerson: PersonAdded = { event_id: "x", event_date: "2017-03-15T15:42:23Z" };
