//! The canonical request and the string to sign: the one writer of each,
//! in the order the SigV4 specification gives their lines.
//!
//! Header signing, presigning, the S3 layer and (later) verification all
//! describe a request as a [`CanonicalRequest`] and hand it here. The text
//! goes to a [`Sink`]: a `String`, to read it, or a SHA-256 or HMAC state,
//! to sign it without writing it out.

use core::cmp::Ordering;

use sha2::digest::Update;

use crate::encode::{cmp_encoded, encode_into, is_unreserved};
use crate::prelude::*;
use crate::request::all_bytes;

/// Hex SHA-256 of the empty string, the payload hash of a request without body.
pub(crate) const EMPTY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The payload hash of a request whose body the signature does not cover.
pub(crate) const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The algorithm name of SigV4 with HMAC-SHA256.
pub(crate) const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The first line of a string to sign: the algorithm and a line feed.
const ALGORITHM_LINE: &str = "AWS4-HMAC-SHA256\n";

/// Where canonical text is written: a `String`, or a digest ([`Hashing`]).
pub(crate) trait Sink {
    /// Appends `s`.
    fn put(&mut self, s: &str);

    /// Appends ASCII text given as bytes, such as hex digits.
    fn put_ascii(&mut self, b: &[u8]) {
        self.put(crate::encode::ascii(b));
    }
}

impl Sink for String {
    #[inline(always)]
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }
}

/// A digest (SHA-256 or HMAC-SHA256) as a sink: each piece is hashed as it
/// is written, straight from where it lies. (A stack buffer in between, to
/// hand the digest fewer and longer pieces, measured slower: the copies
/// cost more than the calls they save.)
pub(crate) struct Hashing<D>(pub(crate) D);

impl<D: Update> Sink for Hashing<D> {
    #[inline(always)]
    fn put(&mut self, s: &str) {
        self.0.update(s.as_bytes());
    }

    #[inline(always)]
    fn put_ascii(&mut self, b: &[u8]) {
        self.0.update(b);
    }
}

/// A canonical request, in the parts the specification lists:
///
/// ```text
/// HTTPMethod \n CanonicalURI \n CanonicalQueryString \n
/// CanonicalHeaders \n SignedHeaders \n HashedPayload
/// ```
///
/// Each part is already checked and, but for the headers and the URI of
/// services other than S3, already in its canonical form.
pub(crate) struct CanonicalRequest<'a> {
    pub(crate) method: &'a str,
    pub(crate) uri: Uri<'a>,
    /// The canonical query string: sorted `name=value` pairs, encoded.
    pub(crate) query: &'a str,
    pub(crate) headers: SignedHeaders<'a>,
    pub(crate) payload_hash: &'a str,
}

/// The canonical URI.
#[derive(Clone, Copy)]
pub(crate) enum Uri<'a> {
    /// Already canonical: S3's, which is the path as sent.
    Canonical(&'a str),
    /// A path as sent (normalised where the rules say so), which every
    /// service but S3 encodes once more.
    EncodeAgain(&'a str),
}

impl CanonicalRequest<'_> {
    /// Writes the canonical request: the one writer of its text.
    pub(crate) fn write(&self, out: &mut impl Sink) {
        out.put(self.method);
        out.put("\n");
        match self.uri {
            Uri::Canonical(uri) => out.put(uri),
            Uri::EncodeAgain(path) => encode_into(out, path, true),
        }
        out.put("\n");
        out.put(self.query);
        out.put("\n");
        // CanonicalHeaders \n SignedHeaders \n
        self.headers.write(out);
        out.put(self.payload_hash);
    }

    /// The hex SHA-256 of the canonical request, as the string to sign
    /// holds it.
    pub(crate) fn hash(&self) -> [u8; 64] {
        let mut sha = Hashing(sha2::Sha256::default());
        self.write(&mut sha);
        hex_lower(&sha2::Digest::finalize(sha.0).into())
    }

    /// The canonical request as text, for tests and debugging.
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }
}

