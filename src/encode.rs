//! URI encoding as SigV4 defines it (RFC 3986, unreserved set
//! `A-Z a-z 0-9 - . _ ~` kept, every other byte `%XX` with upper-case hex),
//! and the path rules of S3 and of every other service.

use core::cmp::Ordering;

use crate::canonical::Sink;
use crate::prelude::*;
use crate::{Error, PathRule};

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Bit 1 of a byte's class: unreserved. Bit 2: unreserved or `/`.
const CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~') {
            class[b] = 3;
        } else if c == b'/' {
            class[b] = 2;
        }
        b += 1;
    }
    class
};

/// How each byte is written: its encoding (the byte itself, or `%XX`) in the
/// first bytes, and their count in the last. Indexed by `keep_slash`.
const ENCODED: [[[u8; 4]; 256]; 2] = {
    let mut t = [[[0u8; 4]; 256]; 2];
    let mut keep_slash = 0;
    while keep_slash < 2 {
        let mut b = 0;
        while b < 256 {
            t[keep_slash][b] = if CLASS[b] & (1 << keep_slash) != 0 {
                [b as u8, 0, 0, 1]
            } else {
                [b'%', HEX[b >> 4], HEX[b & 15], 3]
            };
            b += 1;
        }
        keep_slash += 1;
    }
    t
};

/// True for the RFC 3986 unreserved characters, which are never encoded.
pub(crate) fn is_unreserved(b: u8) -> bool {
    CLASS[usize::from(b)] & 1 != 0
}

/// Writes `s` percent-encoded; `/` is kept when `keep_slash` is set.
///
/// Text that needs no escape (most names and values) is written as it is;
/// other text is encoded on the stack and written in a few large pieces.
pub(crate) fn encode_into(out: &mut (impl Sink + ?Sized), s: &str, keep_slash: bool) {
    let keep = if keep_slash { 2 } else { 1 };
    let bytes = s.as_bytes();
    // Scanned 16 bytes at a time, with no branch per byte, up to the first
    // piece that holds a byte to escape; what comes before it is written as
    // it is.
    let is_clean = |chunk: &[u8]| {
        chunk
            .iter()
            .fold(keep, |all, &b| all & CLASS[usize::from(b)])
            == keep
    };
    // Short text, as most names and values are, in one piece.
    if bytes.len() <= 16 && is_clean(bytes) {
        return out.put(s);
    }
    let clean = bytes
        .chunks(16)
        .take_while(|chunk| is_clean(chunk))
        .map(<[u8]>::len)
        .sum();
    if clean == bytes.len() {
        return out.put(s);
    }
    // Kept bytes are ASCII: `clean` is a character boundary.
    let (head, rest) = s.split_at(clean);
    out.put(head);
    let table = &ENCODED[usize::from(keep_slash)];
    let mut buf = [0u8; 256];
    let mut n = 0;
    for &b in rest.as_bytes() {
        if n + 4 > buf.len() {
            out.put(ascii(&buf[..n]));
            n = 0;
        }
        // All four bytes are copied; the next byte's overwrite the extra.
        let e = table[usize::from(b)];
        buf[n..n + 4].copy_from_slice(&e);
        n += usize::from(e[3]);
    }
    out.put(ascii(&buf[..n]));
}

/// As [`encode_into`], for bytes that may not be UTF-8 (a decoded path).
pub(crate) fn encode_bytes_into(out: &mut String, bytes: &[u8], keep_slash: bool) {
    for chunk in bytes.utf8_chunks() {
        encode_into(out, chunk.valid(), keep_slash);
        for &b in chunk.invalid() {
            // Never a kept byte: an invalid byte is not ASCII.
            out.push_str(ascii(&ENCODED[0][usize::from(b)][..3]));
        }
    }
}

/// The encoder's output: kept bytes and `%XX` escapes, all ASCII.
pub(crate) fn ascii(b: &[u8]) -> &str {
    core::str::from_utf8(b).unwrap_or_default()
}

/// Appends `s` with `&`, `<`, `>`, `"` and `'` escaped: safe in HTML and
/// XML text and in quoted attribute values.
pub(crate) fn push_markup_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Percent-encodes `s` (with `/` encoded too), as query names and values are.
///
/// ```
/// assert_eq!(presign::uri_encode("a b/ሴ~"), "a%20b%2F%E1%88%B4~");
/// ```
pub fn uri_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_into(&mut out, s, false);
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
    let same = common_prefix(a, b);
    match (a.get(same), b.get(same)) {
        (Some(&x), Some(&y)) => {
            let rank = |c: u8| u16::from(c) + if is_unreserved(c) { 256 } else { 0 };
            rank(x).cmp(&rank(y))
        }
        _ => a.len().cmp(&b.len()),
    }
}

/// How many bytes `a` and `b` start with in common: eight at a time, then
/// one at a time (names such as `X-Amz-Credential` and `X-Amz-Date` share
/// six).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let mut same = 0;
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        let word = |c: &[u8]| u64::from_le_bytes(c.try_into().unwrap_or_default());
        let differ = word(x) ^ word(y);
        if differ != 0 {
            return same + (differ.trailing_zeros() / 8) as usize;
        }
        same += 8;
    }
    same + a[same..]
        .iter()
        .zip(&b[same..])
        .take_while(|(x, y)| x == y)
        .count()
}

