//! What is signed: the parts of an HTTP request, and the rules of the service
//! that will check the signature.

use crate::prelude::*;
use crate::Error;

/// The parts of an HTTP request that SigV4 signs. Borrowed, so describing a
/// request costs nothing; no HTTP crate is needed.
///
/// ```
/// use presign::{Payload, Request};
///
/// let request = Request {
///     method: "GET",
///     host: "iam.amazonaws.com",
///     path: "/",
///     query: &[("Action", "ListUsers"), ("Version", "2010-05-08")],
///     headers: &[("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
///     payload: Payload::Empty,
/// };
/// # let _ = request;
/// ```
#[derive(Clone, Copy)]
pub struct Request<'a> {
    /// The HTTP method, as sent (`GET`, `PUT`, ...).
    pub method: &'a str,
    /// The `Host` header: the authority of the URL, with the port when it is
    /// not the scheme's default (`bucket.s3.amazonaws.com`, `127.0.0.1:9000`).
    pub host: &'a str,
    /// The path as it is sent on the wire: starting with `/`, percent-encoded
    /// where the caller encoded it. Under [`PathRule::S3`] the path is decoded
    /// and encoded again once, so `/test$file.text` and `/test%24file.text`
    /// name the same object, and any byte may be given raw. Under the other
    /// rules it is signed as given (then encoded once more, as those services
    /// do): give it encoded as the client will send it. Header signing signs
    /// a raw space or non-ASCII character as AWS's test suite does (a raw
    /// request line), and [`crate::Signer::presign`] refuses it, since a URL
    /// cannot carry it. Control characters are refused under those rules.
    pub path: &'a str,
    /// Query parameters, decoded: the signer encodes names and values.
    pub query: &'a [(&'a str, &'a str)],
    /// Headers to sign, in the order they are sent; a repeated name is signed
    /// as one header with its values joined by `,`. Values are UTF-8 text,
    /// signed as their bytes. `Host` may be left out: it is signed from
    /// [`Request::host`].
    pub headers: &'a [(&'a str, &'a str)],
    /// The body, or what stands for it.
    pub payload: Payload<'a>,
}

impl core::fmt::Debug for Request<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Session tokens and SSE-C keys are secrets: their values are hidden.
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("host", &self.host)
            .field("path", &self.path)
            .field("query", &redact_pairs(self.query).collect::<Vec<_>>())
            .field("headers", &redact_pairs(self.headers).collect::<Vec<_>>())
            .field("payload", &self.payload)
            .finish()
    }
}

/// The body of a request, as the signature covers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload<'a> {
    /// No body: signed as the SHA-256 of zero bytes.
    Empty,
    /// The body itself, hashed while signing.
    Bytes(&'a [u8]),
    /// A precomputed hash: 64 lower-case hex digits, or one of the literals
    /// AWS defines: `UNSIGNED-PAYLOAD`, `STREAMING-UNSIGNED-PAYLOAD-TRAILER`,
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`,
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`,
    /// `STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD` and
    /// `STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER`.
    Hash(&'a str),
    /// `UNSIGNED-PAYLOAD`: the body is not covered. What S3 presigned URLs use.
    Unsigned,
}

/// How a service builds the canonical URI from a request path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathRule {
    /// S3: the path is decoded, then every byte outside the unreserved set and
    /// `/` is encoded once. `.`, `..` and empty segments are kept: in S3 they
    /// are part of the object key.
    S3,
    /// Every other service: `.` and `..` segments are removed and repeated
    /// slashes merged, then the path is encoded once more on top of its wire
    /// encoding (the SigV4 "double encoding": `%20` is signed as `%2520`).
    Normalized,
    /// As [`PathRule::Normalized`], without removing dot segments or merging
    /// slashes.
    Unnormalized,
}

/// Whether header signing adds a signed `x-amz-content-sha256` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentSha256 {
    /// Add it (S3 requires it on every header-signed request).
    Header,
    /// Leave it out; the payload hash is still the last line of the
    /// canonical request.
    Omitted,
}

