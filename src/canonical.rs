//! The canonical request and the string to sign, written once for any sink:
//! straight into SHA-256 when signing, into a `String` when explaining.

use std::cmp::Ordering;

use crate::encode::{cmp_encoded, encode_into, Sink};

/// Hex SHA-256 of the empty string, the payload hash of a request without body.
pub(crate) const EMPTY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The algorithm name of SigV4 with HMAC-SHA256.
pub(crate) const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// A header to sign: its name as given (compared without case) and value.
pub(crate) type Header<'a> = (&'a str, &'a str);

/// Orders header names as their lower-case forms sort.
pub(crate) fn cmp_header_names(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// Writes an ASCII name lower-cased (and percent-encoded when `encoded`), in
/// chunks, without allocating.
fn put_lower_name(out: &mut impl Sink, s: &str, encoded: bool) {
    if !s.bytes().any(|b| b.is_ascii_uppercase()) {
        // Already lower case, the usual case: written as it is.
        return put_name(out, s, encoded);
    }
    let mut buf = [0u8; 64];
    for chunk in s.as_bytes().chunks(buf.len()) {
        let lowered = &mut buf[..chunk.len()];
        lowered.copy_from_slice(chunk);
        lowered.make_ascii_lowercase();
        // Header names are ASCII (checked where they enter), so every chunk
        // is whole characters.
        put_name(
            out,
            std::str::from_utf8(lowered).unwrap_or_default(),
            encoded,
        );
    }
}

fn put_name(out: &mut impl Sink, s: &str, encoded: bool) {
    if encoded {
        encode_into(out, s, false);
    } else {
        out.put(s);
    }
}

fn put_lower(out: &mut impl Sink, s: &str) {
    put_lower_name(out, s, false);
}

/// Writes a header value trimmed, with each inner run of spaces and tabs
/// collapsed to one space.
fn put_trimmed(out: &mut impl Sink, value: &str) {
    if is_trimmed(value) {
        return out.put(value);
    }
    let mut first = true;
    for word in value.split([' ', '\t']).filter(|w| !w.is_empty()) {
        if !first {
            out.put(" ");
        }
        out.put(word);
        first = false;
    }
}

/// True when trimming and collapsing would not change `value`: no tab, no
/// space at either end, no two spaces in a row.
fn is_trimmed(value: &str) -> bool {
    let mut after_space = true;
    for b in value.bytes() {
        if b == b'\t' || (b == b' ' && after_space) {
            return false;
        }
        after_space = b == b' ';
    }
    !after_space || value.is_empty()
}

/// Writes `host:...\nname:v1,v2\n...` for headers sorted by name (stably, so
/// repeated names keep their order).
pub(crate) fn write_canonical_headers(out: &mut impl Sink, sorted: &[Header<'_>]) {
    let mut i = 0;
    while i < sorted.len() {
        let (name, value) = sorted[i];
        put_lower(out, name);
        out.put(":");
        put_trimmed(out, value);
        i += 1;
        while i < sorted.len() && sorted[i].0.eq_ignore_ascii_case(name) {
            out.put(",");
            put_trimmed(out, sorted[i].1);
            i += 1;
        }
        out.put("\n");
    }
}

/// Writes `host;x-amz-date` (the signed-headers list) for sorted headers,
/// percent-encoded when it goes into a query string.
pub(crate) fn write_signed_headers(out: &mut impl Sink, sorted: &[Header<'_>], encoded: bool) {
    let mut last: Option<&str> = None;
    for &(name, _) in sorted {
        if last.is_some_and(|l| l.eq_ignore_ascii_case(name)) {
            continue;
        }
        if last.is_some() {
            out.put(if encoded { "%3B" } else { ";" });
        }
        put_lower_name(out, name, encoded);
        last = Some(name);
    }
}

/// One parameter of a canonical query string.
#[derive(Clone, Copy)]
pub(crate) struct Param<'a> {
    pub(crate) name: &'a str,
    pub(crate) value: Value<'a>,
}

/// A parameter value; the presigning values that are made of parts are
/// written piece by piece instead of being formatted first.
#[derive(Clone, Copy)]
pub(crate) enum Value<'a> {
    /// Decoded text, encoded when written.
    Text(&'a str),
    /// Text that is already encoded (digits, the algorithm name).
    Encoded(&'a str),
    /// `X-Amz-SignedHeaders`.
    SignedHeaders(&'a [Header<'a>]),
}

impl Default for Param<'_> {
    fn default() -> Self {
        Param {
            name: "",
            value: Value::Encoded(""),
        }
    }
}

/// Orders parameters by encoded name, then encoded value.
pub(crate) fn cmp_params(a: &Param<'_>, b: &Param<'_>) -> Ordering {
    cmp_encoded(a.name.as_bytes(), b.name.as_bytes()).then_with(|| match (a.value, b.value) {
        (Value::Text(x), Value::Text(y)) => cmp_encoded(x.as_bytes(), y.as_bytes()),
        _ => Ordering::Equal,
    })
}

/// Writes parameters as `a=1&b=2`, merging two sorted lists into one sorted
/// query: the caller's, and the signer's own, whose names need no encoding.
pub(crate) fn write_query(out: &mut impl Sink, mut given: &[Param<'_>], mut own: &[Param<'_>]) {
    let mut first = true;
    loop {
        let (p, encode_name) = match (given.split_first(), own.split_first()) {
            (Some((x, rest)), Some((y, _))) if cmp_params(x, y) != Ordering::Greater => {
                given = rest;
                (x, true)
            }
            (_, Some((y, rest))) => {
                own = rest;
                (y, false)
            }
            (Some((x, rest)), None) => {
                given = rest;
                (x, true)
            }
            (None, None) => break,
        };
        if !first {
            out.put("&");
        }
        first = false;
        put_name(out, p.name, encode_name);
        out.put("=");
        match p.value {
            Value::Text(v) => encode_into(out, v, false),
            Value::Encoded(v) => out.put(v),
            Value::SignedHeaders(headers) => write_signed_headers(out, headers, true),
        }
    }
}

/// The canonical URI: final already, or a path to encode while writing.
#[derive(Clone, Copy)]
pub(crate) enum Uri<'a> {
    Encoded(&'a str),
    Encode(&'a str),
}

/// The six parts of a canonical request, each already in its final form
/// except the headers, which are written from the sorted list.
pub(crate) struct CanonicalRequest<'a> {
    pub(crate) method: &'a str,
    pub(crate) uri: Uri<'a>,
    pub(crate) query: &'a str,
    pub(crate) headers: &'a [Header<'a>],
    pub(crate) payload_hash: &'a str,
}

