//! The ids the emulator makes up: callback ids, event ids and the password it generates.
//!
//! They come from the standard library's randomly keyed SipHash (`RandomState`, seeded from the
//! operating system) over a counter and the clock, so no random-number crate is needed: unique
//! and unguessable enough for a local emulator, not a cryptographic generator.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Letters and digits, for callback ids and passwords.
const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Capital letters and digits, for event ids (as the documentation's `AB234SDFD234`).
const UPPER_ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// How many ids were made, mixed into each so that two in the same nanosecond differ.
static MADE: AtomicU64 = AtomicU64::new(0);

/// A new callback id: 8 letters and digits, as the documentation's `Hzh39LP3`.
pub fn callback_id() -> String {
    text(8, ALPHANUMERIC)
}

/// A new event id: 12 capital letters and digits, as the documentation's `AB234SDFD234`.
pub fn event_id() -> String {
    text(12, UPPER_ALPHANUMERIC)
}

/// A new password: 20 letters and digits.
pub fn password() -> String {
    text(20, ALPHANUMERIC)
}

fn text(length: usize, alphabet: &[u8]) -> String {
    let mut bits = 0u64;
    let mut left = 0u32;
    let mut out = String::with_capacity(length);
    while out.len() < length {
        if left < 8 {
            bits = random();
            left = 64;
        }
        // Rejection keeps every character equally likely.
        let byte = (bits & 0xff) as usize;
        bits >>= 8;
        left -= 8;
        if byte < 256 - 256 % alphabet.len() {
            out.push(char::from(alphabet[byte % alphabet.len()]));
        }
    }
    out
}

fn random() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(MADE.fetch_add(1, Ordering::Relaxed));
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    hasher.write_u128(since.as_nanos());
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_have_their_length_and_alphabet_and_do_not_repeat() {
        let ids: HashSet<String> = (0..2000).map(|_| callback_id()).collect();
        assert_eq!(ids.len(), 2000);
        assert!(
            ids.iter()
                .all(|id| id.len() == 8 && id.bytes().all(|b| b.is_ascii_alphanumeric()))
        );
        let event = event_id();
        assert_eq!(event.len(), 12);
        assert!(
            event
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
            "{event}"
        );
        assert_ne!(password(), password());
    }
}