/// Where a session token goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionToken {
    /// Signed with the rest: a signed header, or a parameter of the canonical
    /// query string. What S3 and most services expect.
    Signed,
    /// Added to the request after signing, unsigned (a few services, such as
    /// IoT, want this).
    AddedAfterSigning,
}

/// The rules that differ between services. [`Rules::for_service`] picks them
/// from the service name; set the fields to override.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// How the path becomes the canonical URI.
    pub path: PathRule,
    /// Whether header signing adds `x-amz-content-sha256`.
    pub content_sha256: ContentSha256,
    /// Whether the session token is signed.
    pub session_token: SessionToken,
}

impl Rules {
    /// S3's rules: paths encoded once and never normalised, and a signed
    /// `x-amz-content-sha256` header.
    pub const S3: Rules = Rules {
        path: PathRule::S3,
        content_sha256: ContentSha256::Header,
        session_token: SessionToken::Signed,
    };

    /// The rules of every other service: normalised, double-encoded paths and
    /// no `x-amz-content-sha256` header.
    pub const DEFAULT: Rules = Rules {
        path: PathRule::Normalized,
        content_sha256: ContentSha256::Omitted,
        session_token: SessionToken::Signed,
    };

    /// The rules for a service name: [`Rules::S3`] for the names S3 signs
    /// under (`s3`, `s3-object-lambda`, `s3-outposts` and S3 Express's
    /// `s3express`), [`Rules::DEFAULT`] for anything else.
    pub fn for_service(service: &str) -> Rules {
        match service {
            "s3" | "s3-object-lambda" | "s3-outposts" | "s3express" => Rules::S3,
            _ => Rules::DEFAULT,
        }
    }
}

/// Checks a region or service name: non-empty, `[a-z0-9-]` only.
pub(crate) fn is_scope_part(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// True when `keep` holds for every byte of `s`. Folded without branches,
/// which the compiler vectorises: inputs are short and nearly always valid.
pub(crate) fn all_bytes(s: &str, keep: impl Fn(u8) -> bool) -> bool {
    s.bytes().fold(true, |all, b| all & keep(b))
}

/// RFC 9110 `tchar`: the characters of methods and header names.
pub(crate) fn is_token(s: &str) -> bool {
    /// Which bytes are `tchar`.
    const TCHAR: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            table[b] = c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                );
            b += 1;
        }
        table
    };
    !s.is_empty() && all_bytes(s, |b| TCHAR[usize::from(b)])
}

/// Checks a header value: UTF-8 text, signed as its bytes. Refused are the
/// control characters but tab (CR, LF and NUL among them, and U+0080 to
/// U+009F), and Unicode whitespace other than space and tab, which signers
/// fold differently. Clients that need ASCII send non-ASCII metadata
/// RFC 2047-encoded (`=?UTF-8?B?...?=`).
pub(crate) fn check_header_value(name: &str, value: &str) -> Result<(), Error> {
    // Visible ASCII, space and tab, the usual case, in a vectorised pass.
    let ascii = all_bytes(value, |b| b == b'\t' || (b' '..=b'~').contains(&b));
    let ok = ascii
        || value
            .chars()
            .all(|c| c == '\t' || c == ' ' || !(c.is_control() || c.is_whitespace()));
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidHeaderValue {
            name: name.to_string(),
        })
    }
}

/// A host: non-empty ASCII without whitespace, controls or URI delimiters
/// other than `:` (port) and `[]` (IPv6).
pub(crate) fn check_host(host: &str) -> Result<(), Error> {
    let ok = !host.is_empty()
        && all_bytes(host, |b| {
            b.is_ascii_graphic() & !matches!(b, b'/' | b'?' | b'#' | b'@' | b'\\' | b'%')
        });
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidHost(host.to_string()))
    }
}

/// The payload literals AWS defines, which stand for a body's hash.
pub(crate) const PAYLOAD_LITERALS: [&str; 6] = [
    "UNSIGNED-PAYLOAD",
    "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
    "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
    "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER",
];

