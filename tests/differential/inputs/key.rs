//! Object keys: pieces with reserved characters, dot segments, escapes and
//! non-ASCII text and control characters, combined at random, up to S3's 1024 bytes.

use crate::rng::Rng;

/// Pieces of object keys, combined at random.
pub const KEY_PIECES: &[&str] = &[
    "a//b",
    "./x",
    "../y",
    "/",
    "//",
    ".",
    "..",
    "/leading",
    "trailing/",
    " ",
    "  ",
    "a b",
    "+",
    "a+b c",
    "%",
    "100%",
    "?",
    "#",
    "=",
    "&",
    "x=y&z",
    ";",
    ":",
    "@",
    "$",
    "$HOME",
    ",",
    "~",
    "~user",
    "*",
    "'",
    "(",
    ")",
    "!",
    "[",
    "]",
    "{",
    "}",
    "|",
    "\\",
    "^",
    "`",
    "\"",
    "<",
    ">",
    "-",
    "_",
    "😀",
    "🪣",
    "👩\u{200d}👩\u{200d}👧",
    "日本語",
    "中文/文件",
    "한국어",
    "e\u{301}",
    "\u{301}",
    "a\u{308}",
    "ß",
    "Ω",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "\u{10ffff}",
    "%20",
    "%2F",
    "%2f",
    "%25",
    "%41",
    "%E2%82%AC",
    "photos/",
    "cat.jpg",
    "file.tar.gz",
    "dir/",
    "A",
    "z",
    "0",
    "Key-With_Unreserved.Chars~",
    // Control characters: S3 keys may hold any UTF-8, and they are
    // percent-encoded in the path like everything else.
    "\t",
    "\r",
    "\n",
    "\u{1}",
    "\u{7f}",
    "\u{85}",
];

/// A random object key: 1 to 1024 bytes of UTF-8, control characters
/// (TAB, CR, LF, U+0001, DEL, NEL) included.
pub fn gen_key(rng: &mut Rng) -> String {
    let mut key = String::new();
    if rng.chance(4) {
        // A long key, up to S3's limit of 1024 bytes.
        let target = if rng.chance(30) {
            1024
        } else {
            rng.range(600, 1023) as usize
        };
        loop {
            let piece = rng.pick(KEY_PIECES);
            if key.len() + piece.len() > target {
                break;
            }
            key.push_str(piece);
        }
        while key.len() < target {
            key.push('k');
        }
    } else {
        for _ in 0..rng.range(1, 6) {
            if rng.chance(25) {
                key.push_str(rng.pick(&["photos", "2024", "report", "x", "README"]));
            }
            key.push_str(rng.pick(KEY_PIECES));
        }
    }
    key
}
