//! URI encoding as SigV4 defines it (RFC 3986, unreserved set
//! `A-Z a-z 0-9 - . _ ~` kept, every other byte `%XX` with upper-case hex),
//! and the path rules of S3 and of every other service.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::Error;

/// Where encoded text goes: a `String` (URLs, debugging) or a hasher.
pub(crate) trait Sink {
    /// Appends ASCII text.
    fn put(&mut self, s: &str);
}

impl Sink for String {
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }
}

impl Sink for sha2::Sha256 {
    fn put(&mut self, s: &str) {
        sha2::Digest::update(self, s.as_bytes());
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// True for the RFC 3986 unreserved characters, which are never encoded.
pub(crate) fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Writes `bytes` percent-encoded; `/` is kept when `keep_slash` is set.
pub(crate) fn encode_into(out: &mut impl Sink, bytes: &[u8], keep_slash: bool) {
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if is_unreserved(b) || (keep_slash && b == b'/') {
            continue;
        }
        if start < i {
            out.put(ascii(&bytes[start..i]));
        }
        let esc = [b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]];
        out.put(ascii(&esc));
        start = i + 1;
    }
    if start < bytes.len() {
        out.put(ascii(&bytes[start..]));
    }
}

/// The runs passed here are unreserved characters, `/` or `%XX`: ASCII.
fn ascii(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap_or_default()
}

/// Percent-encodes `s` (with `/` encoded too), as query names and values are.
///
/// ```
/// assert_eq!(presign::uri_encode("a b/ሴ~"), "a%20b%2F%E1%88%B4~");
/// ```
pub fn uri_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_into(&mut out, s.as_bytes(), false);
    out
}

/// Orders two byte strings as their percent-encoded forms would sort, without
/// encoding them.
///
/// Up to the first differing byte both encodings are equal. There, an
/// unreserved byte stands for itself and any other byte for `%` followed by
/// its hex value; every unreserved character sorts after `%`, and upper-case
/// hex digits sort as the numbers they spell.
pub(crate) fn cmp_encoded(a: &[u8], b: &[u8]) -> Ordering {
    match a.iter().zip(b).find(|(x, y)| x != y) {
        None => a.len().cmp(&b.len()),
        Some((&x, &y)) => {
            let rank = |c: u8| u16::from(c) + if is_unreserved(c) { 256 } else { 0 };
            rank(x).cmp(&rank(y))
        }
    }
}

/// Checks a path as given to the signer: it starts with `/`, every `%` starts
/// a `%XX` escape, and it has no control byte, `?` or `#`.
pub(crate) fn check_path(path: &str) -> Result<(), Error> {
    let b = path.as_bytes();
    let bad = || Error::InvalidPath(path.to_string());
    if b.first() != Some(&b'/') {
        return Err(bad());
    }
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'%' => {
                let hex = b.get(i + 1..i + 3).ok_or_else(bad)?;
                if !hex.iter().all(u8::is_ascii_hexdigit) {
                    return Err(bad());
                }
            }
            b'?' | b'#' | 0x7f => return Err(bad()),
            c if c < 0x20 => return Err(bad()),
            _ => {}
        }
    }
    Ok(())
}

/// Decodes every `%XX` escape of a checked path.
pub(crate) fn decode_path(path: &str) -> Cow<'_, [u8]> {
    percent_encoding::percent_decode_str(path).into()
}

/// Removes `.` and `..` segments and merges repeated slashes, as every
/// service but S3 does before signing: `//a/./b/../c/` becomes `/a/c/`.
pub(crate) fn normalize_path(path: &str) -> Cow<'_, str> {
    let mut segments: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    let mut out = String::with_capacity(path.len());
    for s in &segments {
        out.push('/');
        out.push_str(s);
    }
    if trailing || segments.is_empty() {
        out.push('/');
    }
    if out == path {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(s: &str, keep_slash: bool) -> String {
        let mut out = String::new();
        encode_into(&mut out, s.as_bytes(), keep_slash);
        out
    }

    #[test]
    fn unreserved_characters_are_kept() {
        let all = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
        assert_eq!(enc(all, false), all);
    }

    #[test]
    fn reserved_characters_are_encoded_with_upper_case_hex() {
        assert_eq!(
            enc("!*'();:@&=+$,/?#[] %", false),
            "%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D%20%25"
        );
        assert_eq!(enc("a/b c", true), "a/b%20c");
        assert_eq!(enc("a/b c", false), "a%2Fb%20c");
    }

    #[test]
    fn percent_in_input_is_encoded_not_trusted() {
        assert_eq!(enc("100%", false), "100%25");
        assert_eq!(enc("%41", false), "%2541");
    }

    #[test]
    fn utf8_is_encoded_byte_by_byte() {
        assert_eq!(enc("ሴ", false), "%E1%88%B4");
        assert_eq!(enc("😀", true), "%F0%9F%98%80");
        assert_eq!(enc("", false), "");
    }

    #[test]
    fn encoded_order_matches_sorting_encoded_strings() {
        let samples = [
            "",
            "a",
            "A",
            "a b",
            "a~",
            "a-",
            "a%",
            "a.b",
            "ሴ",
            "Param",
            "Param-3",
            "Param1",
            "X-Amz-Date",
            "x-amz-date",
            "~",
            "_",
            "a/b",
            "a+b",
            "aa",
            "a\u{7f}",
            "😀",
            "é",
            "Z",
            "z",
            "0",
            "9",
            "%",
            "%20",
            " ",
        ];
        for a in samples {
            for b in samples {
                let want = enc(a, false).cmp(&enc(b, false));
                assert_eq!(
                    cmp_encoded(a.as_bytes(), b.as_bytes()),
                    want,
                    "{a:?} vs {b:?}"
                );
            }
        }
    }

    #[test]
    fn paths_are_checked() {
        for good in [
            "/",
            "/a/b",
            "/a%20b",
            "/%E1%88%B4",
            "/ሴ",
            "/a b",
            "//x/../y",
        ] {
            assert!(check_path(good).is_ok(), "{good}");
        }
        for bad in [
            "", "a", "/a?b", "/a#b", "/a\nb", "/a\rb", "/%", "/%4", "/%zz", "/\u{7f}",
        ] {
            assert!(
                matches!(check_path(bad), Err(Error::InvalidPath(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn normalisation_follows_the_test_suite() {
        let cases = [
            ("/example/..", "/"),
            ("/example1/example2/../..", "/"),
            ("/./", "/"),
            ("/./example", "/example"),
            ("//", "/"),
            ("//example//", "/example/"),
            ("/a/b/..", "/a/"),
            ("/a/./b/", "/a/b/"),
            ("/../a", "/a"),
            ("/", "/"),
            ("/example space/", "/example space/"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_path(input), want, "{input}");
        }
    }
}
