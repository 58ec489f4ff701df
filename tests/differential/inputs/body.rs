//! Payloads: empty, random bytes, precomputed and streaming hashes, or
//! unsigned; and the hash each is signed with, computed here.

use presign::Payload;
use sha2::{Digest, Sha256};

use crate::rng::Rng;

#[derive(Debug, Clone)]
pub enum Body {
    Empty,
    Bytes(Vec<u8>),
    Hash(String),
    Unsigned,
}

impl Body {
    pub fn ours(&self) -> Payload<'_> {
        match self {
            Body::Empty => Payload::Empty,
            Body::Bytes(b) => Payload::Bytes(b),
            Body::Hash(h) => Payload::Hash(h),
            Body::Unsigned => Payload::Unsigned,
        }
    }

    /// The payload hash, computed here.
    pub fn hash(&self) -> String {
        match self {
            Body::Empty => hex::encode(Sha256::digest(b"")),
            Body::Bytes(b) => hex::encode(Sha256::digest(b)),
            Body::Hash(h) => h.clone(),
            Body::Unsigned => "UNSIGNED-PAYLOAD".to_string(),
        }
    }
}

pub fn gen_body(rng: &mut Rng) -> Body {
    match rng.below(10) {
        0 | 1 => Body::Empty,
        2..=6 => {
            let len = rng.pick(&[0u64, 1, 2, 63, 64, 65, 1000, 4096]) as usize;
            Body::Bytes((0..len).map(|_| rng.next() as u8).collect())
        }
        7 => {
            let random: Vec<u8> = (0..16).map(|_| rng.next() as u8).collect();
            Body::Hash(hex::encode(Sha256::digest(random)))
        }
        8 => Body::Hash(
            rng.pick(&[
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
            ])
            .to_string(),
        ),
        _ => Body::Unsigned,
    }
}
