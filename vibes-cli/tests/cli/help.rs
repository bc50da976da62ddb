//! The help text (an example per subcommand) and the shell completions.

use crate::helpers::run;

#[test]
fn help() {
    let top = run(&["--help"]);
    assert_eq!(top.code, 0);
    insta::assert_snapshot!("help", top.stdout);
    for subcommand in [
        "validate",
        "schema",
        "sample",
        "send",
        "emulate",
        "callbacks",
        "completions",
    ] {
        let help = run(&[subcommand, "--help"]);
        assert_eq!(help.code, 0, "{subcommand}");
        assert!(help.stdout.contains("Examples:"), "{subcommand}");
        assert!(
            help.stdout.contains(&format!("vibes {subcommand} ")),
            "{subcommand} has no example"
        );
        insta::assert_snapshot!(format!("help_{subcommand}"), help.stdout);
    }
}

#[test]
fn completions_name_every_subcommand() {
    for shell in ["bash", "zsh", "fish"] {
        let script = run(&["completions", shell]);
        assert_eq!(script.code, 0, "{shell}");
        for word in [
            "validate",
            "schema",
            "sample",
            "send",
            "completions",
            "ndjson",
            "entity-list",
            "content-type",
        ] {
            assert!(
                script.stdout.contains(word),
                "{shell} completions lack {word}"
            );
        }
    }
    assert_eq!(run(&["completions", "powershell"]).code, 2);
}
