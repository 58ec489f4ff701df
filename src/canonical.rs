//! The canonical request, written as text: the signer writes its parts after
//! the request target it builds, and hashes them from there.

use std::cmp::Ordering;

use crate::encode::{cmp_encoded, encode_into, is_unreserved};
use crate::request::all_bytes;

/// Hex SHA-256 of the empty string, the payload hash of a request without body.
pub(crate) const EMPTY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The payload hash of a request whose body the signature does not cover.
pub(crate) const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The algorithm name of SigV4 with HMAC-SHA256.
pub(crate) const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The first line of a string to sign.
pub(crate) const ALGORITHM_LINE: &str = "AWS4-HMAC-SHA256\n";

/// A header to sign.
#[derive(Clone, Copy)]
pub(crate) struct Header<'a> {
    /// The name as given, compared without case.
    pub(crate) name: &'a str,
    pub(crate) value: &'a str,
    /// True when the name is lower case and needs no percent-encoding: it is
    /// written and compared as it is.
    plain_name: bool,
    /// True when the value needs no trimming.
    trimmed: bool,
}

impl<'a> Header<'a> {
    /// No header: what fills unused room.
    pub(crate) const EMPTY: Header<'static> = Header {
        name: "",
        value: "",
        plain_name: true,
        trimmed: true,
    };

    /// A header as a caller gave it (already checked).
    pub(crate) fn given(name: &'a str, value: &'a str) -> Self {
        let plain_name = all_bytes(name, |b| is_unreserved(b) & !b.is_ascii_uppercase());
        Header {
            name,
            value,
            plain_name,
            trimmed: is_trimmed(value),
        }
    }

    /// One of the signer's own headers: a lower-case name, and a value
    /// without spaces or tabs.
    pub(crate) fn own(name: &'static str, value: &'a str) -> Self {
        debug_assert!({
            let given = Header::given(name, value);
            given.plain_name && given.trimmed && !value.contains(' ')
        });
        Header {
            name,
            value,
            plain_name: true,
            trimmed: true,
        }
    }

    /// True when both have the same name, compared without case.
    fn same_name(&self, other: &Header<'_>) -> bool {
        if self.plain_name && other.plain_name {
            self.name == other.name
        } else {
            self.name.eq_ignore_ascii_case(other.name)
        }
    }
}

/// Orders headers as their lower-case names sort.
pub(crate) fn cmp_headers(a: &Header<'_>, b: &Header<'_>) -> Ordering {
    if a.plain_name && b.plain_name {
        a.name.cmp(b.name)
    } else {
        a.name
            .bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.name.bytes().map(|c| c.to_ascii_lowercase()))
    }
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
    if all_bytes(value, |b| b != b' ' && b != b'\t') {
        // No space or tab at all, the usual case, checked in a vectorised pass.
        return true;
    }
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
        while i < sorted.len() && sorted[i].same_name(&first) {
            out.push(',');
            write_value(out, sorted[i]);
            i += 1;
        }
        out.push('\n');
    }
}

/// Writes a header name lower-cased, and percent-encoded when `encoded`.
fn write_name(out: &mut String, header: Header<'_>, encoded: bool) {
    if header.plain_name {
        out.push_str(header.name)
    } else {
        put_lower_name(out, header.name, encoded)
    }
}

/// Writes a header value trimmed.
fn write_value(out: &mut String, header: Header<'_>) {
    if header.trimmed {
        out.push_str(header.value)
    } else {
        put_trimmed(out, header.value)
    }
}

/// Writes `host;x-amz-date` (the signed-headers list) for sorted headers,
/// percent-encoded when it goes into a query string.
pub(crate) fn write_signed_headers(out: &mut String, sorted: &[Header<'_>], encoded: bool) {
    let mut last: Option<Header<'_>> = None;
    for &header in sorted {
        if last.is_some_and(|l| l.same_name(&header)) {
            continue;
        }
        if last.is_some() {
            out.push_str(if encoded { "%3B" } else { ";" });
        }
        write_name(out, header, encoded);
        last = Some(header);
    }
}

/// The headers a signature covers: sorted by name, or written out ahead.
#[derive(Clone, Copy)]
pub(crate) enum SignedHeaders<'a> {
    Sorted(&'a [Header<'a>]),
    Written(&'a WrittenHeaders),
}

impl SignedHeaders<'_> {
    /// Writes the signed-headers list, as an `Authorization` header holds it.
    #[inline]
    pub(crate) fn write_list(&self, out: &mut String) {
        match self {
            SignedHeaders::Sorted(headers) => write_signed_headers(out, headers, false),
            SignedHeaders::Written(w) => out.push_str(w.list()),
        }
    }
}

