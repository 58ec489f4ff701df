//! The encoder: body chunks in, `aws-chunked` frames out (sans-io).

use super::{sha256, ChunkSigner, Streaming, CRLF, MIN_CHUNK_SIZE};
use crate::canonical::hex_lower;
use crate::prelude::*;
use crate::{AmzDate, Checksum, Credentials, Error, SignedRequest, Signer};

/// Writes an `aws-chunked` body, chunk by chunk, in one of the three
/// [`Streaming`] forms.
///
/// Sign the request first ([`Signer::sign`], with [`Streaming::payload`]
/// and the headers of [`Streaming::headers`]); that signature seeds the
/// chain. Then, for each chunk of the body, write
/// [`ChunkEncoder::chunk_header`], the chunk's bytes as they are, and
/// [`CRLF`]; at the end write [`ChunkEncoder::finish`]. The caller picks
/// the chunk size: at least [`MIN_CHUNK_SIZE`] for every chunk but the
/// last, as S3 requires (the encoder refuses a short chunk followed by
/// another). The encoder never copies the body.
///
/// The rule holds in every form here, the unsigned one too, though
/// [`super::ChunkDecoder`] lets short unsigned chunks through (botocore
/// sends chunks of whatever size its reader returns, and S3 takes them):
/// S3 documents the 8 KiB rule for `aws-chunked` without an exception, so
/// what the encoder writes is accepted by every server, and what the
/// decoder takes includes what real clients send.
///
/// ```
/// use presign::chunked::{ChunkEncoder, Streaming, CRLF};
/// use presign::{AmzDate, ChecksumAlgorithm, Credentials, Request, Signer};
///
/// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
/// let s3 = Signer::new("us-east-1", "s3")?;
/// let body = vec![b'a'; 20_000];
/// let streaming = Streaming::SignedWithTrailer(ChecksumAlgorithm::Crc32c);
/// let chunk_size = 16 * 1024;
///
/// // The seed: the request, header-signed with the streaming literal.
/// let extra = streaming.headers(body.len() as u64);
/// let length = streaming.encoded_length(body.len() as u64, chunk_size)?.to_string();
/// let mut headers: Vec<(&str, &str)> = extra.iter().map(|(n, v)| (*n, v.as_str())).collect();
/// headers.push(("content-length", &length));
/// let request = Request {
///     method: "PUT",
///     host: "examplebucket.s3.amazonaws.com",
///     path: "/big.bin",
///     query: &[],
///     headers: &headers,
///     payload: streaming.payload(),
/// };
/// let seed = s3.sign(&creds, &request, AmzDate::parse("20130524T000000Z")?)?;
///
/// // The body, framed.
/// let mut encoder = ChunkEncoder::new(streaming, &s3, &creds, &seed, body.len() as u64)?;
/// let mut wire = Vec::new();
/// for chunk in body.chunks(chunk_size) {
///     wire.extend_from_slice(encoder.chunk_header(chunk)?.as_bytes());
///     wire.extend_from_slice(chunk);
///     wire.extend_from_slice(CRLF);
/// }
/// wire.extend_from_slice(encoder.finish()?.as_bytes());
/// assert_eq!(wire.len().to_string(), length);
/// assert!(wire.starts_with(b"4000;chunk-signature="));
/// # Ok::<(), presign::Error>(())
/// ```
#[derive(Clone)]
pub struct ChunkEncoder {
    streaming: Streaming,
    signer: ChunkSigner,
    /// The last signature written: the seed's, then each chunk's.
    previous: [u8; 32],
    checksum: Option<Checksum>,
    declared: u64,
    given: u64,
    /// The size of a chunk under [`MIN_CHUNK_SIZE`] already written: only
    /// the end may follow it.
    short: Option<usize>,
    finished: bool,
}

