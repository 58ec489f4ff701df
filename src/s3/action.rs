//! Object actions: one S3 request to presign.

use std::borrow::Cow;
use std::time::Duration;

use crate::request::is_secret_field;
use crate::sign::{check_expiry, estimate, gather, KeyPath, Mode, INLINE};
use crate::{AmzDate, Bucket, Credentials, Error, Payload, Request};

/// One S3 request to presign: a method, an object key, and the query
/// parameters and headers that go with it.
///
/// Keys are encoded by S3's rules and never normalised: `a//b`, `./x` and
/// `../y` name the objects they spell, as in S3. Some HTTP clients (curl
/// without `--path-as-is`, browsers, the `url` crate) remove dot segments
/// before sending; the server then sees another path and refuses the
/// signature. Send URLs for such keys with a client that keeps the path.
///
/// Headers added with [`Action::with_header`] are signed: whoever uses the URL
/// must send them with exactly these values (for example `Content-Type` on an
/// upload). Query parameters are part of the URL.
#[derive(Debug, Clone)]
pub struct Action<'a> {
    pub(super) bucket: &'a Bucket,
    pub(super) method: &'static str,
    pub(super) key: Option<&'a str>,
    query: Pairs<'a>,
    headers: Pairs<'a>,
    pub(super) part_number: Option<u16>,
}

/// How many query parameters, and how many headers, an [`Action`] holds
/// without allocating.
const INLINE_PAIRS: usize = 4;

type Pair<'a> = (Cow<'a, str>, Cow<'a, str>);

/// Name-value pairs, in order: none (which costs nothing to make or drop),
/// up to `INLINE_PAIRS` borrowed ones inline, or, from the first pair that is
/// owned or does not fit, all of them on the heap.
#[derive(Clone, Default)]
enum Pairs<'a> {
    #[default]
    None,
    Inline {
        pairs: [(&'a str, &'a str); INLINE_PAIRS],
        len: usize,
    },
    Heap(Vec<Pair<'a>>),
}

impl<'a> Pairs<'a> {
    fn push(&mut self, pair: Pair<'a>) {
        if let (Cow::Borrowed(name), Cow::Borrowed(value)) = pair {
            match self {
                Pairs::None => {
                    let mut pairs = [("", ""); INLINE_PAIRS];
                    pairs[0] = (name, value);
                    *self = Pairs::Inline { pairs, len: 1 };
                    return;
                }
                Pairs::Inline { pairs, len } if *len < INLINE_PAIRS => {
                    pairs[*len] = (name, value);
                    *len += 1;
                    return;
                }
                _ => return self.push_to_heap((name.into(), value.into())),
            }
        }
        self.push_to_heap(pair);
    }

    fn push_to_heap(&mut self, pair: Pair<'a>) {
        let mut all = match std::mem::take(self) {
            Pairs::Heap(all) => all,
            inline => {
                let mut all = Vec::with_capacity(2 * INLINE_PAIRS);
                let borrowed = inline.as_slice().unwrap_or_default();
                all.extend(borrowed.iter().map(|&(n, v)| (n.into(), v.into())));
                all
            }
        };
        all.push(pair);
        *self = Pairs::Heap(all);
    }

    fn len(&self) -> usize {
        match self {
            Pairs::None => 0,
            Pairs::Inline { len, .. } => *len,
            Pairs::Heap(all) => all.len(),
        }
    }

    /// The pairs, unless they are on the heap.
    fn as_slice(&self) -> Option<&[(&'a str, &'a str)]> {
        match self {
            Pairs::None => Some(&[]),
            Pairs::Inline { pairs, len } => Some(&pairs[..*len]),
            Pairs::Heap(_) => None,
        }
    }

    fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        let (inline, heap) = match self {
            Pairs::Heap(all) => (&[][..], &all[..]),
            _ => (self.as_slice().unwrap_or_default(), &[][..]),
        };
        let heap = heap.iter().map(|(name, value)| (&**name, &**value));
        inline.iter().copied().chain(heap)
    }
}

impl std::fmt::Debug for Pairs<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // SSE-C keys and tokens are secrets; hide their values.
        let shown = self.iter().map(|(name, value)| {
            (
                name,
                if is_secret_field(name) {
                    "<redacted>"
                } else {
                    value
                },
            )
        });
        f.debug_list().entries(shown).finish()
    }
}

impl<'a> Action<'a> {
    pub(super) fn new(bucket: &'a Bucket, method: &'static str, key: Option<&'a str>) -> Self {
        Action {
            bucket,
            method,
            key,
            query: Pairs::default(),
            headers: Pairs::default(),
            part_number: None,
        }
    }

