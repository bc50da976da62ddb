// Typed Vibes webhook callbacks for TypeScript and JavaScript: the types generated from the JSON
// Schemas of the Rust crate `vibes-types`, and `parseCallback`, which reads a body into the type
// of its own callback type with validators compiled ahead of time.
//
// Hand-written: this folder's files. Generated (never edited by hand): everything under
// `generated/`.

export type * from "./generated/callbacks.js";
export * from "./generated/guards.js";
export { CallbackError, type CallbackErrorDetails } from "./errors.js";
export { parseCallback, type ParseOptions } from "./parse.js";
export type { Path } from "./paths.js";
export { UnknownCallback, isUnknownCallback } from "./unknown.js";