impl core::fmt::Debug for ChunkEncoder {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ChunkEncoder")
            .field("streaming", &self.streaming)
            .field("declared", &self.declared)
            .field("given", &self.given)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

/// Checks that the credential of `seed`'s `Authorization` header names
/// `credentials`'s access key, the date `date`, and `signer`'s region and
/// service.
fn check_scope(
    seed: &SignedRequest,
    signer: &Signer,
    credentials: &Credentials,
    date: &str,
) -> Result<(), Error> {
    let credential = seed
        .authorization()
        .strip_prefix("AWS4-HMAC-SHA256 Credential=")
        .and_then(|rest| rest.split(", ").next())
        .ok_or(Error::SeedMismatch("algorithm"))?;
    let mut parts = credential.split('/');
    let expected = [
        ("access key", credentials.access_key_id()),
        ("date", date),
        ("region", signer.region()),
        ("service", signer.service()),
        ("algorithm", "aws4_request"),
    ];
    for (what, want) in expected {
        if parts.next() != Some(want) {
            return Err(Error::SeedMismatch(what));
        }
    }
    Ok(())
}

/// The header line of one chunk: its size in hex, its signature in the
/// signed forms, and a line break. Kept on the stack.
#[derive(Clone, Copy)]
pub struct ChunkHeader {
    bytes: [u8; 16 + 81 + 2],
    len: usize,
}

impl ChunkHeader {
    /// The line, to write before the chunk's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl core::fmt::Debug for ChunkHeader {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("ChunkHeader")
            .field(&crate::encode::ascii(self.as_bytes()))
            .finish()
    }
}

impl ChunkEncoder {
    /// An encoder of a body of `decoded_length` bytes, chained from the
    /// seed request `seed` that `signer` signed with `credentials` (the
    /// unsigned form signs no chunk, but its seed is signed all the same).
    ///
    /// Refused with [`Error::InvalidPayloadHash`] when the seed did not sign
    /// the form's literal, and with [`Error::SeedMismatch`] when the seed's
    /// credential scope names another access key, region or service than
    /// `credentials` and `signer` (the secret key cannot be checked: a seed
    /// signed with another one gives chunks a server refuses).
    ///
    /// ```
    /// use presign::chunked::{ChunkEncoder, Streaming};
    /// use presign::{AmzDate, Credentials, Error, Request, Signer};
    ///
    /// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
    /// let headers = [("host", "examplebucket.s3.amazonaws.com")];
    /// let request = Request {
    ///     method: "PUT",
    ///     host: "examplebucket.s3.amazonaws.com",
    ///     path: "/a",
    ///     query: &[],
    ///     headers: &headers,
    ///     payload: Streaming::Signed.payload(),
    /// };
    /// let seed = Signer::new("us-east-1", "s3")?.sign(&creds, &request, AmzDate::parse("20130524T000000Z")?)?;
    /// let elsewhere = Signer::new("eu-west-1", "s3")?;
    /// let refused = ChunkEncoder::new(Streaming::Signed, &elsewhere, &creds, &seed, 1).unwrap_err();
    /// assert_eq!(refused, Error::SeedMismatch("region"));
    /// # Ok::<(), presign::Error>(())
    /// ```
    pub fn new(
        streaming: Streaming,
        signer: &Signer,
        credentials: &Credentials,
        seed: &SignedRequest,
        decoded_length: u64,
    ) -> Result<Self, Error> {
        if seed.content_sha256() != Some(streaming.literal()) {
            return Err(Error::InvalidPayloadHash);
        }
        let time = AmzDate::parse(seed.x_amz_date())?;
        check_scope(seed, signer, credentials, time.date())?;
        let previous = crate::canonical::decode_signature(seed.signature().as_bytes())
            .ok_or(Error::InvalidPayloadHash)?;
        let key = credentials.signing_key(time.date(), signer.region(), signer.service());
        let mut date = [0u8; 8];
        date.copy_from_slice(time.date().as_bytes());
        Ok(ChunkEncoder {
            streaming,
            signer: ChunkSigner::new(key, *time.stamp(), date, signer.region(), signer.service()),
            previous,
            checksum: streaming.trailer().map(Checksum::new),
            declared: decoded_length,
            given: 0,
            short: None,
            finished: false,
        })
    }