    /// Adds a query parameter, such as `response-content-disposition` or
    /// `versionId`. Give it decoded: it is encoded when signed.
    pub fn with_query(
        mut self,
        name: impl Into<Cow<'a, str>>,
        value: impl Into<Cow<'a, str>>,
    ) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds a header that the URL's user must send, such as `Content-Type`,
    /// `x-amz-acl` or `x-amz-meta-*`.
    pub fn with_header(
        mut self,
        name: impl Into<Cow<'a, str>>,
        value: impl Into<Cow<'a, str>>,
    ) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The HTTP method the URL is for.
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The presigned URL, valid for `expires_in` (1 s to 7 days) from `time`.
    pub fn presign(
        &self,
        credentials: &Credentials,
        time: AmzDate,
        expires_in: Duration,
    ) -> Result<String, Error> {
        let expires = check_expiry(expires_in)?;
        if let Some(key) = self.key {
            check_object_key(key)?;
        }
        if let Some(n) = self.part_number.filter(|n| !(1..=10_000).contains(n)) {
            return Err(Error::InvalidPartNumber(n));
        }
        let base = self.bucket.base(self.key);
        let key = self.key.unwrap_or("");
        let key_path = KeyPath {
            start: self.bucket.path_start,
            key,
            host_header: &self.bucket.host_header,
        };
        let signer = &self.bucket.signer;
        let mut request = Request {
            method: self.method,
            host: &self.bucket.host,
            path: "/",
            query: &[],
            headers: &[],
            payload: Payload::Unsigned,
        };
        // Most links add nothing to the request: they take a shorter path.
        if let (Pairs::None, Pairs::None, None) =
            (&self.query, &self.headers, credentials.session_token())
        {
            let room = estimate(&request, key.len(), credentials);
            let mut url = String::with_capacity(base.len() + room);
            url.push_str(base);
            signer.presign_plain(credentials, self.method, key_path, time, expires, &mut url);
            return Ok(url);
        }
        // The pairs as the signer takes them: as they are when all are
        // inline, else gathered on the stack.
        let (mut query_inline, mut header_inline);
        let (mut query_heap, mut header_heap) = (Vec::new(), Vec::new());
        request.query = match self.query.as_slice() {
            Some(pairs) => pairs,
            None => {
                query_inline = [("", ""); INLINE];
                let n = self.query.len();
                gather(self.query.iter(), n, &mut query_inline, &mut query_heap)
            }
        };
        request.headers = match self.headers.as_slice() {
            Some(pairs) => pairs,
            None => {
                header_inline = [("", ""); INLINE];
                let n = self.headers.len();
                gather(self.headers.iter(), n, &mut header_inline, &mut header_heap)
            }
        };
        let room = estimate(&request, key.len(), credentials);
        let mut url = String::with_capacity(base.len() + room);
        url.push_str(base);
        let mode = Mode::Query { expires };
        signer.run_with_path(
            credentials,
            &request,
            Some(key_path),
            time,
            mode,
            &mut url,
            None,
        )?;
        Ok(url)
    }
}

/// An object key: 1 to 1024 bytes of UTF-8 without control characters.
fn check_object_key(key: &str) -> Result<(), Error> {
    if key.is_empty() || key.len() > 1024 || has_control(key) {
        return Err(Error::InvalidObjectKey(key.to_string()));
    }
    Ok(())
}

