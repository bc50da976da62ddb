// JSON paths as errors show them, written as the Rust crate writes them: keys joined by dots
// (`event_processed.action.failure.reason`), array items by index (`errors[1]`), a key that is
// not a plain word quoted (`["odd key"]`), and the whole document as `.`.

/** The keys and array indexes from the document to a value; `[]` is the document itself. */
export type Path = readonly (string | number)[];

const PLAIN_KEY = /^[A-Za-z0-9_]+$/;

/** `path` as errors show it. */
export function render(path: Path): string {
  if (path.length === 0) return ".";
  let shown = "";
  for (const segment of path) {
    if (typeof segment === "number") shown += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) shown += shown ? `.${segment}` : segment;
    else shown += `[${JSON.stringify(segment)}]`;
  }
  return shown;
}
