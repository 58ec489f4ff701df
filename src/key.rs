//! Signing-key derivation, and a small cache of derived keys.

use core::fmt;
#[cfg(feature = "std")]
use std::cell::Cell;
#[cfg(feature = "std")]
use std::sync::atomic::{AtomicUsize, Ordering};
#[cfg(feature = "std")]
use std::sync::{PoisonError, RwLock};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::prelude::*;

pub(crate) type HmacSha256 = Hmac<Sha256>;

/// The key that signs every request of one scope: one day, one region, one
/// service.
///
/// Deriving it takes four HMACs (`AWS4` + secret → date → region → service →
/// `aws4_request`); a `SigningKey` keeps the result, already loaded into an
/// HMAC state, so that each signature costs one HMAC. [`crate::Credentials`]
/// caches keys by itself; derive one by hand to sign POST policies or chunks
/// without credentials in scope.
///
/// ```
/// use presign::SigningKey;
///
/// let key = SigningKey::derive("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");
/// assert_eq!(
///     hex::encode(key.to_bytes()),
///     "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
/// );
/// ```
#[derive(Clone)]
pub struct SigningKey {
    bytes: [u8; 32],
    mac: HmacSha256,
}

impl SigningKey {
    /// Derives the key for `date` (`YYYYMMDD`), `region` and `service`.
    pub fn derive(secret_access_key: &str, date: &str, region: &str, service: &str) -> Self {
        let mut k_secret = Vec::with_capacity(4 + secret_access_key.len());
        k_secret.extend_from_slice(b"AWS4");
        k_secret.extend_from_slice(secret_access_key.as_bytes());
        let k_date = hmac(&k_secret, date.as_bytes());
        let k_region = hmac(&k_date, region.as_bytes());
        let k_service = hmac(&k_region, service.as_bytes());
        Self::from_bytes(hmac(&k_service, b"aws4_request"))
    }

    /// Wraps an already derived 32-byte key.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        let mac = keyed(&bytes);
        SigningKey { bytes, mac }
    }

    /// The raw key. Treat it as a secret: it signs anything in its scope.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.bytes
    }

    /// HMAC-SHA256 of `message` under this key.
    pub fn sign(&self, message: &[u8]) -> [u8; 32] {
        let mut mac = self.mac.clone();
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    /// A fresh HMAC state of the key, to feed a message to piece by piece.
    pub(crate) fn mac(&self) -> HmacSha256 {
        self.mac.clone()
    }

    /// The key's HMAC state, to feed a message to.
    #[cfg(test)]
    pub(crate) fn into_mac(self) -> HmacSha256 {
        self.mac
    }

    /// The signature of `message` as 64 lower-case hex digits.
    pub fn sign_hex(&self, message: &[u8]) -> String {
        hex::encode(self.sign(message))
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

fn keyed(key: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length.
    match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("hmac takes keys of any length"),
    }
}

fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = keyed(key);
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// How many scopes one set of credentials remembers: today's and yesterday's
/// key in two regions or services is the common worst case.
#[cfg(feature = "std")]
const SLOTS: usize = 4;

/// A cached signing key and the scope it signs for.
#[cfg(feature = "std")]
struct Entry {
    /// `YYYYMMDD`.
    day: [u8; 8],
    /// `region/service/aws4_request`.
    tail: Box<str>,
    key: SigningKey,
}

/// How many shards a cache has: threads are spread over them in turn.
#[cfg(feature = "std")]
const SHARDS: usize = 4;

/// The last few signing keys derived from one secret, in shards.
///
/// Taking even a read lock writes to the lock, so threads that shared one
/// lock would pass its cache line back and forth on every signature. Each
/// thread uses one shard instead (threads are dealt shards in turn), so up
/// to `SHARDS` threads signing with the same credentials never touch the
/// same line; a thread derives a key the first time it needs it, which costs
/// four HMACs once per scope and shard.
#[cfg(feature = "std")]
#[derive(Default)]
pub(crate) struct KeyCache {
    shards: [Shard; SHARDS],
}

/// Without `std` there is no lock to share a cache between threads: every
/// signature derives its key.
#[cfg(not(feature = "std"))]
#[derive(Default)]
pub(crate) struct KeyCache {}

/// One shard, alone on its cache lines (128 bytes: two lines, as some CPUs
/// fetch lines in pairs). Up to `SLOTS` keys; once full, the oldest is
/// replaced first.
#[cfg(feature = "std")]
#[derive(Default)]
#[repr(align(128))]
struct Shard {
    slots: RwLock<Slots>,
}

#[cfg(feature = "std")]
#[derive(Default)]
struct Slots {
    entries: Vec<Entry>,
    next: usize,
}

/// The shard of the calling thread.
#[cfg(feature = "std")]
fn shard_index() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        // Dealt on first use; a constant start keeps every later read cheap.
        static INDEX: Cell<usize> = const { Cell::new(usize::MAX) };
    }
    INDEX.with(|index| {
        if index.get() == usize::MAX {
            index.set(NEXT.fetch_add(1, Ordering::Relaxed) % SHARDS);
        }
        index.get()
    })
}