/// True when `s` holds a control character (`char::is_control`: U+0000 to
/// U+001F and U+007F to U+009F).
fn has_control(s: &str) -> bool {
    // A first pass without branches, which the compiler vectorises: is there
    // a byte that is, or may start, a control character (U+0080 to U+009F
    // are `C2 80` to `C2 9F`)?
    let suspect = s
        .bytes()
        .fold(false, |any, b| any | (b < 0x20) | (b == 0x7f) | (b == 0xc2));
    suspect && s.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Endpoint, UrlStyle};

    /// The URL of `action` as the general path writes it.
    fn generic_url(
        action: &Action<'_>,
        creds: &Credentials,
        time: AmzDate,
        expires: u64,
    ) -> String {
        let bucket = action.bucket;
        let key = action.key.unwrap_or("");
        let mut url = bucket.base(action.key).to_string();
        let request = Request {
            method: action.method(),
            host: bucket.host(),
            path: "/",
            query: &[],
            headers: &[],
            payload: Payload::Unsigned,
        };
        let key_path = KeyPath {
            start: bucket.path_start,
            key,
            host_header: &bucket.host_header,
        };
        let mode = Mode::Query { expires };
        let signer = &bucket.signer;
        signer
            .run_with_path(creds, &request, Some(key_path), time, mode, &mut url, None)
            .unwrap();
        url
    }

    #[test]
    fn plain_actions_sign_as_the_generic_path_does() {
        let endpoints = [
            ("https://s3.amazonaws.com", UrlStyle::VirtualHost),
            ("https://s3.amazonaws.com", UrlStyle::Path),
            ("http://127.0.0.1:9000", UrlStyle::Path),
            (
                "https://minio.example.com:9000/storage/v1",
                UrlStyle::VirtualHost,
            ),
            ("https://minio.example.com:9000/storage/v1", UrlStyle::Path),
        ];
        let keys = [
            "test.txt",
            "a",
            "photos/2024/cat.jpg",
            "a b+c%d?e#f&g=h;i:j@k$l,m~n*o'p(q)r!s",
            "//double//slashes/./and/../dots/",
            "Zürich ✓ 日本語 😀 e\u{301}",
            &"k/".repeat(300),
        ];
        let creds = [
            Credentials::new(
                "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            ),
            Credentials::new("minio+admin@example", "secret"),
        ];
        let creds = creds.map(Result::unwrap);
        let buckets = endpoints.map(|(endpoint, style)| {
            let endpoint = Endpoint::parse(endpoint).unwrap();
            Bucket::new(endpoint, "examplebucket", "eu-west-3", style).unwrap()
        });
        let moments: Vec<(AmzDate, u64)> = ["20130524T000000Z", "20991231T235959Z"]
            .into_iter()
            .flat_map(|t| [1, 86_400, 604_800].map(|e| (AmzDate::parse(t).unwrap(), e)))
            .collect();
        let mut checked = 0;
        for bucket in &buckets {
            for key in keys {
                for (creds, &(time, expires)) in creds
                    .iter()
                    .flat_map(|c| moments.iter().map(move |m| (c, m)))
                {
                    for action in [
                        bucket.get_object(key),
                        bucket.put_object(key),
                        bucket.head_object(key),
                        bucket.delete_object(key),
                    ] {
                        let plain = action.presign(creds, time, Duration::from_secs(expires));
                        let generic = generic_url(&action, creds, time, expires);
                        assert_eq!(plain.unwrap(), generic);
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 5 * 7 * 2 * 2 * 3 * 4);
    }

    #[test]
    fn control_characters_are_found_in_the_bytes() {
        let chars = (0..0x3000)
            .chain([0xfeff, 0x10ffff])
            .filter_map(char::from_u32);
        for c in chars {
            let s = format!("a{c}b");
            assert_eq!(has_control(&s), c.is_control(), "{:?}", c);
        }
    }

    #[test]
    fn debug_shows_what_a_bucket_is_made_from() {
        let bucket = Bucket::aws("examplebucket", "eu-west-1").unwrap();
        let shown = format!("{bucket:?}");
        for part in [
            "examplebucket",
            "eu-west-1",
            "VirtualHost",
            "s3.eu-west-1.amazonaws.com",
        ] {
            assert!(shown.contains(part), "{shown}");
        }
        assert!(!shown.contains("UNSIGNED-PAYLOAD"), "{shown}");
    }

    #[test]
    fn pairs_past_the_inline_ones_keep_their_order() {
        let mut pairs = Pairs::default();
        let names: Vec<String> = (0..INLINE_PAIRS + 3).map(|i| format!("n{i}")).collect();
        for name in &names {
            pairs.push((name.as_str().into(), "v".into()));
        }
        assert_eq!(pairs.len(), names.len());
        assert!(pairs.as_slice().is_none());
        let got: Vec<&str> = pairs.iter().map(|(n, _)| n).collect();
        assert_eq!(got, names);

        // An owned pair sends every pair to the heap, in order.
        let mut mixed = Pairs::default();
        mixed.push(("a".into(), "1".into()));
        mixed.push(("b".into(), String::from("2").into()));
        mixed.push(("c".into(), "3".into()));
        let got: Vec<(&str, &str)> = mixed.iter().collect();
        assert_eq!(got, [("a", "1"), ("b", "2"), ("c", "3")]);
        let mut short = Pairs::default();
        short.push(("a".into(), "1".into()));
        assert_eq!(short.as_slice(), Some(&[("a", "1")][..]));
        assert_eq!(format!("{:?}", Pairs::default()), "[]");
    }
}
