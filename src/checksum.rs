//! The `x-amz-checksum-*` values S3 checks: CRC32, CRC32C, CRC64NVME and
//! SHA-256, computed incrementally, sent as the base64 of the big-endian
//! digest.
//!
//! The CRCs are written here (no dependency): table-driven, eight bytes at
//! a time ("slicing-by-8"), with the tables built at compile time. They are
//! tested against the catalogue's check values (the CRC of `123456789`)
//! and against independent implementations on large random inputs.

use crate::prelude::*;
use base64::Engine;
use sha2::Digest;

/// A checksum algorithm S3 accepts in `x-amz-checksum-*` headers and
/// trailers.
///
/// ```
/// use presign::{Checksum, ChecksumAlgorithm};
///
/// assert_eq!(ChecksumAlgorithm::Crc32c.header_name(), "x-amz-checksum-crc32c");
/// assert_eq!(ChecksumAlgorithm::Crc32c.sdk_name(), "CRC32C");
/// assert_eq!(Checksum::of(ChecksumAlgorithm::Crc32, b"123456789"), "y/Q5Jg==");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChecksumAlgorithm {
    /// CRC-32 (ISO-HDLC, as zlib and Ethernet compute it).
    Crc32,
    /// CRC-32C (Castagnoli, as iSCSI computes it).
    Crc32c,
    /// CRC-64/NVME.
    Crc64Nvme,
    /// SHA-256.
    Sha256,
}

impl ChecksumAlgorithm {
    /// Every algorithm, in a fixed order.
    pub const ALL: [ChecksumAlgorithm; 4] = [
        ChecksumAlgorithm::Crc32,
        ChecksumAlgorithm::Crc32c,
        ChecksumAlgorithm::Crc64Nvme,
        ChecksumAlgorithm::Sha256,
    ];

    /// The header (or trailer) that carries the value, lower case:
    /// `x-amz-checksum-crc32`, ...
    pub fn header_name(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "x-amz-checksum-crc32",
            ChecksumAlgorithm::Crc32c => "x-amz-checksum-crc32c",
            ChecksumAlgorithm::Crc64Nvme => "x-amz-checksum-crc64nvme",
            ChecksumAlgorithm::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// The algorithm's name in `x-amz-sdk-checksum-algorithm` and
    /// `x-amz-checksum-algorithm`: `CRC32`, `CRC32C`, `CRC64NVME`, `SHA256`.
    pub fn sdk_name(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "CRC32",
            ChecksumAlgorithm::Crc32c => "CRC32C",
            ChecksumAlgorithm::Crc64Nvme => "CRC64NVME",
            ChecksumAlgorithm::Sha256 => "SHA256",
        }
    }

    /// The algorithm whose header is `name` (any case), if any.
    pub fn from_header_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|a| a.header_name().eq_ignore_ascii_case(name))
    }

    /// The length of the base64 value: 8 for the CRC32s, 12 for CRC64NVME,
    /// 44 for SHA-256.
    pub fn value_len(self) -> usize {
        match self {
            ChecksumAlgorithm::Crc32 | ChecksumAlgorithm::Crc32c => 8,
            ChecksumAlgorithm::Crc64Nvme => 12,
            ChecksumAlgorithm::Sha256 => 44,
        }
    }
}

/// A checksum being computed: feed it bytes with [`Checksum::update`], then
/// take the header value with [`Checksum::finish`].
///
/// ```
/// use presign::{Checksum, ChecksumAlgorithm};
///
/// let mut sum = Checksum::new(ChecksumAlgorithm::Crc64Nvme);
/// sum.update(b"1234");
/// sum.update(b"56789");
/// // 0xae8b14860a799888, big-endian, in base64.
/// assert_eq!(sum.finish(), "rosUhgp5mIg=");
/// ```
#[derive(Clone)]
pub struct Checksum {
    state: State,
}

#[derive(Clone)]
enum State {
    Crc32(u32),
    Crc32c(u32),
    Crc64Nvme(u64),
    Sha256(sha2::Sha256),
}

impl core::fmt::Debug for Checksum {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Checksum")
            .field("algorithm", &self.algorithm())
            .finish_non_exhaustive()
    }
}

impl Checksum {
    /// A checksum of no bytes yet.
    pub fn new(algorithm: ChecksumAlgorithm) -> Self {
        let state = match algorithm {
            ChecksumAlgorithm::Crc32 => State::Crc32(0),
            ChecksumAlgorithm::Crc32c => State::Crc32c(0),
            ChecksumAlgorithm::Crc64Nvme => State::Crc64Nvme(0),
            ChecksumAlgorithm::Sha256 => State::Sha256(sha2::Sha256::new()),
        };
        Checksum { state }
    }

    /// The header value of `bytes`: the base64 of their big-endian digest.
    pub fn of(algorithm: ChecksumAlgorithm, bytes: &[u8]) -> String {
        let mut sum = Checksum::new(algorithm);
        sum.update(bytes);
        sum.finish()
    }

    /// The algorithm.
    pub fn algorithm(&self) -> ChecksumAlgorithm {
        match self.state {
            State::Crc32(_) => ChecksumAlgorithm::Crc32,
            State::Crc32c(_) => ChecksumAlgorithm::Crc32c,
            State::Crc64Nvme(_) => ChecksumAlgorithm::Crc64Nvme,
            State::Sha256(_) => ChecksumAlgorithm::Sha256,
        }
    }