/// Checks a precomputed payload hash: 64 lower-case hex digits, or one of
/// the literals, exactly.
pub(crate) fn check_payload_hash(hash: &str) -> Result<(), Error> {
    let hex =
        || hash.len() == 64 && all_bytes(hash, |b| b.is_ascii_digit() | (b'a'..=b'f').contains(&b));
    if hex() || PAYLOAD_LITERALS.contains(&hash) {
        Ok(())
    } else {
        Err(Error::InvalidPayloadHash)
    }
}

/// Headers and form fields whose values are secrets: the session token and
/// SSE-C customer keys. `Debug` output hides their values.
pub(crate) fn is_secret_field(name: &str) -> bool {
    [
        "x-amz-security-token",
        "x-amz-server-side-encryption-customer-key",
        "x-amz-copy-source-server-side-encryption-customer-key",
    ]
    .iter()
    .any(|secret| name.eq_ignore_ascii_case(secret))
}

/// Name-value pairs with the values of secret fields hidden, for `Debug`.
pub(crate) fn redact_pairs<'a>(
    pairs: &'a [(&'a str, &'a str)],
) -> impl Iterator<Item = (&'a str, &'a str)> {
    pairs.iter().map(|&(name, value)| {
        if is_secret_field(name) {
            (name, "<redacted>")
        } else {
            (name, value)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_the_tchars_of_rfc_9110() {
        // RFC 9110, section 5.6.2: tchar, written out.
        let tchar = "!#$%&'*+-.^_`|~0123456789\
                     ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for b in 0..=255u8 {
            let mut buf = [0; 4];
            let s = char::from(b).encode_utf8(&mut buf);
            let want = tchar.as_bytes().contains(&b);
            assert_eq!(is_token(s), want, "byte {b:#04x}");
            assert_eq!(
                is_token(&format!("X-Ok{s}ay")),
                want,
                "byte {b:#04x} inside"
            );
        }
        assert!(!is_token(""));
    }

    #[test]
    fn header_values_refuse_controls_but_tabs() {
        for b in 0..=127u8 {
            let value = format!("a{}b", char::from(b));
            let want = b == b'\t' || (0x20..0x7f).contains(&b);
            assert_eq!(
                check_header_value("n", &value).is_ok(),
                want,
                "byte {b:#04x}"
            );
        }
    }

    #[test]
    fn header_values_take_utf8_text_but_controls_and_other_spaces() {
        for good in ["Zürich", "é", "😀 ok", "日本語\tx", "a\u{200b}b"] {
            assert!(check_header_value("n", good).is_ok(), "{good:?}");
        }
        // C1 controls, and the whitespace that is not space or tab: NEL,
        // NBSP, ogham space, en quad to hair space, line and paragraph
        // separators, narrow NBSP, medium mathematical space, ideographic
        // space.
        let refused = (0x80..=0x9f)
            .chain([0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000])
            .chain(0x2000..=0x200a)
            .filter_map(char::from_u32);
        for c in refused {
            assert!(check_header_value("n", &format!("a{c}b")).is_err(), "{c:?}");
        }
    }

    #[test]
    fn payload_hashes_are_hex_or_a_known_literal() {
        for good in PAYLOAD_LITERALS
            .iter()
            .copied()
            .chain(["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"])
        {
            assert!(check_payload_hash(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "UNSIGNED",
            "MY-LITERAL",
            "unsigned-payload",
            "UNSIGNED-PAYLOAD ",
            "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
        ] {
            assert_eq!(
                check_payload_hash(bad),
                Err(Error::InvalidPayloadHash),
                "{bad}"
            );
        }
    }

    #[test]
    fn s3_signing_names_get_s3_rules() {
        for service in ["s3", "s3-object-lambda", "s3-outposts", "s3express"] {
            assert_eq!(Rules::for_service(service), Rules::S3, "{service}");
        }
        for service in ["iam", "s3x", "execute-api", "S3"] {
            assert_eq!(Rules::for_service(service), Rules::DEFAULT, "{service}");
        }
    }
}
