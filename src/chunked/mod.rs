//! Streaming uploads: the `aws-chunked` content encoding, in its three
//! forms, signed ([`ChunkEncoder`]) and verified ([`ChunkDecoder`]).
//!
//! A streaming upload is first header-signed like any request, with the
//! form's literal as the payload hash ([`Streaming::payload`]) and the
//! headers [`Streaming::headers`] lists. That signature is the *seed*: the
//! first chunk's signature chains from it, each next one from the one
//! before, and the trailer's from the final chunk's:
//!
//! ```text
//! AWS4-HMAC-SHA256-PAYLOAD \n timestamp \n scope \n previous signature \n
//!     hex(SHA-256("")) \n hex(SHA-256(chunk))
//! AWS4-HMAC-SHA256-TRAILER \n timestamp \n scope \n previous signature \n
//!     hex(SHA-256(trailer header "name:value\n"))
//! ```
//!
//! On the wire (`hex` is the chunk size in hexadecimal):
//!
//! ```text
//! STREAMING-AWS4-HMAC-SHA256-PAYLOAD:
//!     hex;chunk-signature=SIG \r\n data \r\n ... 0;chunk-signature=SIG \r\n \r\n
//! STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER:
//!     hex;chunk-signature=SIG \r\n data \r\n ... 0;chunk-signature=SIG \r\n
//!     x-amz-checksum-crc32c:VALUE \r\n x-amz-trailer-signature:SIG \r\n \r\n
//! STREAMING-UNSIGNED-PAYLOAD-TRAILER:
//!     hex \r\n data \r\n ... 0 \r\n x-amz-checksum-crc32c:VALUE \r\n \r\n
//! ```
//!
//! Sources: AWS's S3 API reference, "Signature Calculations for the
//! Authorization Header: Transferring Payload in Multiple Chunks" and
//! "Signature calculations for trailing headers"; the examples there are
//! reproduced byte for byte in `tests/chunked/vectors.rs`.

#[cfg(feature = "std")]
mod decode;
mod encode;
// The one part that needs `std` (`std::io::Read`): gate it with
// `#[cfg(feature = "std")]` here and on the `pub use` below.
#[cfg(feature = "std")]
mod reader;

#[cfg(feature = "std")]
pub use decode::{ChunkDecoder, ChunkError, DEFAULT_MAX_CHUNK_SIZE, MAX_LINE};
pub use encode::{ChunkEncoder, ChunkHeader};
#[cfg(feature = "std")]
pub use reader::ChunkedReader;

use crate::canonical::{hex_lower, Hashing, Sink, EMPTY_SHA256};
use crate::key::HmacSha256;
use crate::prelude::*;
use crate::{ChecksumAlgorithm, Error, Payload, SigningKey};

/// The smallest chunk S3 accepts, except the last one: 8 KiB.
pub const MIN_CHUNK_SIZE: usize = 8 * 1024;

/// The line break of the encoding, after every chunk's data.
pub const CRLF: &[u8] = b"\r\n";

/// Which of the three `aws-chunked` forms an upload takes, with the
/// checksum its trailer carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Streaming {
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: every chunk signed, no trailer.
    Signed,
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`: every chunk signed,
    /// then the checksum of the body in a signed trailer.
    SignedWithTrailer(ChecksumAlgorithm),
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`: unsigned chunks, then the
    /// checksum of the body in an unsigned trailer. What the AWS SDKs send
    /// over HTTPS by default since 2025.
    ///
    /// Nothing in the body is authenticated: the checksum is no signature
    /// (anyone who can change the body can change it too), and only the
    /// seed's headers are signed. Use this form over HTTPS only, where TLS
    /// protects the body (the SDKs do the same); over plain HTTP use
    /// [`Streaming::SignedWithTrailer`].
    UnsignedWithTrailer(ChecksumAlgorithm),
}

impl Streaming {
    /// The payload hash the seed request signs, and its
    /// `x-amz-content-sha256` header.
    pub fn literal(self) -> &'static str {
        match self {
            Streaming::Signed => "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            Streaming::SignedWithTrailer(_) => "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
            Streaming::UnsignedWithTrailer(_) => "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        }
    }