/// The headers a signature covers.
#[derive(Clone, Copy)]
pub(crate) enum SignedHeaders<'a> {
    /// Sorted by lower-case name (stably).
    Sorted(&'a [Header<'a>]),
    /// Written ahead, by the same writers, for requests that sign the same
    /// headers every time: a bucket's `host`.
    Written(&'a HeaderBlock),
}

impl SignedHeaders<'_> {
    /// Writes the canonical headers (`name:value` lines), a line feed, the
    /// signed-headers list and a line feed.
    pub(crate) fn write(&self, out: &mut impl Sink) {
        match self {
            SignedHeaders::Sorted(headers) => {
                write_canonical_headers(out, headers);
                out.put("\n");
                write_signed_headers(out, headers, false);
                out.put("\n");
            }
            SignedHeaders::Written(block) => out.put(&block.text),
        }
    }

    /// Writes the signed-headers list, percent-encoded when it goes into a
    /// query string.
    pub(crate) fn write_list(&self, out: &mut impl Sink, encoded: bool) {
        match (self, encoded) {
            (SignedHeaders::Sorted(headers), _) => write_signed_headers(out, headers, encoded),
            (SignedHeaders::Written(block), false) => out.put(&block.list),
            (SignedHeaders::Written(block), true) => out.put(&block.encoded_list),
        }
    }
}

/// Signed headers written out once, as [`SignedHeaders::Sorted`] writes
/// them: the canonical headers and the list, and the list alone, plain and
/// encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeaderBlock {
    text: String,
    list: String,
    encoded_list: String,
}

impl HeaderBlock {
    /// The block of `sorted` headers.
    pub(crate) fn new(sorted: &[Header<'_>]) -> Self {
        let headers = SignedHeaders::Sorted(sorted);
        let (mut text, mut list, mut encoded_list) = (String::new(), String::new(), String::new());
        headers.write(&mut text);
        headers.write_list(&mut list, false);
        headers.write_list(&mut encoded_list, true);
        HeaderBlock {
            text,
            list,
            encoded_list,
        }
    }
}

/// A credential scope: `date/region/service/aws4_request`, kept as the date
/// and the rest.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    /// `YYYYMMDD`.
    pub(crate) date: &'a str,
    /// The rest between a `/` and a line feed, as the string to sign holds
    /// it: `/region/service/aws4_request\n`.
    pub(crate) tail_line: &'a str,
}

impl Scope<'_> {
    /// `region/service/aws4_request`.
    pub(crate) fn tail(&self) -> &str {
        &self.tail_line[1..self.tail_line.len() - 1]
    }
}

/// Writes the string to sign of a request:
///
/// ```text
/// AWS4-HMAC-SHA256 \n timestamp \n scope \n hex(SHA-256(canonical request))
/// ```
pub(crate) fn write_string_to_sign(
    out: &mut impl Sink,
    timestamp: &[u8; 16],
    scope: Scope<'_>,
    request_hash: &[u8; 64],
) {
    out.put(ALGORITHM_LINE);
    out.put_ascii(timestamp);
    out.put("\n");
    out.put(scope.date);
    out.put(scope.tail_line);
    out.put_ascii(request_hash);
}

/// The signature: HMAC-SHA256 of the string to sign, under the scope's key,
/// given as its HMAC state.
pub(crate) fn signature(
    key: crate::key::HmacSha256,
    timestamp: &[u8; 16],
    scope: Scope<'_>,
    request_hash: &[u8; 64],
) -> [u8; 32] {
    let mut mac = Hashing(key);
    // A string to sign is short: gathered on the stack, it is one update
    // of the HMAC instead of six. A scope too long for the room is signed
    // piece by piece.
    let mut text = StackText::default();
    write_string_to_sign(&mut text, timestamp, scope, request_hash);
    match text.as_bytes() {
        Some(bytes) => mac.put_ascii(bytes),
        None => write_string_to_sign(&mut mac, timestamp, scope, request_hash),
    }
    hmac::Mac::finalize(mac.0).into_bytes().into()
}

