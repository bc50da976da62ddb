//! What a stream of payloads held, in totals: how many were valid, of which callback types, the
//! kinds of the errors and the first offending lines, and which inputs could not be read.

use crate::file_name::FileName;
use crate::validate::Verdict;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// How many offending lines the summary names.
const FIRST_INVALID: usize = 10;

/// The totals of one or more streams.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Payloads checked (blank lines are not payloads).
    pub payloads: u64,
    /// Payloads that passed.
    pub valid: u64,
    /// Payloads that did not.
    pub invalid: u64,
    /// Payloads that passed with warnings.
    pub with_warnings: u64,
    /// Lines holding nothing but whitespace, skipped.
    pub blank_lines: u64,
    /// Payloads per callback type they name (valid or not).
    pub callback_types: BTreeMap<String, u64>,
    /// Invalid payloads per kind of their first error.
    pub error_kinds: BTreeMap<&'static str, u64>,
    /// The first invalid lines, in order.
    pub first_invalid: Vec<Place>,
    /// Inputs that could not be read, or not to the end (the lines before were counted).
    pub unreadable: u64,
    /// Those inputs, as given on the command line, in order.
    pub unreadable_files: Vec<FileName>,
}

/// A line of a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The file as given on the command line.
    pub file: FileName,
    /// The line, from 1.
    pub line: u64,
}

impl Summary {
    /// Counts the payload at `line` of `file`.
    pub fn add(&mut self, file: &FileName, line: u64, verdict: &Verdict) {
        self.payloads += 1;
        if let Some(callback_type) = &verdict.callback_type {
            // Looked up by reference first: a stream names a few types many times, and each
            // new one only is copied into the map.
            match self.callback_types.get_mut(callback_type.as_str()) {
                Some(count) => *count += 1,
                None => {
                    self.callback_types.insert(callback_type.clone(), 1);
                }
            }
        }
        if verdict.valid {
            self.valid += 1;
            self.with_warnings += u64::from(!verdict.warnings.is_empty());
            return;
        }
        self.invalid += 1;
        let kind = verdict.errors.first().map_or("unknown", |error| error.kind);
        *self.error_kinds.entry(kind).or_default() += 1;
        if self.first_invalid.len() < FIRST_INVALID {
            self.first_invalid.push(Place {
                file: file.clone(),
                line,
            });
        }
    }

    /// Counts `file`, an input that could not be read, or not to the end.
    pub fn add_unreadable(&mut self, file: &FileName) {
        self.unreadable += 1;
        self.unreadable_files.push(file.clone());
    }

    /// Adds the totals of `later`, whose lines come after this summary's.
    pub fn merge(&mut self, later: Summary) {
        self.payloads += later.payloads;
        self.valid += later.valid;
        self.invalid += later.invalid;
        self.with_warnings += later.with_warnings;
        self.blank_lines += later.blank_lines;
        for (callback_type, count) in later.callback_types {
            *self.callback_types.entry(callback_type).or_default() += count;
        }
        for (kind, count) in later.error_kinds {
            *self.error_kinds.entry(kind).or_default() += count;
        }
        let room = FIRST_INVALID.saturating_sub(self.first_invalid.len());
        self.first_invalid
            .extend(later.first_invalid.into_iter().take(room));
        self.unreadable += later.unreadable;
        self.unreadable_files.extend(later.unreadable_files);
    }

    /// Writes the summary as text, a few lines.
    pub fn text(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(
            out,
            "summary: {} payloads, {} valid ({} with warnings), {} invalid; {} blank lines skipped",
            self.payloads, self.valid, self.with_warnings, self.invalid, self.blank_lines
        )?;
        if !self.callback_types.is_empty() {
            writeln!(out, "  by callback type: {}", listed(&self.callback_types))?;
        }
        if !self.error_kinds.is_empty() {
            writeln!(out, "  by error kind: {}", listed(&self.error_kinds))?;
        }
        if !self.first_invalid.is_empty() {
            let places: Vec<String> = self
                .first_invalid
                .iter()
                .map(|place| format!("{}:{}", place.file, place.line))
                .collect();
            writeln!(out, "  first invalid lines: {}", places.join(", "))?;
        }
        if !self.unreadable_files.is_empty() {
            let files: Vec<String> = self
                .unreadable_files
                .iter()
                .map(ToString::to_string)
                .collect();
            writeln!(out, "  unreadable inputs: {}", files.join(", "))?;
        }
        Ok(())
    }

    /// Writes the summary as one JSON object, `{"summary": {…}}`, on one line.
    pub fn json(&self, out: &mut impl Write) -> io::Result<()> {
        #[derive(Serialize)]
        struct Wrapped<'a> {
            summary: &'a Summary,
        }
        crate::report::write_json_line(&Wrapped { summary: self }, out)
    }
}

/// `name count, name count`, in name order.
fn listed<K: std::fmt::Display>(counts: &BTreeMap<K, u64>) -> String {
    let items: Vec<String> = counts
        .iter()
        .map(|(name, count)| format!("{name} {count}"))
        .collect();
    items.join(", ")
}