impl CanonicalRequest<'_> {
    /// Writes the canonical request, in the order the specification gives.
    pub(crate) fn write(&self, out: &mut impl Sink) {
        out.put(self.method);
        out.put("\n");
        match self.uri {
            Uri::Encoded(uri) => out.put(uri),
            Uri::Encode(path) => encode_into(out, path, true),
        }
        out.put("\n");
        out.put(self.query);
        out.put("\n");
        write_canonical_headers(out, self.headers);
        out.put("\n");
        write_signed_headers(out, self.headers, false);
        out.put("\n");
        out.put(self.payload_hash);
    }
}

/// Writes the string to sign for a canonical request whose SHA-256 (hex) is
/// `request_hash`.
pub(crate) fn write_string_to_sign(
    out: &mut impl Sink,
    timestamp: &str,
    scope: &str,
    request_hash: &[u8; 64],
) {
    out.put(ALGORITHM);
    out.put("\n");
    out.put(timestamp);
    out.put("\n");
    out.put(scope);
    out.put("\n");
    out.put_ascii(request_hash);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_trimmed_and_collapsed() {
        let mut out = String::new();
        put_trimmed(&mut out, " \t a   b\t\tc  \"x  y\" \t");
        assert_eq!(out, "a b c \"x y\"");
        let mut empty = String::new();
        put_trimmed(&mut empty, "  \t ");
        assert_eq!(empty, "");
        for (value, trimmed) in [
            ("", true),
            ("a", true),
            ("a b", true),
            ("a  b", false),
            (" a", false),
            ("a ", false),
            ("a\tb", false),
            (" ", false),
        ] {
            assert_eq!(is_trimmed(value), trimmed, "{value:?}");
            let mut out = String::new();
            put_trimmed(&mut out, value);
            let words: Vec<&str> = value.split([' ', '\t']).filter(|w| !w.is_empty()).collect();
            assert_eq!(out, words.join(" "), "{value:?}");
        }
    }

    #[test]
    fn repeated_headers_are_joined_in_order() {
        let headers = [
            ("Host", "h"),
            ("My-Header1", " value4"),
            ("my-header1", "value1 "),
            ("MY-HEADER1", "value3"),
        ];
        let mut out = String::new();
        write_canonical_headers(&mut out, &headers);
        assert_eq!(out, "host:h\nmy-header1:value4,value1,value3\n");
        let mut signed = String::new();
        write_signed_headers(&mut signed, &headers, false);
        assert_eq!(signed, "host;my-header1");
        let mut encoded = String::new();
        write_signed_headers(&mut encoded, &headers, true);
        assert_eq!(encoded, "host%3Bmy-header1");
    }

    #[test]
    fn long_names_are_lower_cased_in_chunks() {
        let name = "X-".repeat(70);
        let mut out = String::new();
        put_lower(&mut out, &name);
        assert_eq!(out, name.to_ascii_lowercase());
    }
}
