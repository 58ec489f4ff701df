//! The one error type of the crate.

use core::fmt;

use crate::prelude::*;

/// Why a request could not be signed.
///
/// Every input is checked where it enters the crate, so signing never panics
/// and never produces a URL or header that a server would read differently
/// from what was signed. Messages are lower-case, name the offending input
/// where that is safe, and never contain a secret key or session token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The access key id is empty, or has a character outside visible ASCII,
    /// or a `/` or `,` (which would break the credential scope or the
    /// `Authorization` header).
    InvalidAccessKeyId,
    /// The secret access key is empty.
    EmptySecretKey,
    /// The session token is empty or has a character outside visible ASCII.
    InvalidSessionToken,
    /// The region is empty or has a character outside `[a-z0-9-]`.
    InvalidRegion(String),
    /// The service name is empty or has a character outside `[a-z0-9-]`.
    InvalidService(String),
    /// The HTTP method is empty or not an RFC 9110 token.
    InvalidMethod(String),
    /// The host is empty or has a character that cannot appear in a URI
    /// authority (whitespace, control bytes, `/`, `?`, `#`, `@`, non-ASCII).
    InvalidHost(String),
    /// The path does not start with `/`, has a raw `?` or `#`, or a `%` that
    /// does not begin a `%XX` escape. Under rules other than S3's (which
    /// encode the path), also: a control character (U+0080 to U+009F
    /// included), and, when presigning, a character a URL cannot carry as
    /// it is (a space, non-ASCII text).
    InvalidPath(String),
    /// A header name is empty or not an RFC 9110 token (this includes CR, LF,
    /// spaces and `:`).
    InvalidHeaderName(String),
    /// A header value has a control character other than tab (CR, LF, NUL
    /// and U+0080 to U+009F among them), or Unicode whitespace other than
    /// space and tab, which signers fold differently. Other UTF-8 text is
    /// signed as its bytes.
    InvalidHeaderValue {
        /// The header whose value was refused.
        name: String,
    },
    /// A header that the signer sets itself (`host`, `x-amz-date`,
    /// `x-amz-content-sha256`, `x-amz-security-token`) was given with a value
    /// that contradicts the one being signed.
    ConflictingHeader(String),
    /// A query parameter that presigning sets itself (`X-Amz-Signature`,
    /// `X-Amz-Credential`, ...) was given by the caller; in header signing,
    /// `X-Amz-Algorithm` or `X-Amz-Signature` (as spelt), which would make the
    /// request signed both ways.
    ReservedQueryParameter(String),
    /// A precomputed payload hash is neither 64 lower-case hex digits nor an
    /// upper-case literal such as `UNSIGNED-PAYLOAD`.
    InvalidPayloadHash,
    /// A presigned URL must live between 1 second and 7 days (604800 s).
    InvalidExpiry {
        /// The requested lifetime, in whole seconds.
        seconds: u64,
    },
    /// A signing time outside the years 0000..=9999, or a timestamp that is
    /// not of the form `YYYYMMDDTHHMMSSZ`.
    InvalidTime(String),
    /// A bucket name that S3 would refuse, with the rule it breaks.
    InvalidBucketName {
        /// The bucket name as given.
        name: String,
        /// The rule it breaks.
        reason: &'static str,
    },
    /// An endpoint that is not an `http://` or `https://` URL with a host,
    /// optional port and optional path prefix.
    InvalidEndpoint(String),
    /// An object key that is empty or longer than 1024 bytes.
    InvalidObjectKey(String),
    /// A POST policy that S3 would refuse or that contradicts itself.
    InvalidPolicy(String),
    /// An S3 presigned URL was asked to sign a payload other than
    /// [`crate::Payload::Unsigned`] without signing an `x-amz-content-sha256`
    /// header with its hash: S3 would check it against `UNSIGNED-PAYLOAD`.
    PresignedPayloadNotUnsigned,
    /// A multipart upload part number outside 1 to 10000.
    InvalidPartNumber(u16),
    /// An `http::Uri` that cannot be signed as it is (feature `http`): not
    /// `http://` or `https://` where a URL is needed, no authority and no
    /// `Host` header, user info, an explicit default port or a port that is
    /// not a number, or a query escape of bytes that are not UTF-8. The text
    /// says which, and never shows the URI (which may hold a password).
    InvalidUri(String),
    /// An `http::Request`'s path and query are not the request target the
    /// signer signs for them (feature `http`): sent as they are, they would
    /// not be what was signed. Write the URI as the signer writes it
    /// (`signed`), with its query parameters in any order.
    TargetMismatch {
        /// The path and query as the request would send them.
        sent: String,
        /// The request target the signer signs.
        signed: String,
    },
    /// An `aws-chunked` chunk (or chunk size) under 8 KiB that is not the
    /// last chunk, or an empty chunk before the end: S3 refuses them.
    InvalidChunkSize {
        /// The chunk's size, in bytes.
        size: u64,
    },
    /// An `aws-chunked` body of another length than its declared
    /// `x-amz-decoded-content-length`, or a chunk after the end.
    StreamLengthMismatch {
        /// The declared length.
        declared: u64,
        /// The bytes given so far (more than declared), or in all (fewer).
        given: u64,
    },
    /// The `aws-chunked` encoding of a body this long would be longer than
    /// a `u64` counts.
    StreamTooLong {
        /// The body's length.
        decoded_length: u64,
    },
    /// A [`crate::chunked::ChunkEncoder`] was given another signer or
    /// other credentials than those that signed its seed request: the
    /// chunks would chain from a signature another key made, and a server
    /// would refuse them. Names which part of the seed's credential differs
    /// (`"access key"`, `"date"`, `"region"`, `"service"`, `"algorithm"`),
    /// never a secret.
    SeedMismatch(&'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidAccessKeyId => f.write_str(
                "invalid access key id: it must be non-empty visible ASCII without '/' or ','",
            ),
            Error::EmptySecretKey => f.write_str("the secret access key is empty"),
            Error::InvalidSessionToken => f.write_str(
                "invalid session token: it must be non-empty visible ASCII",
            ),
            Error::InvalidRegion(r) => {
                write!(f, "invalid region {r:?}: use only a-z, 0-9 and '-'")
            }
            Error::InvalidService(s) => {
                write!(f, "invalid service {s:?}: use only a-z, 0-9 and '-'")
            }
            Error::InvalidMethod(m) => write!(f, "invalid http method {m:?}"),
            Error::InvalidHost(h) => write!(f, "invalid host {h:?}"),
            Error::InvalidPath(p) => write!(f, "invalid path {p:?}"),
            Error::InvalidHeaderName(n) => write!(f, "invalid header name {n:?}"),
            Error::InvalidHeaderValue { name } => write!(
                f,
                "invalid value for header {name:?}: control characters and whitespace other than space and tab are refused"
            ),
            Error::ConflictingHeader(n) => write!(
                f,
                "header {n:?} is set by the signer and was given with a different value"
            ),
            Error::ReservedQueryParameter(n) => {
                write!(f, "query parameter {n:?} is set by the signer")
            }
            Error::InvalidPayloadHash => f.write_str(
                "invalid payload hash: expected 64 lower-case hex digits or a literal such as UNSIGNED-PAYLOAD",
            ),
            Error::InvalidExpiry { seconds } => write!(
                f,
                "invalid expiry of {seconds} s: it must be from 1 to 604800 seconds (7 days)"
            ),
            Error::InvalidTime(t) => write!(f, "invalid signing time {t:?}"),
            Error::InvalidBucketName { name, reason } => {
                write!(f, "invalid bucket name {name:?}: {reason}")
            }
            Error::InvalidEndpoint(e) => write!(f, "invalid endpoint {e:?}"),
            Error::InvalidObjectKey(k) => write!(f, "invalid object key {k:?}"),
            Error::InvalidPolicy(why) => write!(f, "invalid post policy: {why}"),
            Error::PresignedPayloadNotUnsigned => f.write_str(
                "a presigned s3 url signs UNSIGNED-PAYLOAD unless it also signs an x-amz-content-sha256 header",
            ),
            Error::InvalidPartNumber(n) => {
                write!(f, "invalid part number {n}: it must be from 1 to 10000")
            }
            Error::InvalidUri(why) => write!(f, "invalid uri: {why}"),
            Error::TargetMismatch { sent, signed } => write!(
                f,
                "the request target {sent:?} is not the one signed, {signed:?}: send the signed one"
            ),
            Error::InvalidChunkSize { size } => write!(
                f,
                "invalid chunk of {size} bytes: every chunk but the last must have at least 8192 bytes, and none may be empty"
            ),
            Error::StreamLengthMismatch { declared, given } => write!(
                f,
                "the streamed body has {given} bytes where {declared} were declared"
            ),
            Error::StreamTooLong { decoded_length } => write!(
                f,
                "the aws-chunked encoding of {decoded_length} bytes would be longer than a u64 counts"
            ),
            Error::SeedMismatch(what) => write!(
                f,
                "the seed request was signed with another {what} than the encoder was given"
            ),
        }
    }
}

impl core::error::Error for Error {}
