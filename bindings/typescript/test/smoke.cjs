// Plain JavaScript, loaded by `require` whatever the project's kind: the package's CommonJS build.
const assert = require("node:assert/strict");
const { parseCallback, isPersonAdded } = require("vibes-callbacks");

const callback = parseCallback('{"callback_type": "person_added", "event_id": "e1", "event_date": "2017-03-15T15:42:23Z", "person": {}}');
assert.ok(isPersonAdded(callback));
console.log("smoke.cjs: require works");
