//! Paths of the callback configuration API never leave their collection: for any company key
//! and callback id, building a path is an error naming the value, or a path whose segments are
//! exactly the expected ones.

use crate::invariants::path_holds;
use crate::seeded::Seeded;
use vibes_types::api::Operation;

/// Pieces that make paths misbehave when joined carelessly, and ordinary ones.
const PIECES: &[&str] = &[
    ".", "..", "/", "\\", "%", "%2e", "%2E", "%2f", "?", "#", ";", "..;", " ", "\t", "\n", "\0",
    "~", "@", ":", "+", "&", "=", "é", "\u{ff0e}", "\u{2215}", "a", "Hzh39LP3", "acme", "-", "_",
];

fn arbitrary(random: &mut Seeded) -> String {
    (0..random.below(5)).map(|_| *random.pick(PIECES)).collect()
}

#[test]
fn built_paths_stay_in_their_collection() {
    let mut random = Seeded::from_env();
    let seed = random.seed();
    for _ in 0..20_000 {
        let key = arbitrary(&mut random);
        let id = arbitrary(&mut random);
        for operation in [
            Operation::Create,
            Operation::List,
            Operation::SendTestEvent,
            Operation::Get(id.clone()),
            Operation::Update(id.clone()),
            Operation::Delete(id.clone()),
        ] {
            let checked = std::panic::catch_unwind(|| path_holds(&operation, &key));
            assert!(checked.is_ok(), "VIBES_TEST_SEED={seed}");
        }
    }
}

#[test]
fn the_documented_findings_are_errors() {
    for (operation, key) in [
        (Operation::Get(".".to_owned()), "acme"),
        (Operation::Get(String::new()), "acme"),
        (Operation::Delete(r"..\..".to_owned()), "acme"),
        (Operation::List, ".."),
    ] {
        assert!(operation.path(key).is_err(), "{operation:?} {key}");
        path_holds(&operation, key);
    }
}
