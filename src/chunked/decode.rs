//! The decoder and verifier: `aws-chunked` bytes in, verified body bytes
//! out, in bounded memory.

use core::fmt;

use sha2::Digest;

use super::{same_signature, sha256, ChunkSigner, Streaming, MIN_CHUNK_SIZE};
use crate::canonical::decode_signature;
use crate::verify::{KeyStore, Verified};
use crate::{Checksum, ChecksumAlgorithm};

/// The longest line the decoder reads: a chunk header (16 hex digits and a
/// signature make 97 bytes) or a trailer line. Anything longer is refused.
pub const MAX_LINE: usize = 128;

/// The most empty lines read after the final chunk: the last line and a
/// few more, which some clients write between trailer lines.
const MAX_BLANK_LINES: u8 = 4;

/// The largest chunk a decoder buffers unless told otherwise: 8 MiB.
pub const DEFAULT_MAX_CHUNK_SIZE: usize = 8 * 1024 * 1024;

/// Why an `aws-chunked` body was refused. [`ChunkError::code`] and
/// [`ChunkError::status`] give S3's answer. No message shows a signature
/// or says where one differed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChunkError {
    /// The verified request's payload is not one of the three streaming
    /// literals.
    NotStreaming,
    /// No `x-amz-decoded-content-length` header, or one that is not a
    /// number, or more than one.
    MissingDecodedLength,
    /// A trailer form without one `x-amz-trailer` header naming a checksum
    /// the decoder knows.
    InvalidTrailerHeader,
    /// The key store no longer knows the access key that signed the seed.
    UnknownAccessKey,
    /// The framing of the chunks is broken: a size that is not 1 to 16 hex
    /// digits, a missing or malformed `;chunk-signature=`, a chunk line not
    /// ended by CRLF, a line longer than [`MAX_LINE`], data not followed
    /// by CRLF.
    MalformedChunk(&'static str),
    /// A chunk under 8 KiB followed by another (signed forms; the unsigned
    /// form's chunks may have any size, as botocore sends them, see
    /// [`super::ChunkEncoder`]).
    ChunkTooSmall {
        /// The short chunk's size.
        size: u64,
    },
    /// A chunk larger than the decoder buffers.
    ChunkTooLarge {
        /// The chunk's declared size.
        size: u64,
        /// The largest the decoder accepts.
        max: u64,
    },
    /// More body bytes than `x-amz-decoded-content-length` declared.
    TooLong {
        /// The declared length.
        declared: u64,
    },
    /// The stream ended (or its final chunk came) before the declared
    /// length, the final chunk, the trailer or the last line break.
    Incomplete,
    /// A chunk's or the trailer's signature is not the one its bytes and
    /// the chain call for.
    SignatureDoesNotMatch,
    /// The trailer is not the one checksum header `x-amz-trailer` named
    /// (with its signature, in the signed form) followed by an empty line:
    /// any problem past the final chunk of a trailer form. Trailer lines
    /// may end in CRLF or a bare LF and a few empty lines may come between
    /// them (as minio-go writes, and s3s and MinIO accept); header names
    /// match in any case and spaces or tabs around a value are dropped.
    MalformedTrailer(&'static str),
    /// The trailer's checksum is not the body's.
    ChecksumMismatch(ChecksumAlgorithm),
    /// Bytes after the end of the encoding.
    TrailingData,
}

impl ChunkError {
    /// S3's error code: `SignatureDoesNotMatch`, `IncompleteBody`,
    /// `InvalidChunkSizeError`, `MalformedTrailerError`, `BadDigest`,
    /// `MissingContentLength`, `InvalidAccessKeyId` or `InvalidRequest`.
    pub fn code(&self) -> &'static str {
        match self {
            ChunkError::SignatureDoesNotMatch => "SignatureDoesNotMatch",
            ChunkError::Incomplete => "IncompleteBody",
            ChunkError::ChunkTooSmall { .. } => "InvalidChunkSizeError",
            ChunkError::MalformedTrailer(_) => "MalformedTrailerError",
            ChunkError::ChecksumMismatch(_) => "BadDigest",
            ChunkError::MissingDecodedLength => "MissingContentLength",
            ChunkError::UnknownAccessKey => "InvalidAccessKeyId",
            ChunkError::NotStreaming
            | ChunkError::InvalidTrailerHeader
            | ChunkError::MalformedChunk(_)
            | ChunkError::ChunkTooLarge { .. }
            | ChunkError::TooLong { .. }
            | ChunkError::TrailingData => "InvalidRequest",
        }
    }

    /// The HTTP status S3 answers with.
    pub fn status(&self) -> u16 {
        match self {
            ChunkError::SignatureDoesNotMatch
            | ChunkError::ChunkTooSmall { .. }
            | ChunkError::UnknownAccessKey => 403,
            ChunkError::MissingDecodedLength => 411,
            _ => 400,
        }
    }
}

