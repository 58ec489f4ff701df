//! Text for the cases: strings built from pieces that matter to SigV4's
//! encoders and parsers, so that random bytes (the property test's) and a
//! fuzzer's mutations both reach the interesting branches.

use arbitrary::Arbitrary;

/// A marker that stands for user input in markup: it may appear in HTML,
/// JSON or XML output only escaped.
pub const MARKER: &str = "<m\"'&>";

/// Words that SigV4's encoders, the verifier's parsers and markup treat
/// specially.
pub const WORDS: &[&str] = &[
    "a",
    "key",
    "photos/",
    "/",
    "//",
    ".",
    "..",
    "/./",
    "/../",
    "%",
    "%2F",
    "%2f",
    "%20",
    "%25",
    "%41",
    "%zz",
    "%C3%A9",
    "%E2%82",
    "+",
    " ",
    "  ",
    "\t",
    "=",
    "&",
    "?",
    "#",
    ";",
    ",",
    ":",
    "@",
    "~",
    "-",
    "_",
    "*",
    "\\",
    "é",
    "日本",
    "😀",
    "\u{2028}",
    "\u{85}",
    "\u{a0}",
    "\r\n",
    "\0",
    "<",
    ">",
    "\"",
    "'",
    "&amp;",
    "&#39;",
    MARKER,
    "<script>",
    "${filename}",
    "X-Amz-Signature",
    "X-Amz-Date",
    "X-Amz-Credential",
    "X-Amz-Algorithm",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Security-Token",
    "x-amz-meta-",
    "x-amz-date",
    "x-amz-content-sha256",
    "host",
    "Host",
    "content-type",
    "authorization",
    "AWS4-HMAC-SHA256",
    "UNSIGNED-PAYLOAD",
    "aws4_request",
    "us-east-1",
    "s3",
    "20150830T123600Z",
    "20150830",
    "AKIDEXAMPLE",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "localhost",
    "127.0.0.1",
    "[::1]",
    "0x7f",
    "xn--",
    "http://",
    "https://",
    ":9000",
    "example.com",
];

/// Text: a sequence of pieces. `Debug` shows the text itself.
#[derive(Arbitrary, Clone, Default)]
pub struct Text(pub Vec<Piece>);

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Text({:?})", self.render())
    }
}

/// One piece of [`Text`].
#[derive(Arbitrary, Debug, Clone)]
pub enum Piece {
    /// One of [`WORDS`] (by index, modulo their number).
    Word(u8),
    /// A printable ASCII character (the byte modulo 95, from space).
    Printable(u8),
    /// Any ASCII character.
    Ascii(u8),
    /// Any character.
    Char(char),
    /// Any string.
    Raw(String),
}

impl Text {
    /// The text itself.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Word(i) => out.push_str(WORDS[usize::from(*i) % WORDS.len()]),
                Piece::Printable(b) => out.push(char::from(b' ' + b % 95)),
                Piece::Ascii(b) => out.push(char::from(b & 0x7f)),
                Piece::Char(c) => out.push(*c),
                Piece::Raw(s) => out.push_str(s),
            }
        }
        out
    }
}

/// A name of a header or query parameter: mostly a plausible one.
#[derive(Arbitrary, Debug, Clone)]
pub enum Name {
    /// One of a few names services use.
    Known(u8),
    /// `x-amz-meta-` and text.
    Meta(Text),
    /// Any text.
    Other(Text),
}

/// Names a request commonly carries.
const NAMES: &[&str] = &[
    "Content-Type",
    "content-type",
    "x-amz-acl",
    "X-Amz-Meta-Owner",
    "Cache-Control",
    "x-amz-date",
    "X-Amz-Date",
    "x-amz-content-sha256",
    "x-amz-security-token",
    "Host",
    "host",
    "response-content-disposition",
    "versionId",
    "prefix",
    "list-type",
    "key",
    "acl",
    "success_action_status",
    "bucket",
    "x-amz-storage-class",
    "tagging",
];

impl Name {
    /// The name itself.
    pub fn render(&self) -> String {
        match self {
            Name::Known(i) => NAMES[usize::from(*i) % NAMES.len()].to_string(),
            Name::Meta(t) => format!("x-amz-meta-{}", t.render()),
            Name::Other(t) => t.render(),
        }
    }
}

/// An edit of a string, for the tampering checks.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Edit {
    /// Replace the byte at (the position modulo the length) by an ASCII byte.
    Replace(u16, u8),
    /// Insert an ASCII byte.
    Insert(u16, u8),
    /// Remove a byte.
    Remove(u16),
    /// Flip the case of an ASCII letter.
    FlipCase(u16),
}

impl Edit {
    /// `s` with the edit made, or `None` when it leaves `s` as it was or
    /// makes it other than UTF-8.
    pub fn apply(self, s: &str) -> Option<String> {
        let mut b = s.as_bytes().to_vec();
        let at = |i: u16, len: usize| usize::from(i) % len.max(1);
        match self {
            Edit::Replace(i, byte) if !b.is_empty() => {
                let i = at(i, b.len());
                b[i] = byte & 0x7f;
            }
            Edit::Insert(i, byte) => {
                let i = at(i, b.len() + 1);
                b.insert(i, byte & 0x7f);
            }
            Edit::Remove(i) if !b.is_empty() => {
                let i = at(i, b.len());
                b.remove(i);
            }
            Edit::FlipCase(i) if !b.is_empty() => {
                let i = at(i, b.len());
                if b[i].is_ascii_alphabetic() {
                    b[i] ^= 0x20;
                }
            }
            _ => return None,
        }
        String::from_utf8(b).ok().filter(|t| t != s)
    }
}
