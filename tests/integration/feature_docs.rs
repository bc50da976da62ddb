//! Every public item of `vibes-types` that exists only with a cargo feature says so in its docs,
//! as "Available on crate feature `F` only." (the words docs.rs prints for `doc(cfg)`, which
//! stable rustdoc lacks): a reader of the docs built with every feature sees which feature each
//! item needs.
//!
//! An item needs the feature when it carries `#[cfg(feature = "F")]` itself, or when it is
//! declared at the top of a module file whose `mod` line carries it (`delivery::axum`, `schema`,
//! the API's endpoints). The check reads the sources: re-exports (`pub use`), `pub(crate)` items,
//! trait impls and the items of `#[doc(hidden)]` modules are not documentation pages of their own.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The sentence a gated item's docs carry.
fn note(feature: &str) -> String {
    format!("Available on crate feature `{feature}` only.")
}

#[test]
fn every_feature_gated_item_names_its_feature() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../vibes-types/src");
    let gated = gated_module_files(&src);
    let mut missing = Vec::new();
    let mut checked = 0;
    for file in rust_files(&src) {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut private_until: Option<String> = None;
        for (index, line) in lines.iter().enumerate() {
            // The items of a private inline module (`mod wire { … }`) are no public API.
            if let Some(end) = &private_until {
                if line == end {
                    private_until = None;
                }
                continue;
            }
            let indent = &line[..line.len() - line.trim_start().len()];
            if line.trim_start().starts_with("mod ") && line.ends_with('{') {
                private_until = Some(format!("{indent}}}"));
                continue;
            }
            let Some(item) = public_item(line) else {
                continue;
            };
            let attributes = attributes_above(&lines, index);
            let feature = own_feature(&attributes).or_else(|| {
                // A module file's gate covers the items at its top level only: a method's page
                // is its type's.
                (!line.starts_with(' '))
                    .then(|| gated.get(&file).cloned())
                    .flatten()
            });
            let Some(feature) = feature else {
                continue;
            };
            checked += 1;
            // A module's page shows its inner docs (`//!`), where its note goes.
            let inner = module_name(line)
                .and_then(|name| module_file(&file, name))
                .map(|module| std::fs::read_to_string(module).unwrap())
                .unwrap_or_default();
            let inner_docs = inner.lines().take_while(|line| line.starts_with("//!"));
            if !attributes
                .iter()
                .copied()
                .chain(inner_docs)
                .any(|line| line.contains(&note(&feature)))
            {
                let at = file.strip_prefix(&src).unwrap().display();
                missing.push(format!(
                    "{at}:{}: `{item}` needs `/// {}`",
                    index + 1,
                    note(&feature)
                ));
            }
        }
    }
    assert!(
        checked >= 40,
        "only {checked} gated items found: the scan is broken"
    );
    assert!(
        missing.is_empty(),
        "{} gated items do not name their feature:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

/// The item a line declares, when it is public API: `pub struct Name`, `pub fn name`, …
fn public_item(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix("pub ")?;
    let kinds = [
        "struct ", "enum ", "trait ", "fn ", "const ", "type ", "mod ", "static ",
    ];
    kinds
        .iter()
        .any(|kind| rest.starts_with(kind))
        .then(|| line.trim())
}

/// The doc comments and attributes right above line `index`, nearest first.
fn attributes_above<'a>(lines: &[&'a str], index: usize) -> Vec<&'a str> {
    lines[..index]
        .iter()
        .rev()
        .map(|line| line.trim())
        .take_while(|line| {
            line.starts_with("///") || line.starts_with("#[") || line.starts_with("//")
        })
        .collect()
}

/// The feature of a `#[cfg(feature = "F")]` among `attributes`.
fn own_feature(attributes: &[&str]) -> Option<String> {
    attributes.iter().find_map(|line| {
        let rest = line.strip_prefix("#[cfg(feature = \"")?;
        Some(rest.split('"').next()?.to_owned())
    })
}

/// The module files that exist only with a feature, with the feature: those whose `mod` line is
/// gated, and the modules declared inside them (walked from `lib.rs`; `#[doc(hidden)]` modules
/// are left out).
fn gated_module_files(src: &Path) -> BTreeMap<PathBuf, String> {
    let mut gated = BTreeMap::new();
    let mut pending = vec![(src.join("lib.rs"), None::<String>)];
    while let Some((file, inherited)) = pending.pop() {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            let trimmed = line.trim();
            let declared = trimmed
                .strip_prefix("pub(crate) ")
                .or_else(|| trimmed.strip_prefix("pub "))
                .unwrap_or(trimmed)
                .strip_prefix("mod ");
            let Some(name) = declared.and_then(|rest| rest.strip_suffix(';')) else {
                continue;
            };
            let attributes = attributes_above(&lines, index);
            // A hidden module, or one the crate keeps to itself, has no documentation pages.
            if attributes
                .iter()
                .any(|line| line.starts_with("#[doc(hidden)]"))
                || trimmed.starts_with("pub(crate) ")
            {
                continue;
            }
            let feature = own_feature(&attributes).or_else(|| inherited.clone());
            if let Some(candidate) = module_file(&file, name) {
                if let Some(feature) = &feature {
                    gated.insert(candidate.clone(), feature.clone());
                }
                pending.push((candidate, feature.clone()));
            }
        }
    }
    gated
}

/// The name a `pub mod name;` line declares.
fn module_name(line: &str) -> Option<&str> {
    line.trim().strip_prefix("pub mod ")?.strip_suffix(';')
}

/// The file of the module `name` declared in `file`.
fn module_file(file: &Path, name: &str) -> Option<PathBuf> {
    let dir = if file.ends_with("mod.rs") || file.ends_with("lib.rs") {
        file.parent().unwrap().to_path_buf()
    } else {
        file.with_extension("")
    };
    [
        dir.join(format!("{name}.rs")),
        dir.join(name).join("mod.rs"),
    ]
    .into_iter()
    .find(|candidate| candidate.is_file())
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn the_scan_finds_a_gated_module_and_an_item_gated_on_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../vibes-types/src");
    let gated = gated_module_files(&src);
    assert_eq!(
        gated.get(&src.join("delivery/axum.rs")).map(String::as_str),
        Some("axum")
    );
    assert_eq!(
        gated.get(&src.join("schema/mod.rs")).map(String::as_str),
        Some("schema")
    );
    assert_eq!(
        gated
            .get(&src.join("schema/document.rs"))
            .map(String::as_str),
        Some("schema")
    );
    assert_eq!(gated.get(&src.join("delivery/rules.rs")), None);
    let lines = [
        "    /// Reads them.",
        "    #[cfg(feature = \"http\")]",
        "    pub fn from_headers() {}",
    ];
    assert_eq!(
        own_feature(&attributes_above(&lines, 2)).as_deref(),
        Some("http")
    );
    assert_eq!(public_item(lines[2]), Some("pub fn from_headers() {}"));
    assert_eq!(public_item("    pub(crate) fn hidden() {}"), None);
}