/// The lead of the signed-headers parameter of a presigned query.
const SIGNED_HEADERS_LEAD: &str = "&X-Amz-SignedHeaders=";

/// Headers canonicalised once and kept with a payload hash, such as a
/// bucket's `host` header and `UNSIGNED-PAYLOAD`: written by the same code
/// that writes them while signing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WrittenHeaders {
    /// What follows the query string in a canonical request (see
    /// [`write_header_block`]).
    block: String,
    /// Where the signed-headers list is in `block`.
    list: std::ops::Range<usize>,
    /// The list as a query parameter, percent-encoded, with its lead:
    /// `&X-Amz-SignedHeaders=…`.
    list_param: String,
}

impl WrittenHeaders {
    pub(crate) fn new(sorted: &[Header<'_>], payload_hash: &str) -> Self {
        let mut block = String::new();
        write_header_block(&mut block, SignedHeaders::Sorted(sorted), payload_hash);
        let end = block.len() - payload_hash.len() - 1;
        let mut list_param = String::from(SIGNED_HEADERS_LEAD);
        write_signed_headers(&mut list_param, sorted, true);
        let mut list = String::new();
        write_signed_headers(&mut list, sorted, false);
        WrittenHeaders {
            list: end - list.len()..end,
            block,
            list_param,
        }
    }

    /// `&X-Amz-SignedHeaders=` and the list, encoded.
    pub(crate) fn list_param(&self) -> &str {
        &self.list_param
    }

    /// The payload hash the block ends with.
    pub(crate) fn payload_hash(&self) -> &str {
        &self.block[self.list.end + 1..]
    }

    fn list(&self) -> &str {
        &self.block[self.list.clone()]
    }
}

/// A query parameter as the caller gave it: name and value, decoded.
pub(crate) type Param<'a> = (&'a str, &'a str);

/// Orders parameters by encoded name, then encoded value.
pub(crate) fn cmp_params(a: &Param<'_>, b: &Param<'_>) -> Ordering {
    cmp_encoded(a.0.as_bytes(), b.0.as_bytes())
        .then_with(|| cmp_encoded(a.1.as_bytes(), b.1.as_bytes()))
}

/// The values of the parameters presigning adds: the credential is encoded
/// already, the session token is not.
pub(crate) struct Presigning<'a> {
    pub(crate) credential: &'a str,
    /// The algorithm and credential parameters and the date's lead, written
    /// out: `&X-Amz-Algorithm=…&X-Amz-Credential=…&X-Amz-Date=`.
    pub(crate) head: &'a str,
    pub(crate) timestamp: &'a str,
    pub(crate) expires: u64,
    pub(crate) token: Option<&'a str>,
    pub(crate) headers: SignedHeaders<'a>,
}

