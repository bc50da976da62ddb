//! A complete receiver of Vibes deliveries on axum: `cargo run -p vibes-types --features axum
//! --example axum_receiver`, then `vibes send http://127.0.0.1:3000/vibes --type person_added`.
//! Its store is a list in memory; put your database where `store` is.

use axum::{Extension, Router, extract::State, routing::post};
use std::sync::{Arc, Mutex};
use vibes_types::delivery::{Answer, DeliveryRules, SeenEvents, axum::Received};
use vibes_types::{Callback, CallbackHeaders};

/// What the handlers share: the event ids seen, and the deliveries stored.
#[derive(Debug, Default)]
struct Inbox {
    seen: SeenEvents,
    stored: Mutex<Vec<(CallbackHeaders, Vec<u8>)>>,
}

async fn receive(
    State(inbox): State<Arc<Inbox>>,
    Received { delivery, body, .. }: Received, // a bad request never gets here: it is answered 4XX
) -> Answer {
    if !inbox.seen.insert(delivery.dedup_key()) {
        return Answer::Acknowledge; // a repeated delivery: handled already
    }
    if let Callback::Unknown(_) = &delivery.callback {
        // a callback type this version does not know: store it and acknowledge it all the same
    }
    if !store(&inbox, &body, &delivery.headers) {
        inbox.seen.remove(delivery.dedup_key()); // so that the retry is handled
        return Answer::Retry; // 503: Vibes delivers it again later
    }
    let (event_id, callback_type) = (delivery.dedup_key(), &delivery.headers.event_type);
    println!("stored {event_id} ({callback_type})");
    Answer::Acknowledge // 200
}

/// Keeps the bytes as received, before the answer: your database goes here.
fn store(inbox: &Inbox, body: &[u8], headers: &CallbackHeaders) -> bool {
    let Ok(mut stored) = inbox.stored.lock() else {
        return false; // a store that failed: answer 503 and let Vibes retry
    };
    stored.push((headers.clone(), body.to_vec()));
    true
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let app = Router::new()
        .route("/vibes", post(receive).put(receive))
        .with_state(Arc::new(Inbox::default()))
        .layer(Extension(DeliveryRules::default())); // optional: the default rules
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await
}
