//! Signing-key derivation, and a small cache of derived keys.

use std::cell::Cell;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{PoisonError, RwLock, RwLockReadGuard};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::canonical::ALGORITHM_LINE;

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

/// A cached signing key, with the text of its scope that every signature
/// writes.
pub(crate) struct ScopedKey {
    /// The first two parameters of a presigned query and the lead of the
    /// third (`&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=` + the
    /// access key id and the scope, each `/` written `%2F`, +
    /// `&X-Amz-Date=`), then the scope itself between two line feeds, as in
    /// the string to sign: one allocation for both.
    text: String,
    /// Where the scope starts in `text`, after its line feed.
    scope_start: usize,
    key: SigningKey,
    /// The key's HMAC state with the first line of every string to sign
    /// (`AWS4-HMAC-SHA256` and a line feed) already fed to it.
    string_to_sign: HmacSha256,
}

/// The query text before the credential's value.
const CREDENTIAL_LEAD: &str = "&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=";
/// The query text after it.
const DATE_LEAD: &str = "&X-Amz-Date=";

impl ScopedKey {
    /// Derives the key of `date` (`YYYYMMDD`) and `tail`
    /// (`region/service/aws4_request`).
    fn derive(secret: &str, access_key_id: &str, date: &str, tail: &str) -> Self {
        let mut parts = tail.split('/');
        let (region, service) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let scope_len = date.len() + 1 + tail.len();
        let mut text = String::with_capacity(
            CREDENTIAL_LEAD.len()
                + 3 * (access_key_id.len() + scope_len)
                + DATE_LEAD.len()
                + scope_len
                + 2,
        );
        text.push_str(CREDENTIAL_LEAD);
        for piece in [access_key_id, "/", date, "/", tail] {
            crate::encode::encode_into(&mut text, piece, false);
        }
        text.push_str(DATE_LEAD);
        text.push('\n');
        let scope_start = text.len();
        text.push_str(date);
        text.push('/');
        text.push_str(tail);
        text.push('\n');
        let key = SigningKey::derive(secret, date, region, service);
        let mut string_to_sign = key.mac();
        string_to_sign.update(ALGORITHM_LINE.as_bytes());
        ScopedKey {
            key,
            string_to_sign,
            text,
            scope_start,
        }
    }

    /// True for the key of `day` and `tail`.
    fn is_for(&self, day: [u8; 8], tail: &str) -> bool {
        // The scope is the date (8 digits), `/` and the tail, then a line
        // feed; compared as bytes, with no character-boundary checks.
        let scope = self
            .text
            .as_bytes()
            .get(self.scope_start..self.text.len() - 1);
        scope.is_some_and(|s| {
            s.len() == 9 + tail.len() && s[..8] == day && s[9..] == *tail.as_bytes()
        })
    }

    /// The scope between two line feeds, as the string to sign holds it.
    pub(crate) fn scope_line(&self) -> &str {
        &self.text[self.scope_start - 1..]
    }

    /// The `X-Amz-Credential` value, already encoded.
    pub(crate) fn credential(&self) -> &str {
        &self.text[CREDENTIAL_LEAD.len()..self.scope_start - 1 - DATE_LEAD.len()]
    }

    /// The algorithm and credential parameters of a presigned query, each
    /// with its lead, then the date's lead: `&X-Amz-Algorithm=…&X-Amz-Date=`.
    pub(crate) fn query_head(&self) -> &str {
        &self.text[..self.scope_start - 1]
    }

    /// The signing key.
    pub(crate) fn key(&self) -> &SigningKey {
        &self.key
    }

    /// An HMAC state of the key, fed the string to sign up to the time.
    pub(crate) fn string_to_sign(&self) -> HmacSha256 {
        self.string_to_sign.clone()
    }
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

/// Up to `SLOTS` keys; once full, the oldest is replaced first.
#[derive(Default)]
pub(crate) struct Slots {
    entries: Vec<ScopedKey>,
    next: usize,
}

/// The shard of the calling thread.
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

/// A key from the cache, borrowed: its shard stays read-locked (which holds
/// up only the derivation of a new key in that shard) until this is dropped.
pub(crate) enum Scoped<'a> {
    Cached {
        slots: RwLockReadGuard<'a, Slots>,
        index: usize,
    },
    /// Derived for this signature alone: its date is not 8 bytes, or other
    /// threads of the shard pushed it out of the cache before it could be
    /// used.
    Uncached(Box<ScopedKey>),
}

impl std::ops::Deref for Scoped<'_> {
    type Target = ScopedKey;

    fn deref(&self) -> &ScopedKey {
        match self {
            Scoped::Cached { slots, index } => &slots.entries[*index],
            Scoped::Uncached(key) => key,
        }
    }
}

impl KeyCache {
    /// The key of `date` (`YYYYMMDD`) and `tail`
    /// (`region/service/aws4_request`), derived and remembered if it is not
    /// in the calling thread's shard yet.
    pub(crate) fn get(
        &self,
        secret: &str,
        access_key_id: &str,
        date: &str,
        tail: &str,
    ) -> Scoped<'_> {
        self.shards[shard_index()].get(secret, access_key_id, date, tail)
    }
}

/// A scope's date as the cache compares it: 8 bytes, or none.
fn day(date: &str) -> Option<[u8; 8]> {
    date.as_bytes().try_into().ok()
}

impl Shard {
    /// Readers share the lock; it is written only when a new scope (usually
    /// a new day) is first used.
    fn get(&self, secret: &str, access_key_id: &str, date: &str, tail: &str) -> Scoped<'_> {
        let Some(day) = day(date) else {
            return Scoped::Uncached(Box::new(ScopedKey::derive(
                secret,
                access_key_id,
                date,
                tail,
            )));
        };
        let slots = self.read();
        match slots.entries.iter().position(|e| e.is_for(day, tail)) {
            Some(index) => Scoped::Cached { slots, index },
            None => {
                drop(slots);
                self.add(secret, access_key_id, date, day, tail)
            }
        }
    }

    /// The slots, read-locked. They are only ever assigned whole, so a panic
    /// elsewhere while the lock was held cannot have left them half-written:
    /// poisoning is ignored.
    fn read(&self) -> RwLockReadGuard<'_, Slots> {
        self.slots.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Derives the key of a scope the shard does not hold, and adds it.
    #[cold]
    #[inline(never)]
    fn add(
        &self,
        secret: &str,
        access_key_id: &str,
        date: &str,
        day: [u8; 8],
        tail: &str,
    ) -> Scoped<'_> {
        let key = ScopedKey::derive(secret, access_key_id, date, tail);
        {
            let mut slots = self.slots.write().unwrap_or_else(PoisonError::into_inner);
            // Another thread of this shard may have added it meanwhile.
            if !slots.entries.iter().any(|e| e.is_for(day, tail)) {
                if slots.entries.len() < SLOTS {
                    slots.entries.reserve_exact(SLOTS);
                    slots.entries.push(key);
                } else {
                    let i = slots.next;
                    slots.entries[i] = key;
                    slots.next = (i + 1) % SLOTS;
                }
            }
        }
        let slots = self.read();
        match slots.entries.iter().position(|e| e.is_for(day, tail)) {
            Some(index) => Scoped::Cached { slots, index },
            None => Scoped::Uncached(Box::new(ScopedKey::derive(
                secret,
                access_key_id,
                date,
                tail,
            ))),
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
                let got = cache.get(secret, "AKID", date, &tail).key().to_bytes();
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
                        let got = cache
                            .get(secret, "AKID", "20150830", "us-east-1/iam/aws4_request")
                            .key()
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
