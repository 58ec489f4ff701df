//! The canonical request and the string to sign, written as text: the signer
//! writes them after the request target it builds and hashes them from there.

use std::cmp::Ordering;

use crate::encode::{cmp_encoded, encode_into, is_unreserved};

/// Hex SHA-256 of the empty string, the payload hash of a request without body.
pub(crate) const EMPTY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The algorithm name of SigV4 with HMAC-SHA256.
pub(crate) const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The first line of a string to sign.
const ALGORITHM_LINE: &str = "AWS4-HMAC-SHA256\n";

/// A header to sign.
#[derive(Clone, Copy)]
pub(crate) struct Header<'a> {
    /// The name as given, compared without case.
    pub(crate) name: &'a str,
    pub(crate) value: &'a str,
    /// True when the name is lower case and needs no percent-encoding, and
    /// the value needs no trimming: both are written as they are.
    pub(crate) canonical: bool,
}

impl<'a> Header<'a> {
    /// A header as a caller gave it (already checked).
    pub(crate) fn given(name: &'a str, value: &'a str) -> Self {
        let plain_name = name
            .bytes()
            .all(|b| is_unreserved(b) && !b.is_ascii_uppercase());
        let canonical = plain_name && is_trimmed(value);
        Header {
            name,
            value,
            canonical,
        }
    }

    /// One of the signer's own headers: a lower-case name, and a value
    /// without spaces or tabs.
    pub(crate) fn own(name: &'static str, value: &'a str) -> Self {
        debug_assert!(Header::given(name, value).canonical && !value.contains(' '));
        Header {
            name,
            value,
            canonical: true,
        }
    }
}

/// Orders header names as their lower-case forms sort.
pub(crate) fn cmp_header_names(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// Writes an ASCII name lower-cased (and percent-encoded when `encoded`), in
/// chunks, without allocating.
fn put_lower_name(out: &mut String, s: &str, encoded: bool) {
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

fn put_name(out: &mut String, s: &str, encoded: bool) {
    if encoded {
        encode_into(out, s, false);
    } else {
        out.push_str(s);
    }
}

/// Writes a header value trimmed, with each inner run of spaces and tabs
/// collapsed to one space.
fn put_trimmed(out: &mut String, value: &str) {
    if is_trimmed(value) {
        return out.push_str(value);
    }
    let mut first = true;
    for word in value.split([' ', '\t']).filter(|w| !w.is_empty()) {
        if !first {
            out.push(' ');
        }
        out.push_str(word);
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
pub(crate) fn write_canonical_headers(out: &mut String, sorted: &[Header<'_>]) {
    let mut i = 0;
    while i < sorted.len() {
        let first = sorted[i];
        write_name(out, first, false);
        out.push(':');
        write_value(out, first);
        i += 1;
        while i < sorted.len() && sorted[i].name.eq_ignore_ascii_case(first.name) {
            out.push(',');
            write_value(out, sorted[i]);
            i += 1;
        }
        out.push('\n');
    }
}

/// Writes a header name lower-cased, and percent-encoded when `encoded`.
fn write_name(out: &mut String, header: Header<'_>, encoded: bool) {
    if header.canonical {
        out.push_str(header.name)
    } else {
        put_lower_name(out, header.name, encoded)
    }
}

/// Writes a header value trimmed.
fn write_value(out: &mut String, header: Header<'_>) {
    if header.canonical {
        out.push_str(header.value)
    } else {
        put_trimmed(out, header.value)
    }
}

/// Writes `host;x-amz-date` (the signed-headers list) for sorted headers,
/// percent-encoded when it goes into a query string.
pub(crate) fn write_signed_headers(out: &mut String, sorted: &[Header<'_>], encoded: bool) {
    let mut last: Option<&str> = None;
    for &header in sorted {
        if last.is_some_and(|l| l.eq_ignore_ascii_case(header.name)) {
            continue;
        }
        if last.is_some() {
            out.push_str(if encoded { "%3B" } else { ";" });
        }
        write_name(out, header, encoded);
        last = Some(header.name);
    }
}

/// A query parameter as the caller gave it: name and value, decoded.
pub(crate) type Param<'a> = (&'a str, &'a str);

/// Orders parameters by encoded name, then encoded value.
pub(crate) fn cmp_params(a: &Param<'_>, b: &Param<'_>) -> Ordering {
    cmp_encoded(a.0.as_bytes(), b.0.as_bytes())
        .then_with(|| cmp_encoded(a.1.as_bytes(), b.1.as_bytes()))
}

/// One of the parameters presigning adds.
#[derive(Clone, Copy)]
pub(crate) struct OwnParam<'a> {
    /// `&`, the name (which needs no encoding) and `=`.
    pub(crate) lead: &'static str,
    pub(crate) value: OwnValue<'a>,
}

impl OwnParam<'_> {
    /// The name.
    pub(crate) fn name(&self) -> &str {
        &self.lead[1..self.lead.len() - 1]
    }
}

/// The value of a parameter presigning adds.
#[derive(Clone, Copy)]
pub(crate) enum OwnValue<'a> {
    /// Text that is already encoded: digits, the algorithm, the credential.
    Encoded(&'a str),
    /// Text to encode: the session token.
    Text(&'a str),
    /// The signed-headers list of these sorted headers.
    SignedHeaders(&'a [Header<'a>]),
}

/// Writes parameters as `a=1&b=2`: the caller's, sorted, merged with the
/// signer's own, which are in order already.
pub(crate) fn write_query(out: &mut String, given: &[Param<'_>], own: &[OwnParam<'_>]) {
    let mut first = true;
    let mut own = own.iter().peekable();
    for &(name, value) in given {
        // No caller's name equals one of the signer's: those are refused.
        while let Some(p) =
            own.next_if(|p| cmp_encoded(p.name().as_bytes(), name.as_bytes()).is_lt())
        {
            write_own(out, p, &mut first);
        }
        if !std::mem::take(&mut first) {
            out.push('&');
        }
        encode_into(out, name, false);
        out.push('=');
        encode_into(out, value, false);
    }
    for p in own {
        write_own(out, p, &mut first);
    }
}

/// Writes one of the signer's parameters, after a `&` unless it is `first`.
fn write_own(out: &mut String, p: &OwnParam<'_>, first: &mut bool) {
    out.push_str(if std::mem::take(first) {
        &p.lead[1..]
    } else {
        p.lead
    });
    match p.value {
        OwnValue::Encoded(v) => out.push_str(v),
        OwnValue::Text(v) => encode_into(out, v, false),
        OwnValue::SignedHeaders(headers) => write_signed_headers(out, headers, true),
    }
}

/// Writes what follows the query string in a canonical request: `\n`, the
/// canonical headers, `\n`, the signed-headers list, `\n` and the payload hash.
pub(crate) fn write_header_block(out: &mut String, headers: &[Header<'_>], payload_hash: &str) {
    out.push('\n');
    write_canonical_headers(out, headers);
    out.push('\n');
    write_signed_headers(out, headers, false);
    out.push('\n');
    out.push_str(payload_hash);
}

/// Writes the string to sign up to its last line, the hex SHA-256 of the
/// canonical request. `scope_line` is the credential scope between two line
/// feeds.
pub(crate) fn write_string_to_sign_head(out: &mut String, timestamp: &str, scope_line: &str) {
    out.push_str(ALGORITHM_LINE);
    out.push_str(timestamp);
    out.push_str(scope_line);
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
        ]
        .map(|(name, value)| Header::given(name, value));
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
        put_lower_name(&mut out, &name, false);
        assert_eq!(out, name.to_ascii_lowercase());
    }
}