    /// The form written.
    pub fn streaming(&self) -> Streaming {
        self.streaming
    }

    /// Signs the next chunk (not empty) and returns its header line: write
    /// it, then `chunk`, then [`CRLF`].
    ///
    /// Refused: an empty chunk, or any chunk after one under
    /// [`MIN_CHUNK_SIZE`] ([`Error::InvalidChunkSize`]); more bytes in all
    /// than declared, or a chunk after [`ChunkEncoder::finish`]
    /// ([`Error::StreamLengthMismatch`]).
    pub fn chunk_header(&mut self, chunk: &[u8]) -> Result<ChunkHeader, Error> {
        let len = chunk.len() as u64;
        let total = self.given.saturating_add(len);
        if self.finished || total > self.declared {
            return Err(Error::StreamLengthMismatch {
                declared: self.declared,
                given: total,
            });
        }
        if let Some(size) = self.short {
            return Err(Error::InvalidChunkSize { size: size as u64 });
        }
        if chunk.is_empty() {
            return Err(Error::InvalidChunkSize { size: 0 });
        }
        if chunk.len() < MIN_CHUNK_SIZE {
            self.short = Some(chunk.len());
        }
        self.given = total;
        if let Some(sum) = &mut self.checksum {
            sum.update(chunk);
        }
        let mut header = ChunkHeader {
            bytes: [0; 99],
            len: 0,
        };
        let mut put = |b: &[u8]| {
            header.bytes[header.len..header.len + b.len()].copy_from_slice(b);
            header.len += b.len();
        };
        let digits = (64 - len.leading_zeros()).div_ceil(4) as usize;
        for i in 0..digits {
            let nibble = (len >> (4 * (digits - 1 - i))) & 0xf;
            put(&[b"0123456789abcdef"[nibble as usize]]);
        }
        if self.streaming.is_signed() {
            self.previous = self.signer.chunk(&self.previous, &sha256(chunk));
            put(b";chunk-signature=");
            put(&hex_lower(&self.previous));
        }
        put(CRLF);
        Ok(header)
    }

    /// Frames a whole chunk into `out`: its header line, its bytes and the
    /// line break (a convenience that copies the chunk; see
    /// [`ChunkEncoder::chunk_header`]).
    pub fn write_chunk(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<(), Error> {
        let header = self.chunk_header(chunk)?;
        out.reserve(header.len + chunk.len() + 2);
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(CRLF);
        Ok(())
    }

    /// The end of the body: the final, empty chunk, the trailer (the
    /// body's checksum, and its signature in the signed form) and the last
    /// line break.
    ///
    /// Refused with [`Error::StreamLengthMismatch`] when fewer bytes than
    /// declared were given, or when the end was already written.
    pub fn finish(&mut self) -> Result<String, Error> {
        if self.finished || self.given != self.declared {
            return Err(Error::StreamLengthMismatch {
                declared: self.declared,
                given: self.given,
            });
        }
        self.finished = true;
        let mut out = String::with_capacity(self.streaming.end_len() as usize);
        out.push('0');
        if self.streaming.is_signed() {
            self.previous = self.signer.chunk(&self.previous, &sha256(b""));
            out.push_str(";chunk-signature=");
            out.push_str(crate::encode::ascii(&hex_lower(&self.previous)));
        }
        out.push_str("\r\n");
        if let Some(sum) = &self.checksum {
            let name = sum.algorithm().header_name();
            let value = sum.finish();
            out.push_str(name);
            out.push(':');
            out.push_str(&value);
            out.push_str("\r\n");
            if self.streaming.is_signed() {
                let canonical = format!("{name}:{value}\n");
                self.previous = self
                    .signer
                    .trailer(&self.previous, &sha256(canonical.as_bytes()));
                out.push_str("x-amz-trailer-signature:");
                out.push_str(crate::encode::ascii(&hex_lower(&self.previous)));
                out.push_str("\r\n");
            }
        }
        out.push_str("\r\n");
        Ok(out)
    }
}