impl KeyCache {
    /// The key of `date` (`YYYYMMDD`) and `tail`
    /// (`region/service/aws4_request`), derived from `secret` and
    /// remembered if the calling thread's shard does not hold it yet. A
    /// date that is not 8 bytes is derived every time.
    pub(crate) fn get(&self, secret: &str, date: &str, tail: &str) -> SigningKey {
        self.with_key(secret, date, tail, SigningKey::clone)
    }

    /// A fresh HMAC state of the key of `date` and `tail`, from the cache as
    /// [`KeyCache::get`] finds it: what signing a string takes.
    pub(crate) fn mac(&self, secret: &str, date: &str, tail: &str) -> HmacSha256 {
        self.with_key(secret, date, tail, |key| key.mac.clone())
    }

    /// `f` of the key of `date` and `tail`, derived and remembered if the
    /// calling thread's shard does not hold it yet.
    #[cfg(feature = "std")]
    #[inline(always)]
    fn with_key<T>(&self, secret: &str, date: &str, tail: &str, f: impl Fn(&SigningKey) -> T) -> T {
        let derive = || derive_for_tail(secret, date, tail);
        let Ok(day) = date.as_bytes().try_into() else {
            return f(&derive());
        };
        let shard = &self.shards[shard_index()];
        let is_for = |e: &Entry| e.day == day && *e.tail == *tail;
        {
            // Slots are only ever assigned whole, so a panic elsewhere while
            // the lock was held cannot have left them half-written:
            // poisoning is ignored.
            let slots = shard.slots.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(entry) = slots.entries.iter().find(|e| is_for(e)) {
                return f(&entry.key);
            }
        }
        let key = derive();
        let result = f(&key);
        shard.add(Entry {
            day,
            tail: tail.into(),
            key,
        });
        result
    }

    /// `f` of the key of `date` and `tail`, derived.
    #[cfg(not(feature = "std"))]
    #[inline(always)]
    fn with_key<T>(&self, secret: &str, date: &str, tail: &str, f: impl Fn(&SigningKey) -> T) -> T {
        f(&derive_for_tail(secret, date, tail))
    }
}

/// The key of `date` and `tail` (`region/service/aws4_request`).
fn derive_for_tail(secret: &str, date: &str, tail: &str) -> SigningKey {
    // Every caller passes a tail that a `Signer` made.
    debug_assert!(split_tail(tail).is_some(), "{tail}");
    let (region, service) = split_tail(tail).unwrap_or_default();
    SigningKey::derive(secret, date, region, service)
}

/// `region` and `service` of `region/service/aws4_request`.
fn split_tail(tail: &str) -> Option<(&str, &str)> {
    let (region, rest) = tail.split_once('/')?;
    let service = rest.strip_suffix("/aws4_request")?;
    (!service.contains('/')).then_some((region, service))
}

#[cfg(feature = "std")]
impl Shard {
    /// Remembers a key, in place of the oldest when the shard is full.
    #[cold]
    #[inline(never)]
    fn add(&self, entry: Entry) {
        let mut slots = self.slots.write().unwrap_or_else(PoisonError::into_inner);
        // Another thread of this shard may have added it meanwhile.
        if slots
            .entries
            .iter()
            .any(|e| e.day == entry.day && e.tail == entry.tail)
        {
            return;
        }
        if slots.entries.len() < SLOTS {
            slots.entries.reserve_exact(SLOTS);
            slots.entries.push(entry);
        } else {
            let i = slots.next;
            slots.entries[i] = entry;
            slots.next = (i + 1) % SLOTS;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_returns_the_key_it_would_derive() {
        let cache = KeyCache::default();
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        for _ in 0..2 {
            for (date, region) in [
                ("20150830", "us-east-1"),
                ("20150831", "us-east-1"),
                ("20150830", "eu-west-1"),
                ("20120215", "us-east-1"),
                ("20120216", "us-east-1"),
                ("20120217", "us-east-1"),
            ] {
                let tail = format!("{region}/iam/aws4_request");
                let got = cache.get(secret, date, &tail).to_bytes();
                let want = SigningKey::derive(secret, date, region, "iam").to_bytes();
                assert_eq!(got, want, "{date} {region}");
            }
        }
    }

    #[cfg(feature = "std")]
    #[test]
    fn every_thread_gets_the_same_key() {
        let cache = KeyCache::default();
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        let want = SigningKey::derive(secret, "20150830", "us-east-1", "iam").to_bytes();
        std::thread::scope(|s| {
            for _ in 0..2 * SHARDS {
                s.spawn(|| {
                    for _ in 0..2 {
                        let got = cache
                            .get(secret, "20150830", "us-east-1/iam/aws4_request")
                            .to_bytes();
                        assert_eq!(got, want);
                    }
                });
            }
        });
    }

    #[test]
    fn debug_hides_the_key() {
        let key = SigningKey::derive("secret", "20150830", "us-east-1", "s3");
        let shown = format!("{key:?}");
        assert!(!shown.contains(&hex::encode(key.to_bytes())[..8]));
        assert!(shown.contains("redacted"));
    }
}