/// Up to 192 bytes of text gathered on the stack.
pub(crate) struct StackText {
    buf: [u8; 192],
    len: usize,
    overflowed: bool,
}

impl Default for StackText {
    fn default() -> Self {
        StackText {
            buf: [0; 192],
            len: 0,
            overflowed: false,
        }
    }
}

impl StackText {
    /// What was written, unless it did not fit.
    pub(crate) fn as_bytes(&self) -> Option<&[u8]> {
        (!self.overflowed).then(|| &self.buf[..self.len])
    }
}

impl Sink for StackText {
    #[inline(always)]
    fn put(&mut self, s: &str) {
        self.put_ascii(s.as_bytes());
    }

    #[inline(always)]
    fn put_ascii(&mut self, b: &[u8]) {
        match self.buf.get_mut(self.len..self.len + b.len()) {
            Some(room) => {
                room.copy_from_slice(b);
                self.len += b.len();
            }
            None => self.overflowed = true,
        }
    }
}

/// The hex SHA-256 of a body: its payload hash.
pub(crate) fn sha256_hex(body: &[u8]) -> [u8; 64] {
    let mut sha = Hashing(sha2::Sha256::default());
    sha.put_ascii(body);
    hex_lower(&sha2::Digest::finalize(sha.0).into())
}

/// The 64 lower-case hex digits of a digest.
pub(crate) fn hex_lower(bytes: &[u8; 32]) -> [u8; 64] {
    // Each byte becomes a 16-bit lane holding its two nibbles, the high one
    // in the lane's first byte; every nibble then gets `0` added, and 39 more
    // (`a` - `0` - 10) where it is over 9, which the carry out of adding 6
    // marks. Lanes carry nothing into each other, so the compiler vectorises
    // the loop.
    let mut pairs = [0u16; 32];
    for (pair, &b) in pairs.iter_mut().zip(bytes) {
        let b = u16::from(b);
        let nibbles = (b >> 4) | ((b & 0x0f) << 8);
        let over_nine = ((nibbles + 0x0606) >> 4) & 0x0101;
        *pair = nibbles + 0x3030 + over_nine * 39;
    }
    let mut hex = [0u8; 64];
    for (digits, pair) in hex.chunks_exact_mut(2).zip(pairs) {
        digits.copy_from_slice(&pair.to_le_bytes());
    }
    hex
}

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

