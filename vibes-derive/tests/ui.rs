//! Compile-fail cases: each file under `ui/` makes one attribute mistake, and its `.stderr` is
//! the error the user sees (blessed with `TRYBUILD=overwrite` on this toolchain, then read).

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