impl fmt::Display for ChunkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChunkError::NotStreaming => f.write_str("the request is not an aws-chunked upload"),
            ChunkError::MissingDecodedLength => {
                f.write_str("one numeric x-amz-decoded-content-length header is needed")
            }
            ChunkError::InvalidTrailerHeader => {
                f.write_str("x-amz-trailer must name one x-amz-checksum-* header")
            }
            ChunkError::UnknownAccessKey => {
                f.write_str("the access key id does not exist in our records")
            }
            ChunkError::MalformedChunk(why) => write!(f, "malformed aws-chunked body: {why}"),
            ChunkError::ChunkTooSmall { size } => write!(
                f,
                "Only the last chunk is allowed to have a size less than 8192 bytes (a chunk had {size})"
            ),
            ChunkError::ChunkTooLarge { size, max } => {
                write!(f, "a chunk of {size} bytes is over the {max} accepted")
            }
            ChunkError::TooLong { declared } => write!(
                f,
                "the body is longer than its x-amz-decoded-content-length of {declared}"
            ),
            ChunkError::Incomplete => f.write_str(
                "You did not provide the number of bytes specified by the x-amz-decoded-content-length header, or the stream ended early",
            ),
            ChunkError::SignatureDoesNotMatch => f.write_str(
                "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
            ),
            ChunkError::MalformedTrailer(why) => write!(
                f,
                "The request contained trailing data that was not well-formed: {why}"
            ),
            ChunkError::ChecksumMismatch(a) => write!(
                f,
                "The {} you specified did not match the calculated checksum.",
                a.sdk_name()
            ),
            ChunkError::TrailingData => f.write_str("bytes after the end of the aws-chunked body"),
        }
    }
}

impl std::error::Error for ChunkError {}

/// Where the decoder is in the encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Reading a chunk's header line.
    ChunkLine,
    /// Reading a chunk's data.
    Data,
    /// Reading the empty line after a chunk's data.
    DataEnd,
    /// Reading the trailer's checksum line.
    Trailer,
    /// Reading the trailer's signature line.
    TrailerSignature,
    /// Reading the last, empty line.
    LastLine,
    /// The encoding is complete.
    Done,
    /// An error was returned: nothing more is read.
    Failed,
}

