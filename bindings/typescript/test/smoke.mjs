// Plain JavaScript, loaded by `import` whatever the project's kind: the package's ES module build.
import assert from "node:assert/strict";
import { parseCallback, isPersonAdded } from "vibes-callbacks";

const callback = parseCallback('{"callback_type": "person_added", "event_id": "e1", "event_date": "2017-03-15T15:42:23Z", "person": {}}');
assert.ok(isPersonAdded(callback));
console.log("smoke.mjs: import works");