/// Writes `host:...\nname:v1,v2\n...` for headers sorted by name (stably, so
/// repeated names keep their order).
fn write_canonical_headers(out: &mut impl Sink, sorted: &[Header<'_>]) {
    let mut i = 0;
    while i < sorted.len() {
        let first = sorted[i];
        write_name(out, first, false);
        out.put(":");
        write_value(out, first);
        i += 1;
        while i < sorted.len() && sorted[i].same_name(&first) {
            out.put(",");
            write_value(out, sorted[i]);
            i += 1;
        }
        out.put("\n");
    }
}

/// Writes `host;x-amz-date` (the signed-headers list) for sorted headers,
/// percent-encoded when it goes into a query string.
fn write_signed_headers(out: &mut impl Sink, sorted: &[Header<'_>], encoded: bool) {
    let mut last: Option<Header<'_>> = None;
    for &header in sorted {
        if last.is_some_and(|l| l.same_name(&header)) {
            continue;
        }
        if last.is_some() {
            out.put(if encoded { "%3B" } else { ";" });
        }
        write_name(out, header, encoded);
        last = Some(header);
    }
}

/// Writes a header name lower-cased, and percent-encoded when `encoded`.
fn write_name(out: &mut impl Sink, header: Header<'_>, encoded: bool) {
    if header.plain_name {
        return out.put(header.name);
    }
    // Header names are ASCII (checked where they enter): lower-cased in
    // chunks on the stack, each whole characters.
    let mut buf = [0u8; 64];
    for chunk in header.name.as_bytes().chunks(buf.len()) {
        let lowered = &mut buf[..chunk.len()];
        lowered.copy_from_slice(chunk);
        lowered.make_ascii_lowercase();
        let lowered = crate::encode::ascii(lowered);
        if encoded {
            encode_into(out, lowered, false);
        } else {
            out.put(lowered);
        }
    }
}

/// Writes a header value trimmed, with each inner run of spaces and tabs
/// collapsed to one space.
fn write_value(out: &mut impl Sink, header: Header<'_>) {
    if header.trimmed {
        return out.put(header.value);
    }
    let mut first = true;
    for word in header.value.split([' ', '\t']).filter(|w| !w.is_empty()) {
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

/// A query parameter as the caller gave it: name and value, decoded.
pub(crate) type Param<'a> = (&'a str, &'a str);

/// Orders parameters by encoded name, then encoded value.
pub(crate) fn cmp_params(a: &Param<'_>, b: &Param<'_>) -> Ordering {
    cmp_encoded(a.0.as_bytes(), b.0.as_bytes())
        .then_with(|| cmp_encoded(a.1.as_bytes(), b.1.as_bytes()))
}

/// The values of the parameters presigning adds.
pub(crate) struct Presigning<'a> {
    pub(crate) access_key_id: &'a str,
    /// True when the access key id needs no percent-encoding, as nearly
    /// every one does.
    pub(crate) plain_id: bool,
    /// The scope's date, `YYYYMMDD`.
    pub(crate) date: &'a str,
    /// The scope after the date, as the credential parameter holds it:
    /// `%2F{region}%2F{service}%2Faws4_request`.
    pub(crate) encoded_tail: &'a str,
    pub(crate) timestamp: &'a str,
    pub(crate) expires: u64,
    /// The session token, when it is signed.
    pub(crate) token: Option<&'a str>,
    pub(crate) headers: SignedHeaders<'a>,
}

/// How the text of query parameters is given.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum QueryText {
    /// Decoded: encoded as it is written (what a signer is given).
    Decoded,
    /// Encoded canonically already (what a verifier received, once checked).
    #[cfg_attr(not(feature = "std"), allow(dead_code))]
    Encoded,
}

/// Writes a canonical query string: the caller's parameters, sorted, with
/// those of presigning, if any, in their places among them. The same text is
/// the query of the request target.
pub(crate) fn write_query(
    out: &mut String,
    given: &[Param<'_>],
    text: QueryText,
    presigning: Option<&Presigning<'_>>,
) {
    let mut query = Query {
        out,
        given,
        text,
        first: true,
    };
    if let Some(p) = presigning {
        query.own("&X-Amz-Algorithm=").push_str(ALGORITHM);
        let credential = query.own("&X-Amz-Credential=");
        if p.plain_id {
            credential.push_str(p.access_key_id);
        } else {
            encode_into(credential, p.access_key_id, false);
        }
        credential.push_str("%2F");
        credential.push_str(p.date);
        credential.push_str(p.encoded_tail);
        query.own("&X-Amz-Date=").push_str(p.timestamp);
        push_decimal(query.own("&X-Amz-Expires="), p.expires);
        if let Some(token) = p.token {
            encode_into(query.own("&X-Amz-Security-Token="), token, false);
        }
        p.headers
            .write_list(query.own("&X-Amz-SignedHeaders="), true);
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
    for &digit in &digits[i..] {
        out.push(char::from(digit));
    }
}

/// A query string being written.
struct Query<'o, 'p> {
    out: &'o mut String,
    /// The caller's parameters not written yet, sorted.
    given: &'p [Param<'p>],
    text: QueryText,
    first: bool,
}

impl Query<'_, '_> {
    /// Starts one of the signer's parameters, given as `lead`: `&`, its
    /// name and `=`. Writes the caller's parameters that sort before it (no
    /// caller's equals one of the signer's: those are refused), then the
    /// lead, without its `&` if it comes first; the value is for the caller
    /// to write.
    // Inlined: each lead is a constant, copied without a call.
    #[inline(always)]
    fn own(&mut self, lead: &'static str) -> &mut String {
        let name = &lead[1..lead.len() - 1];
        debug_assert!(lead.ends_with('='));
        debug_assert!(name.bytes().all(is_unreserved));
        while let Some((&param, rest)) = self.given.split_first() {
            if cmp_encoded(param.0.as_bytes(), name.as_bytes()).is_gt() {
                break;
            }
            self.given = rest;
            self.param(param);
        }
        if core::mem::take(&mut self.first) {
            self.out.push_str(&lead[1..]);
        } else {
            self.out.push_str(lead);
        }
        self.out
    }

    fn param(&mut self, (name, value): Param<'_>) {
        if !core::mem::take(&mut self.first) {
            self.out.push('&');
        }
        match self.text {
            QueryText::Decoded => {
                encode_into(self.out, name, false);
                self.out.push('=');
                encode_into(self.out, value, false);
            }
            QueryText::Encoded => {
                self.out.push_str(name);
                self.out.push('=');
                self.out.push_str(value);
            }
        }
    }
}

/// A signature's 32 bytes from its 64 lower-case hex digits.
pub(crate) fn decode_signature(hex: &[u8]) -> Option<[u8; 32]> {
    let digits: &[u8; 64] = hex.try_into().ok()?;
    // Each digit's value, or 16 and up when it is none: without branches,
    // so the compiler works on many digits at once.
    let mut values = [0u8; 64];
    for (value, &c) in values.iter_mut().zip(digits) {
        let (digit, letter) = (c.wrapping_sub(b'0'), c.wrapping_sub(b'a'));
        *value = match (digit < 10, letter < 6) {
            (true, _) => digit,
            (_, true) => letter + 10,
            _ => 16,
        };
    }
    let mut bytes = [0u8; 32];
    for (byte, pair) in bytes.iter_mut().zip(values.chunks_exact(2)) {
        *byte = pair[0] << 4 | pair[1] & 0x0F;
    }
    values.iter().all(|&v| v < 16).then_some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The AWS documentation's examples (`../shared/vectors`, or
    /// `$PRESIGN_VECTORS`); missing, it says so loudly, and fails under
    /// `CI=true`.
    fn doc_vector(name: &str) -> Option<serde_json::Value> {
        let dir = std::env::var_os("PRESIGN_VECTORS")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors")
            });
        let Ok(text) = std::fs::read_to_string(dir.join("s3-doc-examples.json")) else {
            let msg = format!("fixture not found in {}", dir.display());
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{msg}; CI=true requires it"
            );
            eprintln!("\n!!! SKIPPED: {msg} (set PRESIGN_VECTORS)\n");
            return None;
        };
        let all: serde_json::Value = serde_json::from_str(&text).unwrap();
        let found = all["vectors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["name"] == name);
        Some(found.unwrap_or_else(|| panic!("no vector {name}")).clone())
    }

    #[test]
    fn the_s3_get_object_example_has_the_documented_steps() {
        let Some(v) = doc_vector("s3-get-object-range") else {
            return;
        };
        let (inputs, want) = (&v["inputs"], &v["expected"]);
        let text = |v: &serde_json::Value| v.as_str().unwrap().to_string();
        let headers: Vec<(String, String)> = inputs["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (text(&h[0]), text(&h[1])))
            .collect();
        let mut headers: Vec<Header<'_>> = headers
            .iter()
            .map(|(name, value)| Header::given(name, value))
            .collect();
        headers.sort_by(cmp_headers);
        let path = text(&inputs["path"]);
        let payload_hash = text(&inputs["payload_sha256"]);
        let canonical = CanonicalRequest {
            method: inputs["method"].as_str().unwrap(),
            uri: Uri::Canonical(&path),
            query: "",
            headers: SignedHeaders::Sorted(&headers),
            payload_hash: &payload_hash,
        };
        assert_eq!(canonical.text(), text(&want["canonical_request"]));
        let hash = canonical.hash();
        assert_eq!(
            crate::encode::ascii(&hash),
            text(&want["canonical_request_sha256"])
        );

        let scope = text(&want["credential_scope"]);
        let (date, tail) = scope.split_once('/').unwrap();
        let tail_line = format!("/{tail}\n");
        let scope = Scope {
            date,
            tail_line: &tail_line,
        };
        let timestamp = text(&inputs["timestamp"]);
        let stamp: [u8; 16] = timestamp.as_bytes().try_into().unwrap();
        let mut string_to_sign = String::new();
        write_string_to_sign(&mut string_to_sign, &stamp, scope, &hash);
        assert_eq!(string_to_sign, text(&want["string_to_sign"]));

        // Signed as the signer signs it.
        let key = crate::SigningKey::derive(
            inputs["secret_access_key"].as_str().unwrap(),
            date,
            inputs["region"].as_str().unwrap(),
            inputs["service"].as_str().unwrap(),
        );
        assert_eq!(hex::encode(key.to_bytes()), text(&want["signing_key_hex"]));
        let signature = signature(key.into_mac(), &stamp, scope, &hash);
        assert_eq!(hex::encode(signature), text(&want["signature"]));
    }

    #[test]
    fn decimals_match_the_standard_formatting() {
        let mut samples: Vec<u64> = (0..1_000).collect();
        samples.extend([9_999, 10_000, 86_400, 604_800, u64::MAX]);
        for n in samples {
            let mut out = String::from("x");
            push_decimal(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }

    #[test]
    fn a_signature_is_the_hmac_of_the_string_to_sign_however_long() {
        use hmac::Mac;
        let key = crate::SigningKey::derive("secret", "20150830", "r", "s");
        let hash = [b'a'; 64];
        // Short scopes are gathered on the stack, long ones are not.
        for region_len in [1, 50, 100, 101, 102, 150, 400] {
            let tail_line = format!("/{}/s3/aws4_request\n", "r".repeat(region_len));
            let scope = Scope {
                date: "20150830",
                tail_line: &tail_line,
            };
            let mut text = String::new();
            write_string_to_sign(&mut text, b"20150830T123600Z", scope, &hash);
            let mut want = key.clone().into_mac();
            Mac::update(&mut want, text.as_bytes());
            let want: [u8; 32] = want.finalize().into_bytes().into();
            let got = signature(key.clone().into_mac(), b"20150830T123600Z", scope, &hash);
            assert_eq!(got, want, "region of {region_len}");
        }
    }

    #[test]
    fn the_algorithm_line_is_the_algorithm() {
        assert_eq!(ALGORITHM_LINE, format!("{ALGORITHM}\n"));
    }

    #[test]
    fn hex_matches_the_hex_crate() {
        let all: Vec<u8> = (0..=255).collect();
        for chunk in all.chunks(32) {
            let digest: [u8; 32] = chunk.try_into().unwrap();
            assert_eq!(
                crate::encode::ascii(&hex_lower(&digest)),
                hex::encode(digest)
            );
        }
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

    fn written(header: Header<'_>) -> String {
        let mut out = String::new();
        write_value(&mut out, header);
        out
    }

    #[test]
    fn values_are_trimmed_and_collapsed() {
        let value = " \t a   b\t\tc  \"x  y\" \t";
        assert_eq!(written(Header::given("n", value)), "a b c \"x y\"");
        assert_eq!(written(Header::given("n", "  \t ")), "");
        for (value, trimmed) in [
            ("", true),
            ("a", true),
            ("a b", true),
            ("a  b", false),
            (" a", false),
            ("a ", false),
            ("a\tb", false),
            (" ", false),
            ("Zürich  ✓", false),
        ] {
            assert_eq!(is_trimmed(value), trimmed, "{value:?}");
            let words: Vec<&str> = value.split([' ', '\t']).filter(|w| !w.is_empty()).collect();
            assert_eq!(
                written(Header::given("n", value)),
                words.join(" "),
                "{value:?}"
            );
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
        write_name(&mut out, Header::given(&name, "v"), false);
        assert_eq!(out, name.to_ascii_lowercase());
    }
}
