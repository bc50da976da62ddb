//! Every callback fixture delivered with its headers, and stored byte for byte, with the time
//! it was received, in a store in WAL mode.

use crate::helpers::{Folder, client, deliveries, delivery, open_store, receiver, send};
use axum::http::StatusCode;
use chrono::{DateTime, SubsecRound, Utc};
use std::collections::BTreeMap;
use std::time::SystemTime;

#[tokio::test]
async fn every_fixture_is_stored_byte_for_byte_with_its_headers() {
    let fixtures = vibes_tests::callback_fixtures();
    assert!(fixtures.len() > 30, "{} fixtures", fixtures.len());
    // Several fixtures share an event id, and the second of one id would be a repeat: each
    // round delivers at most one fixture of each id, to a receiver of its own.
    let mut rounds: Vec<BTreeMap<String, usize>> = Vec::new();
    for (index, (_, _, callback)) in fixtures.iter().enumerate() {
        let event_id = callback
            .event_id()
            .expect("fixtures have an event id")
            .to_owned();
        match rounds
            .iter_mut()
            .find(|round| !round.contains_key(&event_id))
        {
            Some(round) => {
                round.insert(event_id, index);
            }
            None => rounds.push(BTreeMap::from([(event_id, index)])),
        }
    }
    let mut stored = 0;
    for round in &rounds {
        let folder = Folder::new();
        let receiver = receiver(folder.store()).run();
        let client = client();
        // Stored to the microsecond, cut rather than rounded.
        let before = DateTime::<Utc>::from(SystemTime::now()).trunc_subsecs(6);
        for &index in round.values() {
            let (path, bytes, _) = &fixtures[index];
            let answer = send(&client, delivery(&receiver.url("/"), bytes)).await;
            assert_eq!(
                answer.status,
                StatusCode::OK,
                "{}: {:?}",
                path.display(),
                answer.body
            );
        }
        let after = DateTime::<Utc>::from(SystemTime::now());
        let rows = deliveries(&folder.store());
        assert_eq!(rows.len(), round.len());
        // Readers of the inbox do not wait for its writer, nor it for them.
        let mode: String = open_store(&folder.store())
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        for (row, &index) in rows.iter().zip(round.values()) {
            let (path, bytes, callback) = &fixtures[index];
            let headers = vibes_tests::headers_for(callback);
            assert_eq!(row.event_id, headers.event_id, "{}", path.display());
            assert_eq!(row.body, *bytes, "{}: the bytes as sent", path.display());
            assert_eq!(row.callback_type, headers.event_type.as_str());
            assert_eq!(row.header("x-company-id"), Some(&*headers.company_id));
            assert_eq!(row.header("x-callback-id"), Some(&*headers.callback_id));
            assert_eq!(row.header("x-delivery-attempts"), Some("1"));
            assert_eq!(row.header("content-type"), Some("application/json"));
            assert_eq!(row.source, "127.0.0.1");
            let received = DateTime::parse_from_rfc3339(&row.received_at)
                .unwrap_or_else(|error| panic!("{}: {error}", row.received_at));
            assert!(
                row.received_at.ends_with('Z') && (before..=after).contains(&received.to_utc()),
                "{}: received {} outside {before} to {after}",
                path.display(),
                row.received_at
            );
            stored += 1;
        }
        assert!(receiver.stop().success());
    }
    assert_eq!(stored, fixtures.len());
}