/// Decodes and verifies an `aws-chunked` body, incrementally, in any of
/// the three [`Streaming`] forms.
///
/// Start from what [`crate::verify::Policy::verify`] returned for the
/// header-signed request, with the request's headers (for
/// `x-amz-decoded-content-length` and `x-amz-trailer`) and the key store.
/// Then [`ChunkDecoder::push`] the body as it arrives, in pieces of any
/// size, and [`ChunkDecoder::finish`] at its end.
///
/// - In the signed forms, each chunk's signature is checked before its
///   bytes are handed on: a chunk is buffered until it is complete (up to
///   [`DEFAULT_MAX_CHUNK_SIZE`], see [`ChunkDecoder::with_max_chunk_size`]),
///   unless it lies whole in one pushed piece, which is handed on as it is.
/// - In the unsigned form, bytes are handed on as they arrive, and
///   nothing authenticates them: the trailer's checksum (a CRC or an
///   unkeyed SHA-256) catches accidents, not an attacker, who can rewrite
///   body and checksum together. Only the seed's headers are signed.
///   Accept the unsigned form over HTTPS only, as the AWS SDKs send it
///   (botocore: "As this disables payload signing we'll only use trailers
///   over TLS"); over plain HTTP require a signed form.
/// - In the trailer forms the body's checksum is recomputed and compared
///   with the trailer's.
///
/// Until `finish` returns `Ok`, treat what was handed on as unconfirmed:
/// keep it aside, and store it only then.
///
/// ```
/// use presign::chunked::{ChunkDecoder, ChunkEncoder, Streaming, CRLF};
/// use presign::verify::{Policy, Received};
/// use presign::{AmzDate, Credentials, Request, Signer};
///
/// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
/// let now = AmzDate::parse("20130524T000000Z")?;
/// let s3 = Signer::new("us-east-1", "s3")?;
/// let body = b"hello, world";
/// let extra = Streaming::Signed.headers(body.len() as u64);
/// let mut headers: Vec<(&str, &str)> = extra.iter().map(|(n, v)| (*n, v.as_str())).collect();
/// headers.push(("host", "examplebucket.s3.amazonaws.com"));
/// let request = Request {
///     method: "PUT",
///     host: "examplebucket.s3.amazonaws.com",
///     path: "/hello.txt",
///     query: &[],
///     headers: &headers,
///     payload: Streaming::Signed.payload(),
/// };
/// let seed = s3.sign(&creds, &request, now)?;
/// let mut encoder = ChunkEncoder::new(Streaming::Signed, &s3, &creds, &seed, body.len() as u64)?;
/// let mut wire = Vec::new();
/// encoder.write_chunk(body, &mut wire)?;
/// wire.extend_from_slice(encoder.finish()?.as_bytes());
///
/// // The server: the seed request first, then its body.
/// let mut received_headers = headers.clone();
/// received_headers.extend(seed.headers());
/// let received = Received {
///     method: "PUT",
///     target: seed.target(),
///     headers: &received_headers,
///     payload: presign::Payload::Unsigned,
/// };
/// let verified = Policy::new("us-east-1", "s3")?.verify(&received, &creds, now).expect("seed");
/// let mut decoder = ChunkDecoder::new(&verified, &received_headers, &creds).expect("streaming");
/// let mut out = Vec::new();
/// for piece in wire.chunks(7) {
///     decoder.push(piece, |bytes| out.extend_from_slice(bytes)).expect("verifies");
/// }
/// decoder.finish().expect("complete");
/// assert_eq!(out, body);
///
/// // One bit changed in the body: refused before the chunk is handed on.
/// wire[40] ^= 1;
/// let mut decoder = ChunkDecoder::new(&verified, &received_headers, &creds).unwrap();
/// let refused = decoder.push(&wire, |_| panic!("nothing unverified is handed on")).unwrap_err();
/// assert_eq!((refused.code(), refused.status()), ("SignatureDoesNotMatch", 403));
/// # Ok::<(), presign::Error>(())
/// ```
#[derive(Clone)]
pub struct ChunkDecoder {
    streaming: Streaming,
    signer: ChunkSigner,
    previous: [u8; 32],
    checksum: Option<Checksum>,
    declared: u64,
    received: u64,
    max_chunk: usize,
    state: State,
    error: Option<ChunkError>,
    /// The line being read, at most [`MAX_LINE`] bytes.
    line: Vec<u8>,
    /// The chunk being read, in the signed forms, when it came in pieces.
    data: Vec<u8>,
    /// The SHA-256 of the chunk being read so far.
    sha: sha2::Sha256,
    /// The bytes of the chunk still to read.
    chunk_left: u64,
    /// The signature the chunk being read claims.
    claimed: [u8; 32],
    /// The size of a chunk under [`MIN_CHUNK_SIZE`] already read.
    short: Option<u64>,
    /// The trailer's checksum line, as received, until its signature.
    trailer_line: Vec<u8>,
    /// The empty lines read after the final chunk, at most
    /// [`MAX_BLANK_LINES`].
    blank_lines: u8,
    /// The checksum value the trailer carried, once verified.
    trailer_value: Option<String>,
}

