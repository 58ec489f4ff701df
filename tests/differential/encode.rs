//! An independent RFC 3986 encoder, and the query strings built with it:
//! what `aws-sigv4` is given, and what our URLs are expected to hold, is
//! encoded here and never by the library under test.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// Every byte but RFC 3986's unreserved characters
/// (`ALPHA / DIGIT / "-" / "." / "_" / "~"`, section 2.3), built from that rule
/// alone. Non-ASCII bytes are always encoded by `utf8_percent_encode`.
pub const NOT_UNRESERVED: &AsciiSet = &not_unreserved();

pub const fn not_unreserved() -> AsciiSet {
    let mut set = CONTROLS.add(b' ');
    let mut b = 0x21u8;
    while b < 0x7f {
        let unreserved = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        if !unreserved {
            set = set.add(b);
        }
        b += 1;
    }
    set
}

/// Percent-encodes everything but the unreserved characters.
pub fn enc(s: &str) -> String {
    utf8_percent_encode(s, NOT_UNRESERVED).to_string()
}

/// S3's path encoding: each `/`-separated segment encoded on its own.
pub fn enc_path(s: &str) -> String {
    s.split('/').map(enc).collect::<Vec<_>>().join("/")
}

/// The SigV4 canonical query string of decoded pairs: encode, sort, join.
pub fn canonical_query(pairs: &[(String, String)]) -> String {
    let mut encoded: Vec<(String, String)> = pairs.iter().map(|(k, v)| (enc(k), enc(v))).collect();
    encoded.sort();
    let parts: Vec<String> = encoded.iter().map(|(k, v)| format!("{k}={v}")).collect();
    parts.join("&")
}

/// A query string as a client would send it: pairs in the order given.
pub fn wire_query(pairs: &[(String, String)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    parts.join("&")
}

/// Borrowed `(name, value)` pairs, as the signers take them.
pub fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter()
        .map(|(k, val)| (k.as_str(), val.as_str()))
        .collect()
}

#[test]
fn independent_encoder_follows_rfc_3986() {
    assert_eq!(
        enc("AZaz09-._~ !*'();:@&=+$,/?#[]%\u{e9}"),
        "AZaz09-._~%20%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D%25%C3%A9"
    );
    assert_eq!(enc_path("a//b/./c d"), "a//b/./c%20d");
    assert_eq!(
        canonical_query(&[
            ("b".into(), "".into()),
            ("a b".into(), "2".into()),
            ("a".into(), "1".into()),
        ]),
        "a=1&a%20b=2&b="
    );
}