    /// The [`Payload`] of the seed request: [`Streaming::literal`].
    pub fn payload(self) -> Payload<'static> {
        Payload::Hash(self.literal())
    }

    /// The checksum the trailer carries, if the form has a trailer.
    pub fn trailer(self) -> Option<ChecksumAlgorithm> {
        match self {
            Streaming::Signed => None,
            Streaming::SignedWithTrailer(a) | Streaming::UnsignedWithTrailer(a) => Some(a),
        }
    }

    /// Whether chunks carry signatures.
    pub fn is_signed(self) -> bool {
        !matches!(self, Streaming::UnsignedWithTrailer(_))
    }

    /// The headers the seed request must send besides those the signer
    /// adds, as `(name, value)`: `content-encoding: aws-chunked`,
    /// `x-amz-decoded-content-length` (the body's length) and, for the
    /// trailer forms, `x-amz-trailer` (the checksum header's name). Sign
    /// them all; send `Content-Length` as [`Streaming::encoded_length`].
    pub fn headers(self, decoded_length: u64) -> Vec<(&'static str, String)> {
        let mut headers = vec![
            ("content-encoding", "aws-chunked".to_string()),
            ("x-amz-decoded-content-length", decoded_length.to_string()),
        ];
        if let Some(algorithm) = self.trailer() {
            headers.push(("x-amz-trailer", algorithm.header_name().to_string()));
        }
        headers
    }

    /// The length of the encoded body (its `Content-Length`): what
    /// [`ChunkEncoder`] writes for a body of `decoded_length` bytes in
    /// chunks of `chunk_size` (the last one shorter). As the encoder, it
    /// takes any `chunk_size` for a body of one chunk (a short body is one
    /// short chunk), and needs at least [`MIN_CHUNK_SIZE`] for a longer
    /// one ([`Error::InvalidChunkSize`] otherwise; so is a `chunk_size` of
    /// 0). A length whose encoding would not fit in a `u64` is
    /// [`Error::StreamTooLong`].
    ///
    /// ```
    /// use presign::chunked::Streaming;
    ///
    /// // The AWS documentation's example: 66560 bytes in 64 KiB chunks.
    /// assert_eq!(Streaming::Signed.encoded_length(66_560, 65_536)?, 66_824);
    /// // One byte, whatever the chunk size: one short chunk, then the end.
    /// assert_eq!(Streaming::Signed.encoded_length(1, 1024)?, 86 + 1 + 86);
    /// # Ok::<(), presign::Error>(())
    /// ```
    pub fn encoded_length(self, decoded_length: u64, chunk_size: usize) -> Result<u64, Error> {
        let size = chunk_size as u64;
        if chunk_size == 0 || (chunk_size < MIN_CHUNK_SIZE && decoded_length > size) {
            return Err(Error::InvalidChunkSize { size });
        }
        let full = decoded_length / size;
        let last = decoded_length % size;
        let framing = |n: u64| self.frame_len(n) + n;
        let last = if last > 0 { framing(last) } else { 0 };
        full.checked_mul(framing(size))
            .and_then(|t| t.checked_add(last))
            .and_then(|t| t.checked_add(self.end_len()))
            .ok_or(Error::StreamTooLong { decoded_length })
    }

    /// The framing around a chunk of `n > 0` bytes: its header line and the
    /// line break after its data.
    pub(crate) fn frame_len(self, n: u64) -> u64 {
        let digits = u64::from((64 - n.leading_zeros()).div_ceil(4)).max(1);
        let signature = if self.is_signed() {
            SIGNATURE_EXT_LEN
        } else {
            0
        };
        digits + signature + 4
    }

    /// The length of the end: the final chunk, the trailer and the last
    /// line break.
    pub(crate) fn end_len(self) -> u64 {
        let final_chunk = self.frame_len(0) - 2;
        let trailer = match self {
            Streaming::Signed => 0,
            Streaming::SignedWithTrailer(a) => trailer_line_len(a) + TRAILER_SIGNATURE_LINE_LEN,
            Streaming::UnsignedWithTrailer(a) => trailer_line_len(a),
        };
        final_chunk + trailer + 2
    }

    /// The form of a payload literal, with the checksum named by the
    /// `x-amz-trailer` header for the trailer forms.
    #[cfg_attr(not(feature = "std"), allow(dead_code))] // the decoder's
    pub(crate) fn from_literal(literal: &str, trailer: Option<ChecksumAlgorithm>) -> Option<Self> {
        match (literal, trailer) {
            ("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", _) => Some(Streaming::Signed),
            ("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", Some(a)) => {
                Some(Streaming::SignedWithTrailer(a))
            }
            ("STREAMING-UNSIGNED-PAYLOAD-TRAILER", Some(a)) => {
                Some(Streaming::UnsignedWithTrailer(a))
            }
            _ => None,
        }
    }
}

