//! Integration tests of the workspace live in `integration/`.