impl fmt::Debug for ChunkDecoder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChunkDecoder")
            .field("streaming", &self.streaming)
            .field("declared", &self.declared)
            .field("received", &self.received)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

/// The one value of header `name` in `headers`, trimmed.
fn one_header<'a>(headers: &[(&str, &'a str)], name: &str) -> Result<Option<&'a str>, ()> {
    let mut found = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim_matches([' ', '\t']));
    let first = found.next();
    match found.next() {
        Some(_) => Err(()),
        None => Ok(first),
    }
}

impl ChunkDecoder {
    /// A decoder of the body of a request `verified` accepted, whose
    /// headers are `headers` (as received), signed with credentials from
    /// `keys`.
    pub fn new(
        verified: &Verified,
        headers: &[(&str, &str)],
        keys: &(impl KeyStore + ?Sized),
    ) -> Result<Self, ChunkError> {
        let literal = &*verified.payload_hash;
        if !literal.starts_with("STREAMING-") || literal.contains("ECDSA") {
            return Err(ChunkError::NotStreaming);
        }
        let trailer = match one_header(headers, "x-amz-trailer") {
            Ok(Some(name)) => Some(
                ChecksumAlgorithm::from_header_name(name)
                    .ok_or(ChunkError::InvalidTrailerHeader)?,
            ),
            Ok(None) => None,
            Err(()) => return Err(ChunkError::InvalidTrailerHeader),
        };
        let streaming =
            Streaming::from_literal(literal, trailer).ok_or(if literal.ends_with("-TRAILER") {
                ChunkError::InvalidTrailerHeader
            } else {
                ChunkError::NotStreaming
            })?;
        let declared = one_header(headers, "x-amz-decoded-content-length")
            .ok()
            .flatten()
            .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|v| v.parse::<u64>().ok())
            .ok_or(ChunkError::MissingDecodedLength)?;
        let creds = keys
            .credentials(&verified.access_key_id)
            .ok_or(ChunkError::UnknownAccessKey)?;
        let date = verified.date.date();
        let key = creds.signing_key(date, &verified.region, &verified.service);
        let previous = decode_signature(verified.signature.as_bytes())
            .ok_or(ChunkError::SignatureDoesNotMatch)?;
        let mut day = [0u8; 8];
        day.copy_from_slice(date.as_bytes());
        Ok(ChunkDecoder {
            streaming,
            signer: ChunkSigner::new(
                key,
                *verified.date.stamp(),
                day,
                &verified.region,
                &verified.service,
            ),
            previous,
            checksum: trailer.map(Checksum::new),
            declared,
            received: 0,
            max_chunk: DEFAULT_MAX_CHUNK_SIZE,
            state: State::ChunkLine,
            error: None,
            line: Vec::with_capacity(MAX_LINE),
            data: Vec::new(),
            sha: sha2::Sha256::new(),
            chunk_left: 0,
            claimed: [0; 32],
            short: None,
            trailer_line: Vec::new(),
            blank_lines: 0,
            trailer_value: None,
        })
    }

    /// The same decoder, buffering chunks of up to `max` bytes (signed
    /// forms); a larger chunk is refused with [`ChunkError::ChunkTooLarge`].
    pub fn with_max_chunk_size(mut self, max: usize) -> Self {
        self.max_chunk = max;
        self
    }

    /// The form being decoded.
    pub fn streaming(&self) -> Streaming {
        self.streaming
    }

    /// The declared length of the body (`x-amz-decoded-content-length`).
    pub fn decoded_length(&self) -> u64 {
        self.declared
    }

    /// Reads `input`, the next bytes of the encoded body, and hands the
    /// body's bytes to `out` as they are verified. After an error, every
    /// call returns it again.
    pub fn push(&mut self, input: &[u8], mut out: impl FnMut(&[u8])) -> Result<(), ChunkError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        match self.read(input, &mut out) {
            Ok(()) => Ok(()),
            Err(e) => {
                self.state = State::Failed;
                self.error = Some(e.clone());
                Err(e)
            }
        }
    }

    /// Checks that the whole encoding was read, and returns the trailer's
    /// checksum (algorithm and value) in the trailer forms.
    pub fn finish(self) -> Result<Option<(ChecksumAlgorithm, String)>, ChunkError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        if self.state == State::Trailer && self.blank_lines > 0 && self.line.is_empty() {
            // The final chunk and empty lines, but no trailer.
            return Err(ChunkError::MalformedTrailer("the trailer is missing"));
        }
        if self.state != State::Done || !self.line.is_empty() {
            return Err(ChunkError::Incomplete);
        }
        Ok(self.streaming.trailer().zip(self.trailer_value))
    }

    fn read(&mut self, mut input: &[u8], out: &mut impl FnMut(&[u8])) -> Result<(), ChunkError> {
        while !input.is_empty() {
            match self.state {
                // After a trailer only empty lines may follow (minio-go
                // writes one more than we do); anything else is extra.
                State::Done if !self.in_trailer() || !matches!(input[0], b'\r' | b'\n') => {
                    return Err(ChunkError::TrailingData)
                }
                State::Failed => return Err(ChunkError::Incomplete),
                State::Data => input = self.read_data(input, out)?,
                _ => {
                    // A line: up to and including its line feed.
                    let (piece, rest, complete) = match input.iter().position(|&b| b == b'\n') {
                        Some(i) => (&input[..=i], &input[i + 1..], true),
                        None => (input, &input[input.len()..], false),
                    };
                    input = rest;
                    if self.line.len() + piece.len() > MAX_LINE {
                        return Err(self.malformed("a line is too long"));
                    }
                    self.line.extend_from_slice(piece);
                    if complete {
                        let mut line = std::mem::take(&mut self.line);
                        let text = match line.strip_suffix(b"\r\n") {
                            Some(text) => Ok(text),
                            // Trailer lines may end in a bare LF, as
                            // minio-go writes them and s3s and MinIO accept.
                            None if self.in_trailer() => Ok(&line[..line.len() - 1]),
                            None => Err(ChunkError::MalformedChunk("a line must end with CRLF")),
                        };
                        let result = text.and_then(|text| self.read_line(text));
                        line.clear();
                        self.line = line;
                        result?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether the decoder is past the final chunk of a trailer form.
    fn in_trailer(&self) -> bool {
        self.streaming.trailer().is_some()
            && matches!(
                self.state,
                State::Trailer | State::TrailerSignature | State::LastLine | State::Done
            )
    }

    /// A framing error: of the trailer once past the final chunk, of the
    /// chunks before.
    fn malformed(&self, why: &'static str) -> ChunkError {
        match self.in_trailer() {
            true => ChunkError::MalformedTrailer(why),
            false => ChunkError::MalformedChunk(why),
        }
    }

    /// Reads chunk data from the start of `input`; returns the rest.
    fn read_data<'i>(
        &mut self,
        input: &'i [u8],
        out: &mut impl FnMut(&[u8]),
    ) -> Result<&'i [u8], ChunkError> {
        let take = input
            .len()
            .min(usize::try_from(self.chunk_left).unwrap_or(usize::MAX));
        let (piece, rest) = input.split_at(take);
        self.chunk_left -= take as u64;
        if let Some(sum) = &mut self.checksum {
            sum.update(piece);
        }
        if !self.streaming.is_signed() {
            out(piece);
        } else if self.data.is_empty() && self.chunk_left == 0 {
            // The whole chunk in one piece: checked and handed on in place.
            self.sha.update(piece);
            self.check_chunk()?;
            out(piece);
        } else {
            self.sha.update(piece);
            self.data.extend_from_slice(piece);
            if self.chunk_left == 0 {
                self.check_chunk()?;
                out(&self.data);
                self.data.clear();
            }
        }
        if self.chunk_left == 0 {
            self.state = State::DataEnd;
        }
        Ok(rest)
    }

    /// Checks the signature of the chunk just read.
    fn check_chunk(&mut self) -> Result<(), ChunkError> {
        let digest: [u8; 32] = std::mem::take(&mut self.sha).finalize().into();
        let expected = self.signer.chunk(&self.previous, &digest);
        if !same_signature(&expected, &self.claimed) {
            return Err(ChunkError::SignatureDoesNotMatch);
        }
        self.previous = expected;
        Ok(())
    }

    /// Acts on one complete line, without its CRLF.
    fn read_line(&mut self, line: &[u8]) -> Result<(), ChunkError> {
        match self.state {
            State::ChunkLine => self.read_chunk_line(line),
            State::DataEnd => {
                if !line.is_empty() {
                    return Err(ChunkError::MalformedChunk(
                        "a chunk's data must be followed by CRLF",
                    ));
                }
                self.state = State::ChunkLine;
                Ok(())
            }
            State::Trailer => self.read_trailer_line(line),
            State::TrailerSignature => self.read_trailer_signature(line),
            State::LastLine => {
                if !line.is_empty() {
                    return Err(ChunkError::MalformedTrailer(
                        "the encoding must end with an empty line",
                    ));
                }
                self.blank_line()?;
                self.state = State::Done;
                Ok(())
            }
            // Only the trailer forms read lines once done: empty ones.
            State::Done if line.is_empty() => self.blank_line(),
            State::Done => Err(ChunkError::TrailingData),
            State::Data | State::Failed => Err(ChunkError::Incomplete),
        }
    }

    fn read_chunk_line(&mut self, line: &[u8]) -> Result<(), ChunkError> {
        let (size, signature) = if self.streaming.is_signed() {
            let at = line
                .iter()
                .position(|&b| b == b';')
                .ok_or(ChunkError::MalformedChunk(
                    "a signed chunk needs ;chunk-signature=",
                ))?;
            let signature = line[at + 1..]
                .strip_prefix(b"chunk-signature=")
                .and_then(decode_signature)
                .ok_or(ChunkError::MalformedChunk(
                    "the chunk signature must be ;chunk-signature= and 64 lower-case hex digits",
                ))?;
            (&line[..at], Some(signature))
        } else {
            (line, None)
        };
        let size = parse_size(size)?;
        if size == 0 {
            if self.received != self.declared {
                return Err(ChunkError::Incomplete);
            }
            if let Some(claimed) = signature {
                self.claimed = claimed;
                self.check_chunk()?;
            }
            self.state = match self.streaming {
                Streaming::Signed => State::LastLine,
                _ => State::Trailer,
            };
            return Ok(());
        }
        if let (Some(short), true) = (self.short, self.streaming.is_signed()) {
            return Err(ChunkError::ChunkTooSmall { size: short });
        }
        if size > self.declared - self.received {
            return Err(ChunkError::TooLong {
                declared: self.declared,
            });
        }
        if self.streaming.is_signed() && size > self.max_chunk as u64 {
            return Err(ChunkError::ChunkTooLarge {
                size,
                max: self.max_chunk as u64,
            });
        }
        if size < MIN_CHUNK_SIZE as u64 {
            self.short = Some(size);
        }
        self.received += size;
        self.chunk_left = size;
        if let Some(claimed) = signature {
            self.claimed = claimed;
        }
        self.state = State::Data;
        Ok(())
    }

    /// Counts an empty line in the trailer: a few are allowed (s3s and
    /// MinIO skip them), not an endless run.
    fn blank_line(&mut self) -> Result<(), ChunkError> {
        self.blank_lines += 1;
        if self.blank_lines > MAX_BLANK_LINES {
            return Err(ChunkError::MalformedTrailer("too many empty lines"));
        }
        Ok(())
    }

    fn read_trailer_line(&mut self, line: &[u8]) -> Result<(), ChunkError> {
        // Some clients write an empty line between the final chunk and the
        // trailer, or after it (minio-go): skipped, as s3s and MinIO do.
        if line.is_empty() {
            return self.blank_line();
        }
        let Some(sum) = &self.checksum else {
            return Err(ChunkError::MalformedTrailer("no trailer was declared"));
        };
        let name = sum.algorithm().header_name();
        let value = header_value(line, name).ok_or(ChunkError::MalformedTrailer(
            "the trailer must be the header x-amz-trailer names, as name:value",
        ))?;
        if self.streaming.is_signed() {
            // The text the signature covers: the canonical header, its
            // name in lower case and its value trimmed, as s3s hashes it.
            self.trailer_line.clear();
            self.trailer_line.extend_from_slice(name.as_bytes());
            self.trailer_line.push(b':');
            self.trailer_line.extend_from_slice(value);
            self.trailer_line.push(b'\n');
            self.state = State::TrailerSignature;
            Ok(())
        } else {
            self.check_checksum(value)?;
            self.state = State::LastLine;
            Ok(())
        }
    }

    fn read_trailer_signature(&mut self, line: &[u8]) -> Result<(), ChunkError> {
        if line.is_empty() {
            return self.blank_line();
        }
        let claimed = header_value(line, "x-amz-trailer-signature")
            .and_then(decode_signature)
            .ok_or(ChunkError::MalformedTrailer(
                "the trailer's signature must be x-amz-trailer-signature: and 64 lower-case hex digits",
            ))?;
        let canonical = std::mem::take(&mut self.trailer_line);
        let expected = self.signer.trailer(&self.previous, &sha256(&canonical));
        if !same_signature(&expected, &claimed) {
            return Err(ChunkError::SignatureDoesNotMatch);
        }
        self.previous = expected;
        let name_len = canonical.iter().position(|&b| b == b':').unwrap_or(0);
        let value = &canonical[name_len + 1..canonical.len() - 1];
        self.check_checksum(value)?;
        self.state = State::LastLine;
        Ok(())
    }

    /// Compares the trailer's checksum with the body's.
    fn check_checksum(&mut self, value: &[u8]) -> Result<(), ChunkError> {
        let Some(sum) = &self.checksum else {
            return Err(ChunkError::MalformedTrailer("no trailer was declared"));
        };
        let computed = sum.finish();
        if computed.as_bytes() != value {
            return Err(ChunkError::ChecksumMismatch(sum.algorithm()));
        }
        self.trailer_value = Some(computed);
        Ok(())
    }
}

/// The value of the header line `line` if it is header `name` (lower
/// case): the name matched in any case, the value without the spaces and
/// tabs around it (HTTP's optional whitespace), as s3s and MinIO read it.
fn header_value<'l>(line: &'l [u8], name: &str) -> Option<&'l [u8]> {
    let colon = line.iter().position(|&b| b == b':')?;
    let (found, value) = (&line[..colon], &line[colon + 1..]);
    if !found.eq_ignore_ascii_case(name.as_bytes()) {
        return None;
    }
    let is_ows = |b: &u8| *b == b' ' || *b == b'\t';
    let start = value.iter().position(|b| !is_ows(b)).unwrap_or(value.len());
    let end = value
        .iter()
        .rposition(|b| !is_ows(b))
        .map_or(start, |e| e + 1);
    Some(&value[start..end])
}

/// A chunk size: 1 to 16 hex digits, either case.
fn parse_size(hex: &[u8]) -> Result<u64, ChunkError> {
    let bad = ChunkError::MalformedChunk("a chunk size must be 1 to 16 hex digits");
    if hex.is_empty() || hex.len() > 16 {
        return Err(bad);
    }
    hex.iter().try_fold(0u64, |n, &c| {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => return Err(bad.clone()),
        };
        Ok((n << 4) | u64::from(d))
    })
}