/// `;chunk-signature=` and 64 hex digits.
const SIGNATURE_EXT_LEN: u64 = 17 + 64;

/// `x-amz-trailer-signature:`, 64 hex digits and a line break.
const TRAILER_SIGNATURE_LINE_LEN: u64 = 24 + 64 + 2;

/// `name:value` and a line break.
fn trailer_line_len(algorithm: ChecksumAlgorithm) -> u64 {
    (algorithm.header_name().len() + 1 + algorithm.value_len() + 2) as u64
}

/// The scope and key that sign a stream's chunks and trailer.
#[derive(Clone)]
pub(crate) struct ChunkSigner {
    key: SigningKey,
    timestamp: [u8; 16],
    date: [u8; 8],
    /// `/region/service/aws4_request\n`.
    tail_line: String,
}

impl ChunkSigner {
    pub(crate) fn new(
        key: SigningKey,
        timestamp: [u8; 16],
        date: [u8; 8],
        region: &str,
        service: &str,
    ) -> Self {
        ChunkSigner {
            key,
            timestamp,
            date,
            tail_line: format!("/{region}/{service}/aws4_request\n"),
        }
    }

    /// The signature of a chunk whose data hashes to `chunk_sha256`.
    pub(crate) fn chunk(&self, previous: &[u8; 32], chunk_sha256: &[u8; 32]) -> [u8; 32] {
        self.sign("AWS4-HMAC-SHA256-PAYLOAD\n", previous, |text| {
            text.put(EMPTY_SHA256);
            text.put("\n");
            text.put_ascii(&hex_lower(chunk_sha256));
        })
    }

    /// The signature of a trailer whose canonical text (`name:value\n` per
    /// header) hashes to `trailer_sha256`.
    pub(crate) fn trailer(&self, previous: &[u8; 32], trailer_sha256: &[u8; 32]) -> [u8; 32] {
        self.sign("AWS4-HMAC-SHA256-TRAILER\n", previous, |text| {
            text.put_ascii(&hex_lower(trailer_sha256));
        })
    }

    /// The string to sign of a chunk or trailer: the algorithm line, the
    /// timestamp, the scope, the previous signature, then `rest`, fed to
    /// the key's HMAC state as it is written.
    fn sign(
        &self,
        algorithm_line: &str,
        previous: &[u8; 32],
        rest: impl FnOnce(&mut Hashing<HmacSha256>),
    ) -> [u8; 32] {
        let mut mac = Hashing(self.key.mac());
        mac.put(algorithm_line);
        mac.put_ascii(&self.timestamp);
        mac.put("\n");
        mac.put_ascii(&self.date);
        mac.put(&self.tail_line);
        mac.put_ascii(&hex_lower(previous));
        mac.put("\n");
        rest(&mut mac);
        hmac::Mac::finalize(mac.0).into_bytes().into()
    }
}

/// The SHA-256 of `data`.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(data).into()
}

/// Whether two signatures are equal, compared in constant time (the
/// `subtle` comparison of `hmac`'s `CtOutput`, as `Mac::verify_slice`).
#[cfg_attr(not(feature = "std"), allow(dead_code))] // the decoder's
pub(crate) fn same_signature(a: &[u8; 32], b: &[u8; 32]) -> bool {
    let output = |bytes: &[u8; 32]| hmac::digest::CtOutput::<HmacSha256>::new((*bytes).into());
    output(a) == output(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_lengths_count_hex_digits() {
        let s = Streaming::Signed;
        assert_eq!(s.frame_len(0), 1 + 81 + 4);
        assert_eq!(s.frame_len(0xf), 1 + 81 + 4);
        assert_eq!(s.frame_len(0x10), 2 + 81 + 4);
        assert_eq!(s.frame_len(0x10000), 5 + 81 + 4);
        let u = Streaming::UnsignedWithTrailer(ChecksumAlgorithm::Crc32);
        assert_eq!(u.frame_len(0x400), 3 + 4);
    }
}