/// Writes a query string: the caller's parameters, sorted, with those of
/// presigning, if any, in their places among them.
pub(crate) fn write_query(
    out: &mut String,
    given: &[Param<'_>],
    presigning: Option<&Presigning<'_>>,
) {
    let mut query = Query {
        out,
        given,
        first: true,
    };
    if let Some(p) = presigning {
        query.before("X-Amz-Algorithm");
        if query.none_before("X-Amz-Date") {
            // No parameter of the caller's falls between these three.
            query.lead(p.head);
        } else {
            query.own("&X-Amz-Algorithm=").push_str(ALGORITHM);
            query.own("&X-Amz-Credential=").push_str(p.credential);
            query.own("&X-Amz-Date=");
        }
        query.out.push_str(p.timestamp);
        push_decimal(query.own("&X-Amz-Expires="), p.expires);
        if let Some(token) = p.token {
            encode_into(query.own("&X-Amz-Security-Token="), token, false);
        }
        match p.headers {
            SignedHeaders::Written(w) => {
                query.before(&SIGNED_HEADERS_LEAD[1..SIGNED_HEADERS_LEAD.len() - 1]);
                query.lead(&w.list_param);
            }
            SignedHeaders::Sorted(headers) => {
                write_signed_headers(query.own(SIGNED_HEADERS_LEAD), headers, true);
            }
        }
    }
    let rest = query.given;
    for &param in rest {
        query.param(param);
    }
}

/// Appends `n` in decimal.
pub(crate) fn push_decimal(out: &mut String, n: u64) {
    /// The two digits of every number below 100.
    const PAIRS: [[u8; 2]; 100] = {
        let mut pairs = [[0u8; 2]; 100];
        let mut i = 0;
        while i < 100 {
            pairs[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
            i += 1;
        }
        pairs
    };
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    while n >= 100 {
        i -= 2;
        digits[i..i + 2].copy_from_slice(&PAIRS[(n % 100) as usize]);
        n /= 100;
    }
    if n >= 10 {
        i -= 2;
        digits[i..i + 2].copy_from_slice(&PAIRS[n as usize]);
    } else {
        i -= 1;
        digits[i] = b'0' + n as u8;
    }
    // A few digits: pushed one by one, with no UTF-8 check. Masked to seven
    // bits (which they are), so each is known to take one byte.
    for &digit in &digits[i..] {
        out.push(char::from(digit & 0x7f));
    }
}

/// A query string being written.
struct Query<'o, 'p> {
    out: &'o mut String,
    /// The caller's parameters not written yet, sorted.
    given: &'p [Param<'p>],
    first: bool,
}

impl Query<'_, '_> {
    /// Starts one of the signer's parameters, given as `lead`: `&`, its
    /// name and `=`. Writes the caller's parameters that sort before it (no
    /// caller's equals one of the signer's: those are refused), then the
    /// lead, without its `&` if it comes first; the value is for the caller
    /// to write.
    #[inline(always)]
    fn own(&mut self, lead: &'static str) -> &mut String {
        let name = &lead[1..lead.len() - 1];
        debug_assert!(lead.ends_with('='));
        debug_assert!(name.bytes().all(is_unreserved));
        self.before(name);
        self.lead(lead)
    }

    /// Writes the caller's parameters that sort before `name`.
    #[inline(always)]
    fn before(&mut self, name: &str) {
        while let Some((&param, rest)) = self.given.split_first() {
            if cmp_encoded(param.0.as_bytes(), name.as_bytes()).is_gt() {
                break;
            }
            self.given = rest;
            self.param(param);
        }
    }

    /// True when no caller's parameter is left that sorts before `name` or
    /// equals it.
    fn none_before(&self, name: &str) -> bool {
        self.given
            .first()
            .is_none_or(|param| cmp_encoded(param.0.as_bytes(), name.as_bytes()).is_gt())
    }

    /// Writes `text`, which starts with `&`, without it if nothing was
    /// written before.
    #[inline(always)]
    fn lead(&mut self, text: &str) -> &mut String {
        debug_assert!(text.starts_with('&'));
        if std::mem::take(&mut self.first) {
            self.out.push_str(&text[1..]);
        } else {
            self.out.push_str(text);
        }
        self.out
    }

    #[inline(never)]
    fn param(&mut self, (name, value): Param<'_>) {
        self.separate();
        encode_into(self.out, name, false);
        self.out.push('=');
        encode_into(self.out, value, false);
    }

    #[inline(always)]
    fn separate(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.out.push('&');
        }
    }
}

/// Writes what follows the query string in a canonical request: `\n`, the
/// canonical headers, `\n`, the signed-headers list, `\n` and the payload hash.
pub(crate) fn write_header_block(out: &mut String, headers: SignedHeaders<'_>, payload_hash: &str) {
    match headers {
        SignedHeaders::Sorted(sorted) => {
            out.push('\n');
            write_canonical_headers(out, sorted);
            out.push('\n');
            write_signed_headers(out, sorted, false);
            out.push('\n');
            out.push_str(payload_hash);
        }
        SignedHeaders::Written(w) => {
            debug_assert_eq!(w.payload_hash(), payload_hash);
            out.push_str(&w.block);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_match_the_standard_formatting() {
        let mut samples: Vec<u64> = (0..1_000).collect();
        samples.extend([
            9_999,
            10_000,
            86_400,
            604_800,
            u64::from(u32::MAX),
            u64::MAX,
        ]);
        for n in samples {
            let mut out = String::from("x");
            push_decimal(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }

    #[test]
    fn the_algorithm_line_is_the_algorithm() {
        assert_eq!(ALGORITHM_LINE, format!("{ALGORITHM}\n"));
    }

    #[test]
    fn headers_sort_by_lower_case_name() {
        let names = [
            "host",
            "Host",
            "x-amz-date",
            "X-Amz-Date",
            "a",
            "B",
            "b-",
            "~",
            "a~b",
        ];
        for a in names {
            for b in names {
                let want = a.to_ascii_lowercase().cmp(&b.to_ascii_lowercase());
                let (ha, hb) = (Header::given(a, "v"), Header::given(b, "v"));
                assert_eq!(cmp_headers(&ha, &hb), want, "{a} {b}");
                assert_eq!(ha.same_name(&hb), want.is_eq(), "{a} {b}");
            }
        }
    }

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
