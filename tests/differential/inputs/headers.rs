//! Headers: names in odd case, values with runs of white space (and tabs)
//! and non-ASCII text, and the headers a signer adds itself, given by the
//! caller.

use crate::rng::Rng;

/// Header names with odd case.
///
/// Not generated: `authorization` (we refuse it), `host`, `x-amz-date`,
/// `x-amz-content-sha256` and `x-amz-security-token` (added by
/// [`special_header`] with the only values either signer accepts), and, in
/// presigned requests, `x-amz-user-agent` and `x-amz-checksum-mode`:
/// `aws-sigv4` never signs those two in query mode
/// (`canonical_request.rs`, `CanonicalRequest::headers`), an SDK choice for
/// headers its own presigned requests never carry, while we sign every header
/// the caller names. Its default `excluded_headers` list (`user-agent`,
/// `x-amzn-trace-id`, `transfer-encoding`, `authorization`) is emptied instead,
/// so that `user-agent` and friends are compared too.
pub const HEADER_NAMES: &[&str] = &[
    "Content-Type",
    "content-type",
    "CONTENT-TYPE",
    "Content-MD5",
    "content-md5",
    "Content-Disposition",
    "Content-Encoding",
    "Content-Language",
    "Cache-Control",
    "Expires",
    "x-amz-acl",
    "X-Amz-Acl",
    "x-amz-meta-foo",
    "X-Amz-Meta-Foo",
    "X-AMZ-META-BAR",
    "x-amz-meta-a.b_c~d",
    "x-amz-meta-",
    "x-amz-storage-class",
    "x-amz-server-side-encryption",
    "x-amz-tagging",
    "x-amz-website-redirect-location",
    "If-Match",
    "If-None-Match",
    "Range",
    "User-Agent",
    "X-Amzn-Trace-Id",
    "x-custom!#$%&'*+.^_`|~",
    "X-123",
    "a",
];

/// Only in header signing: see [`HEADER_NAMES`].
pub const HEADER_MODE_NAMES: &[&str] = &["x-amz-user-agent", "X-Amz-Checksum-Mode"];

pub const HEADER_WORDS: &[&str] = &[
    "text/plain",
    "charset=utf-8;",
    "\"a   b\"",
    "bytes=0-99",
    "public-read",
    "AES256",
    "1B2M2Y8AsgTpgAmY7PhCfg==",
    "d41d8cd98f00b204e9800998ecf8427e",
    "attachment;",
    "filename=\"x y.txt\"",
    "a,b",
    ",",
    "max-age=3600",
    "*",
    "W/\"etag\"",
    "!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    "STANDARD_IA",
    "k=v&k2=v2",
    "x",
    // UTF-8 text, signed as its bytes: two-, three- and four-byte
    // characters.
    "Zürich",
    "é",
    "日本",
    "😀",
];

/// A header value with leading, trailing and inner runs of whitespace; tabs
/// only when `tabs` is set.
pub fn gen_header_value(rng: &mut Rng, tabs: bool) -> String {
    let ws: &[&str] = if tabs {
        &[" ", "  ", "\t", " \t", "\t\t", "   \t "]
    } else {
        &[" ", "  ", "    "]
    };
    let mut v = String::new();
    if rng.chance(30) {
        v.push_str(rng.pick(ws));
    }
    let words = rng.below(4);
    for i in 0..words {
        if i > 0 {
            v.push_str(if rng.chance(50) { " " } else { rng.pick(ws) });
        }
        v.push_str(rng.pick(HEADER_WORDS));
    }
    if rng.chance(30) {
        v.push_str(rng.pick(ws));
    }
    v
}

/// Random headers, some names repeated; tab characters in ~15% of cases.
pub fn gen_headers(rng: &mut Rng, header_mode: bool) -> Vec<(String, String)> {
    let tabs = rng.chance(15);
    let mut headers: Vec<(String, String)> = Vec::new();
    let n = match rng.below(10) {
        0..=2 => 0,
        3..=8 => rng.range(1, 4),
        _ => rng.range(5, 26),
    };
    for _ in 0..n {
        let name = if !headers.is_empty() && rng.chance(15) {
            // The same header again, maybe in another case.
            let name = headers[rng.below(headers.len() as u64) as usize].0.clone();
            if rng.chance(50) {
                name.to_ascii_uppercase()
            } else {
                name
            }
        } else if header_mode && rng.chance(5) {
            rng.pick(HEADER_MODE_NAMES).to_string()
        } else {
            rng.pick(HEADER_NAMES).to_string()
        };
        headers.push((name, gen_header_value(rng, tabs)));
    }
    headers
}

/// In `percent` of cases, a header the signer adds itself, given by the
/// caller with the value the signer would use (padded with spaces, in odd
/// case): signed as given, and not added again.
pub fn special_header(
    rng: &mut Rng,
    percent: u64,
    headers: &mut Vec<(String, String)>,
    host: &str,
    timestamp: &str,
    payload_hash: &str,
    token: Option<&str>,
) {
    if !rng.chance(percent) {
        return;
    }
    let pad = |v: &str| format!(" {v}  ");
    let (name, value) = match rng.below(4) {
        0 => ("HOST", pad(host)),
        1 => ("X-Amz-Date", pad(timestamp)),
        2 => ("x-amz-content-SHA256", pad(payload_hash)),
        _ => match token {
            Some(t) => ("X-Amz-Security-Token", t.to_string()),
            None => ("x-amz-date", timestamp.to_string()),
        },
    };
    let at = rng.below(headers.len() as u64 + 1) as usize;
    headers.insert(at, (name.to_string(), value));
}
