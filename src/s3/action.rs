//! Object actions: one S3 request to presign.

use core::time::Duration;

use crate::prelude::*;
use crate::request::is_secret_field;
use crate::sign::{check_expiry, Input, Mode, Path};
use crate::{AmzDate, Bucket, Credentials, Error, Payload};

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

/// How many pairs of the heap are gathered on the stack to sign.
const INLINE: usize = 16;

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
        let mut all = match core::mem::take(self) {
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

    /// The pairs as borrowed slices: as they are when none is on the heap,
    /// else copied into `inline` when they fit, or into `heap`.
    #[inline]
    fn as_borrowed<'s>(
        &'s self,
        inline: &'s mut Option<[(&'s str, &'s str); INLINE]>,
        heap: &'s mut Vec<(&'s str, &'s str)>,
    ) -> &'s [(&'s str, &'s str)] {
        if let Some(pairs) = self.as_slice() {
            return pairs;
        }
        let n = self.len();
        if n <= INLINE {
            let inline = inline.insert([("", ""); INLINE]);
            for (slot, pair) in inline.iter_mut().zip(self.iter()) {
                *slot = pair;
            }
            &inline[..n]
        } else {
            heap.extend(self.iter());
            heap
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

impl core::fmt::Debug for Pairs<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
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
        let bucket = self.bucket;
        let key = self.key.unwrap_or("");
        // The pairs as the core takes them: as they are when none is on the
        // heap, else gathered on the stack.
        let (mut query_inline, mut header_inline) = (None, None);
        let (mut query_heap, mut header_heap) = (Vec::new(), Vec::new());
        let query = self.query.as_borrowed(&mut query_inline, &mut query_heap);
        let headers = self
            .headers
            .as_borrowed(&mut header_inline, &mut header_heap);
        let input = Input {
            method: self.method,
            host: bucket.host(),
            path: Path::Object {
                base: bucket.path(self.key),
                key,
            },
            query,
            headers,
            payload: Payload::Unsigned,
            host_block: Some(bucket.host_block()),
        };
        let mut url = String::with_capacity(url_room(bucket, key, query, headers, credentials));
        url.push_str(&bucket.origin);
        let mode = Mode::Query { expires };
        bucket
            .signer()
            .sign_input(credentials, &input, time, mode, &mut url, None)?;
        Ok(url)
    }
}

/// A generous guess at the length of a presigned URL, so that writing it
/// allocates once: encoding at most triples text.
fn url_room(
    bucket: &Bucket,
    key: &str,
    query: &[(&str, &str)],
    headers: &[(&str, &str)],
    credentials: &Credentials,
) -> usize {
    let query: usize = query.iter().map(|(n, v)| 3 * (n.len() + v.len()) + 2).sum();
    let headers: usize = headers.iter().map(|(n, _)| 3 * n.len() + 3).sum();
    let token = credentials.session_token().map_or(0, str::len);
    bucket.origin.len()
        + bucket.path(Some(key)).len()
        + 3 * (key.len() + token + credentials.access_key_id().len())
        + query
        + headers
        + 256
}

/// An object key: 1 to 1024 bytes of UTF-8, as S3 takes them (control
/// characters included: they are percent-encoded like any other byte).
fn check_object_key(key: &str) -> Result<(), Error> {
    if key.is_empty() || key.len() > 1024 {
        return Err(Error::InvalidObjectKey(key.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