/// Checks a path as given to the signer: it starts with `/`, every `%`
/// starts a `%XX` escape, and it has no `?` or `#`.
///
/// Under S3's rule the path is decoded and encoded again, so any other byte
/// may be raw. Under the other rules the path is sent as given: control
/// characters (C0, DEL and U+0080 to U+009F) are refused, and a path that
/// goes into a URL (`for_url`) must also be one that a URL can carry as it
/// is (no space, non-ASCII, `"`, `<`, `>`, `\`, `^`, `` ` ``, `{`, `|`, `}`):
/// an HTTP client would encode those, and the server would then check
/// another path than the one signed.
pub(crate) fn check_path(path: &str, rule: PathRule, for_url: bool) -> Result<(), Error> {
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
            b'?' | b'#' => return Err(bad()),
            _ if rule == PathRule::S3 => {}
            0..0x20 | 0x7f => return Err(bad()),
            b' ' | b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}' | 0x80..
                if for_url =>
            {
                return Err(bad())
            }
            _ => {}
        }
    }
    if rule != PathRule::S3 && path.chars().any(char::is_control) {
        // U+0080 to U+009F.
        return Err(bad());
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
    if is_normalized(path) {
        return Cow::Borrowed(path);
    }
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

/// True when [`normalize_path`] would return `path` unchanged: no empty, `.`
/// or `..` segment, but for the empty one of a trailing slash.
fn is_normalized(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    let body = rest.strip_suffix('/').unwrap_or(rest);
    rest.is_empty() || body.split('/').all(|s| !matches!(s, "" | "." | ".."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(s: &str, keep_slash: bool) -> String {
        let mut out = String::new();
        encode_into(&mut out, s, keep_slash);
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

    /// The definition, one byte at a time.
    fn reference(bytes: &[u8], keep_slash: bool) -> String {
        bytes
            .iter()
            .map(|&b| {
                let unreserved = b.is_ascii_alphanumeric() || b"-._~".contains(&b);
                if unreserved || (keep_slash && b == b'/') {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    }

    #[test]
    fn encoding_matches_the_definition() {
        let long_utf8 = "é/a b+".repeat(200);
        let long_ascii = "a".repeat(300) + " " + &"b".repeat(300);
        let mut samples: Vec<String> = (0..0x800)
            .filter_map(char::from_u32)
            .map(String::from)
            .collect();
        samples.extend([
            long_utf8,
            long_ascii,
            "ab/cd".into(),
            "/".into(),
            "x y".into(),
        ]);
        for s in &samples {
            for keep_slash in [false, true] {
                assert_eq!(
                    enc(s, keep_slash),
                    reference(s.as_bytes(), keep_slash),
                    "{s:?}"
                );
            }
        }
        let mut out = String::new();
        encode_bytes_into(&mut out, b"a\xff/\xc3\xa9\xc3", true);
        assert_eq!(out, "a%FF/%C3%A9%C3");
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
            "X-Amz-Credential",
            "X-Amz-Date",
            "X-Amz-Expires",
            "X-Amz-SignedHeaders",
            "X-Amz-Signature",
            "response-content-type",
            "response-content-disposition",
            "abcdefgh",
            "abcdefghi",
            "abcdefgh~",
            "abcdefgh%",
            "abcdefgh😀",
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
        let rules = [PathRule::S3, PathRule::Normalized, PathRule::Unnormalized];
        for good in [
            "/",
            "/a/b",
            "/a%20b",
            "/%E1%88%B4",
            "//x/../y",
            "/a:b@c!$&'()*+,;=",
        ] {
            for (rule, for_url) in rules.iter().flat_map(|&r| [(r, false), (r, true)]) {
                assert!(check_path(good, rule, for_url).is_ok(), "{good}");
            }
        }
        for bad in ["", "a", "/a?b", "/a#b", "/%", "/%4", "/%zz"] {
            for rule in rules {
                assert!(
                    matches!(check_path(bad, rule, false), Err(Error::InvalidPath(_))),
                    "{bad:?}"
                );
            }
        }
        // Raw: fine for S3, which encodes them; signed as given elsewhere,
        // but never into a URL.
        for raw in ["/a b", "/ሴ", "/a\"b", "/a{b}", "/a|b"] {
            assert!(check_path(raw, PathRule::S3, true).is_ok(), "{raw:?}");
            assert!(
                check_path(raw, PathRule::Normalized, false).is_ok(),
                "{raw:?}"
            );
            assert!(
                check_path(raw, PathRule::Normalized, true).is_err(),
                "{raw:?}"
            );
        }
        for control in ["/a\nb", "/a\rb", "/a\tb", "/\u{7f}", "/a\u{85}b", "/\u{9f}"] {
            assert!(
                check_path(control, PathRule::S3, true).is_ok(),
                "{control:?}"
            );
            for for_url in [false, true] {
                let checked = check_path(control, PathRule::Unnormalized, for_url);
                assert!(matches!(checked, Err(Error::InvalidPath(_))), "{control:?}");
            }
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
            assert_eq!(is_normalized(input), input == want, "{input}");
        }
        for already in ["/", "/a", "/a/", "/a/b.c/..d/", "/.a", "/a./"] {
            assert!(is_normalized(already), "{already}");
            assert_eq!(normalize_path(already), already);
        }
        for not in ["//", "/a//b", "/a/./b", "/a/..", "/.", "/..", "/a//", "///"] {
            assert!(!is_normalized(not), "{not}");
            assert_ne!(normalize_path(not), not);
        }
    }
}