    /// Adds `bytes` to the checksum.
    pub fn update(&mut self, bytes: &[u8]) {
        match &mut self.state {
            State::Crc32(crc) => *crc = crc32_update(*crc, bytes),
            State::Crc32c(crc) => *crc = crc32c_update(*crc, bytes),
            State::Crc64Nvme(crc) => *crc = crc64nvme_update(*crc, bytes),
            State::Sha256(sha) => sha.update(bytes),
        }
    }

    /// The digest, big-endian: 4 bytes for the CRC32s, 8 for CRC64NVME, 32
    /// for SHA-256.
    pub fn digest(&self) -> Vec<u8> {
        match &self.state {
            State::Crc32(crc) | State::Crc32c(crc) => crc.to_be_bytes().to_vec(),
            State::Crc64Nvme(crc) => crc.to_be_bytes().to_vec(),
            State::Sha256(sha) => sha.clone().finalize().to_vec(),
        }
    }

    /// The header value: the base64 of the big-endian digest.
    pub fn finish(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.digest())
    }
}

/// The eight tables of a reflected CRC of up to 64 bits: `T[0]` is the
/// byte-at-a-time table, `T[k][b]` the CRC of byte `b` followed by `k` zero
/// bytes, so eight bytes are folded in with eight look-ups.
type Tables = [[u64; 256]; 8];

const fn tables(reflected_poly: u64) -> Tables {
    let mut t = [[0u64; 256]; 8];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u64;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ reflected_poly
            } else {
                crc >> 1
            };
            bit += 1;
        }
        t[0][i] = crc;
        i += 1;
    }
    let mut k = 1;
    while k < 8 {
        let mut i = 0;
        while i < 256 {
            let prev = t[k - 1][i];
            t[k][i] = (prev >> 8) ^ t[0][(prev & 0xff) as usize];
            i += 1;
        }
        k += 1;
    }
    t
}

/// CRC-32's polynomial 0x04C11DB7, bit-reversed.
static CRC32: Tables = tables(0xEDB8_8320);
/// CRC-32C's polynomial 0x1EDC6F41, bit-reversed.
static CRC32C: Tables = tables(0x82F6_3B78);
/// CRC-64/NVME's polynomial 0xAD93D23594C93659, bit-reversed.
static CRC64NVME: Tables = tables(0x9A6C_9329_AC4B_C9B5);

/// Folds `bytes` into a reflected CRC register (already inverted).
#[inline]
fn fold(t: &Tables, mut crc: u64, bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let v = u64::from_le_bytes(eight) ^ crc;
        let b = v.to_le_bytes();
        crc = t[7][b[0] as usize]
            ^ t[6][b[1] as usize]
            ^ t[5][b[2] as usize]
            ^ t[4][b[3] as usize]
            ^ t[3][b[4] as usize]
            ^ t[2][b[5] as usize]
            ^ t[1][b[6] as usize]
            ^ t[0][b[7] as usize];
    }
    for &byte in words.remainder() {
        crc = (crc >> 8) ^ t[0][((crc ^ u64::from(byte)) & 0xff) as usize];
    }
    crc
}

/// CRC-32 of `bytes` continued from `crc` (0 to start).
fn crc32_update(crc: u32, bytes: &[u8]) -> u32 {
    let inverted = u64::from(!crc);
    !(fold(&CRC32, inverted, bytes) as u32)
}

/// CRC-32C of `bytes` continued from `crc` (0 to start).
fn crc32c_update(crc: u32, bytes: &[u8]) -> u32 {
    let inverted = u64::from(!crc);
    !(fold(&CRC32C, inverted, bytes) as u32)
}

/// CRC-64/NVME of `bytes` continued from `crc` (0 to start).
fn crc64nvme_update(crc: u64, bytes: &[u8]) -> u64 {
    !fold(&CRC64NVME, !crc, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The catalogue's check values: the CRC of the nine ASCII digits
    /// (reveng.sourceforge.io's CRC catalogue: CRC-32/ISO-HDLC 0xCBF43926,
    /// CRC-32/ISCSI 0xE3069283, CRC-64/NVME 0xAE8B14860A799888).
    #[test]
    fn crcs_have_the_catalogue_check_values() {
        assert_eq!(crc32_update(0, b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32c_update(0, b"123456789"), 0xE306_9283);
        assert_eq!(crc64nvme_update(0, b"123456789"), 0xAE8B_1486_0A79_9888);
    }

    #[test]
    fn updates_in_pieces_equal_one_update() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for algorithm in ChecksumAlgorithm::ALL {
            let whole = Checksum::of(algorithm, &data);
            for split in [0, 1, 7, 8, 9, 500, 999, 1000] {
                let mut sum = Checksum::new(algorithm);
                sum.update(&data[..split]);
                sum.update(&data[split..]);
                assert_eq!(sum.finish(), whole, "{algorithm:?} split at {split}");
            }
        }
    }

    #[test]
    fn the_empty_checksums() {
        assert_eq!(Checksum::of(ChecksumAlgorithm::Crc32, b""), "AAAAAA==");
        assert_eq!(
            Checksum::of(ChecksumAlgorithm::Sha256, b""),
            // SHA-256 of nothing, e3b0c442..., in base64.
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }
}
