//! Request paths as sent on the wire: segments for services other than S3,
//! and wire forms of decoded S3 paths.

use crate::rng::Rng;

/// Segments of wire paths for services other than S3: valid in a URI as
/// they are, percent-escapes in both cases of hex, dot segments, empties.
pub const WIRE_SEGMENTS: &[&str] = &[
    "",
    "",
    "",
    ".",
    ".",
    "..",
    "..",
    "...",
    "..a",
    "a..",
    "a",
    "b",
    "example",
    "2015-03-31",
    "functions",
    "%20",
    "ex%20ample",
    "%2F",
    "%2f",
    "%25",
    "%2E",
    "%2E%2E",
    "%E2%82%AC",
    "%e2%82%ac",
    "%41",
    "%7E",
    "~user",
    "a-b_c.d",
    "!$&'()*+,;=",
    ":",
    "@",
    "a:b@c",
    "=",
    "+",
];

pub fn gen_wire_path(rng: &mut Rng) -> String {
    let n = rng.range(0, 6);
    let mut path = String::new();
    for _ in 0..n {
        path.push('/');
        path.push_str(rng.pick(WIRE_SEGMENTS));
    }
    if n == 0 || rng.chance(20) {
        path.push('/');
    }
    path
}

/// A wire form of a decoded S3 path: each character sent as it is or
/// percent-encoded (upper- or lower-case hex) at random; `%`, `?`, `#` and
/// control characters (a raw CR or LF would end the request line) always
/// encoded, `/` never.
pub fn wire_form(rng: &mut Rng, decoded: &str) -> String {
    let mut out = String::new();
    for c in decoded.chars() {
        let must = matches!(c, '%' | '?' | '#') || c.is_control();
        if c == '/' || (!must && rng.chance(50)) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            let lower = rng.chance(30);
            for b in c.encode_utf8(&mut buf).bytes() {
                if lower {
                    out.push_str(&format!("%{b:02x}"));
                } else {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}
