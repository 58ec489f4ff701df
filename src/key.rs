//! Signing-key derivation, and a small cache of derived keys.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::RwLock;

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

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

    /// A fresh HMAC state loaded with this key.
    pub(crate) fn mac(&self) -> HmacSha256 {
        self.mac.clone()
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
const SLOTS: usize = 4;

struct Entry {
    date: [u8; 8],
    region: String,
    service: String,
    key: SigningKey,
}

/// How many shards a cache has: threads are spread over them in turn.
const SHARDS: usize = 4;

/// The last few signing keys derived from one secret, in shards.
///
/// Taking even a read lock writes to the lock, so threads that shared one
/// lock would pass its cache line back and forth on every signature. Each
/// thread uses one shard instead (threads are dealt shards in turn), so up
/// to `SHARDS` threads signing with the same credentials never touch the
/// same line; a thread derives a key the first time it needs it, which costs
/// four HMACs once per scope and shard.
#[derive(Default)]
pub(crate) struct KeyCache {
    shards: [Shard; SHARDS],
}

/// One shard, alone on its cache lines (128 bytes: two lines, as some CPUs
/// fetch lines in pairs).
#[derive(Default)]
#[repr(align(128))]
struct Shard {
    slots: RwLock<Slots>,
}

#[derive(Default)]
struct Slots {
    entries: [Option<Entry>; SLOTS],
    next: usize,
}

/// The shard of the calling thread.
fn shard_index() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static INDEX: usize = NEXT.fetch_add(1, Ordering::Relaxed) % SHARDS;
    }
    // A thread being torn down has no locals left: any shard will do.
    INDEX.try_with(|i| *i).unwrap_or(0)
}

impl KeyCache {
    /// Applies `f` to the key of the scope, derived and remembered if it is
    /// not in the calling thread's shard yet.
    pub(crate) fn get<R>(
        &self,
        secret: &str,
        date: &str,
        region: &str,
        service: &str,
        f: impl FnOnce(&SigningKey) -> R,
    ) -> R {
        self.shards[shard_index()].get(secret, date, region, service, f)
    }
}

impl Shard {
    /// Readers share the lock; it is written only when a new scope (usually
    /// a new day) is first used.
    fn get<R>(
        &self,
        secret: &str,
        date: &str,
        region: &str,
        service: &str,
        f: impl FnOnce(&SigningKey) -> R,
    ) -> R {
        let matches = |e: &Entry| {
            e.date.as_slice() == date.as_bytes() && e.region == region && e.service == service
        };
        if let Ok(slots) = self.slots.read() {
            if let Some(e) = slots.entries.iter().flatten().find(|e| matches(e)) {
                return f(&e.key);
            }
        }
        let key = SigningKey::derive(secret, date, region, service);
        let result = f(&key);
        if let (Ok(mut slots), Ok(date)) =
            (self.slots.write(), <[u8; 8]>::try_from(date.as_bytes()))
        {
            if !slots.entries.iter().flatten().any(matches) {
                let i = slots.next;
                slots.entries[i] = Some(Entry {
                    date,
                    region: region.to_string(),
                    service: service.to_string(),
                    key,
                });
                slots.next = (i + 1) % SLOTS;
            }
        }
        result
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
                let got = cache.get(secret, date, region, "iam", SigningKey::to_bytes);
                let want = SigningKey::derive(secret, date, region, "iam").to_bytes();
                assert_eq!(got, want, "{date} {region}");
            }
        }
    }

    #[test]
    fn every_thread_gets_the_same_key() {
        let cache = KeyCache::default();
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        let want = SigningKey::derive(secret, "20150830", "us-east-1", "iam").to_bytes();
        std::thread::scope(|s| {
            for _ in 0..2 * SHARDS {
                s.spawn(|| {
                    for _ in 0..2 {
                        let got =
                            cache.get(secret, "20150830", "us-east-1", "iam", SigningKey::to_bytes);
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
