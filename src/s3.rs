//! S3 buckets, endpoints and object actions: the presigning front door.

use std::borrow::Cow;
use std::time::Duration;

use crate::canonical::{Header, WrittenHeaders, UNSIGNED_PAYLOAD};
use crate::request::{check_host, is_scope_part, is_secret_field};
use crate::sign::{check_expiry, estimate, gather, KeyPath, Mode, INLINE};
use crate::{AmzDate, Credentials, Error, Payload, Request, Signer};

/// Where a bucket's name goes in its URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlStyle {
    /// `https://bucket.host/key`: the bucket in the host name (AWS's default).
    VirtualHost,
    /// `https://host/bucket/key`: the bucket as the first path segment (what
    /// MinIO, most local servers and dotted bucket names under TLS need).
    Path,
}

/// The scheme, host, port and path prefix of an S3-compatible service.
///
/// ```
/// use presign::Endpoint;
///
/// let minio = Endpoint::parse("http://127.0.0.1:9000")?;
/// assert_eq!(minio.host(), "127.0.0.1:9000");
/// let gateway = Endpoint::parse("https://example.com/storage/")?;
/// assert_eq!(gateway.prefix(), "/storage");
/// # Ok::<(), presign::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    https: bool,
    host: String,
    prefix: String,
}

impl Endpoint {
    /// Parses `http://` or `https://` URLs with a host, an optional port and
    /// an optional path prefix. A default port (`:80`, `:443`) is dropped, as
    /// HTTP clients drop it from the `Host` header.
    pub fn parse(url: &str) -> Result<Self, Error> {
        let bad = || Error::InvalidEndpoint(redact_userinfo(url));
        let (https, rest) = if let Some(rest) = strip_prefix_ignore_case(url, "https://") {
            (true, rest)
        } else if let Some(rest) = strip_prefix_ignore_case(url, "http://") {
            (false, rest)
        } else {
            return Err(bad());
        };
        let (authority, prefix) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        check_host(authority).map_err(|_| bad())?;
        let (name, port) = split_port(authority).ok_or_else(bad)?;
        if name.is_empty() {
            return Err(bad());
        }
        let default_port = if https { 443 } else { 80 };
        let host = match port {
            Some(p) if p != default_port => format!("{}:{p}", name.to_ascii_lowercase()),
            _ => name.to_ascii_lowercase(),
        };
        let prefix = prefix.trim_end_matches('/');
        let prefix_ok = prefix
            .bytes()
            .all(|b| crate::encode::is_unreserved(b) || b == b'/');
        if !prefix_ok || prefix.contains("//") {
            return Err(bad());
        }
        Ok(Endpoint {
            https,
            host,
            prefix: prefix.to_string(),
        })
    }

    /// AWS S3 in `region`: `https://s3.{region}.amazonaws.com`, or
    /// `https://s3.{region}.amazonaws.com.cn` in the China regions (`cn-*`).
    pub fn aws(region: &str) -> Result<Self, Error> {
        if !is_scope_part(region) {
            return Err(Error::InvalidRegion(region.to_string()));
        }
        let suffix = if region.starts_with("cn-") { ".cn" } else { "" };
        Ok(Endpoint {
            https: true,
            host: format!("s3.{region}.amazonaws.com{suffix}"),
            prefix: String::new(),
        })
    }

    /// `https` or `http`.
    pub fn scheme(&self) -> &'static str {
        if self.https {
            "https"
        } else {
            "http"
        }
    }

    /// The host, with the port when it is not the default.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// True when the host is an IPv4 or IPv6 address rather than a name.
    pub fn is_ip(&self) -> bool {
        let name = split_port(&self.host).map_or(self.host.as_str(), |(name, _)| name);
        name.starts_with('[') || name.parse::<std::net::Ipv4Addr>().is_ok()
    }

    /// The path prefix, empty or starting with `/`, without a trailing `/`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }
}

/// The URL with any `user:password@` replaced, for error messages.
fn redact_userinfo(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    match url[start..end].rfind('@') {
        Some(at) => format!("{}<redacted>{}", &url[..start], &url[start + at..]),
        None => url.to_string(),
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Splits `host:port`, also `[v6]:port`; `None` for a malformed port.
fn split_port(authority: &str) -> Option<(&str, Option<u16>)> {
    let colon = if authority.starts_with('[') {
        let close = authority.find(']')?;
        match &authority[close + 1..] {
            "" => return Some((authority, None)),
            rest if rest.starts_with(':') => close + 1,
            _ => return None,
        }
    } else {
        match authority.rfind(':') {
            Some(i) => i,
            None => return Some((authority, None)),
        }
    };
    if !authority.starts_with('[') && authority[..colon].contains(':') {
        // An IPv6 address must be in brackets.
        return None;
    }
    let port = &authority[colon + 1..];
    if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let port: u16 = port.parse().ok().filter(|&p| p > 0)?;
    Some((&authority[..colon], Some(port)))
}

/// An S3 bucket: its name, region, endpoint and URL style. Everything a
/// presigned URL needs except credentials and time.
///
/// ```
/// use std::time::Duration;
/// use presign::{AmzDate, Bucket, Credentials};
///
/// let bucket = Bucket::aws("examplebucket", "eu-west-1")?;
/// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
/// let url = bucket
///     .get_object("photos/cat.jpg")
///     .presign(&creds, AmzDate::now(), Duration::from_secs(3600))?;
/// assert!(url.starts_with("https://examplebucket.s3.eu-west-1.amazonaws.com/photos/cat.jpg?X-Amz-Algorithm="));
/// # Ok::<(), presign::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Bucket {
    name: String,
    endpoint: Endpoint,
    style: UrlStyle,
    signer: Signer,
    /// The `Host` of every request to this bucket.
    host: String,
    /// The bucket's URL, ending in `/`: the start of every object URL.
    url: String,
    /// Where the path starts in `url`.
    path_start: usize,
    /// The `host` header, canonicalised: all that most presigned URLs sign.
    host_header: WrittenHeaders,
}

impl std::fmt::Debug for Bucket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // What the bucket was made from; the rest is derived from it.
        f.debug_struct("Bucket")
            .field("name", &self.name)
            .field("region", &self.region())
            .field("endpoint", &self.endpoint)
            .field("style", &self.style)
            .finish()
    }
}

impl Bucket {
    /// A bucket on AWS S3, at `https://{name}.s3.{region}.amazonaws.com`.
    ///
    /// Names with a dot get path-style URLs
    /// (`https://s3.{region}.amazonaws.com/{name}/...`) instead: the TLS
    /// certificate `*.s3.{region}.amazonaws.com` covers one label only, so a
    /// virtual-hosted URL for `my.bucket` would fail certificate checks.
    pub fn aws(name: &str, region: &str) -> Result<Self, Error> {
        let style = if name.contains('.') {
            UrlStyle::Path
        } else {
            UrlStyle::VirtualHost
        };
        Self::new(Endpoint::aws(region)?, name, region, style)
    }

    /// A bucket on any S3-compatible endpoint, with the URL style given.
    ///
    /// [`UrlStyle::VirtualHost`] needs an endpoint with a DNS name: on an
    /// IP address (`http://127.0.0.1:9000`) it is refused with
    /// [`Error::InvalidEndpoint`], since `bucket.127.0.0.1` names no host.
    pub fn new(
        endpoint: Endpoint,
        name: &str,
        region: &str,
        style: UrlStyle,
    ) -> Result<Self, Error> {
        check_bucket_name(name)?;
        let signer = Signer::new(region, "s3")?;
        if style == UrlStyle::VirtualHost && endpoint.is_ip() {
            return Err(Error::InvalidEndpoint(format!(
                "{}://{} (virtual-hosted style needs a DNS name: use UrlStyle::Path)",
                endpoint.scheme(),
                endpoint.host
            )));
        }
        let host = match style {
            UrlStyle::VirtualHost => format!("{name}.{}", endpoint.host),
            UrlStyle::Path => endpoint.host.clone(),
        };
        // The prefix and the bucket name need no encoding: both are checked.
        let mut url = format!("{}://{host}{}/", endpoint.scheme(), endpoint.prefix);
        let path_start = url.len() - endpoint.prefix.len() - 1;
        if style == UrlStyle::Path {
            url.push_str(name);
            url.push('/');
        }
        let host_header = WrittenHeaders::new(&[Header::own("host", &host)], UNSIGNED_PAYLOAD);
        Ok(Bucket {
            name: name.to_string(),
            endpoint,
            style,
            signer,
            host,
            url,
            path_start,
            host_header,
        })
    }

    /// The bucket name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The region.
    pub fn region(&self) -> &str {
        self.signer.region()
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The URL style.
    pub fn style(&self) -> UrlStyle {
        self.style
    }

    /// The `Host` header of requests to this bucket.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The bucket's URL, ending in `/`: where a POST upload form is sent, and
    /// the base of every object URL.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The signer for this bucket's region and S3.
    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    /// The URL up to the object key: the bucket's URL, without its final
    /// `/` for a request to a path-style bucket itself.
    fn base(&self, key: Option<&str>) -> &str {
        match (self.style, key) {
            (UrlStyle::Path, None) => &self.url[..self.url.len() - 1],
            _ => &self.url,
        }
    }

    /// Presign a download of `key` (`GET`).
    pub fn get_object<'a>(&'a self, key: &'a str) -> Action<'a> {
        Action::new(self, "GET", Some(key))
    }

    /// Presign an upload of `key` (`PUT`), replacing any object of that name.
    pub fn put_object<'a>(&'a self, key: &'a str) -> Action<'a> {
        Action::new(self, "PUT", Some(key))
    }

    /// Presign a metadata request for `key` (`HEAD`).
    pub fn head_object<'a>(&'a self, key: &'a str) -> Action<'a> {
        Action::new(self, "HEAD", Some(key))
    }

    /// Presign the deletion of `key` (`DELETE`).
    pub fn delete_object<'a>(&'a self, key: &'a str) -> Action<'a> {
        Action::new(self, "DELETE", Some(key))
    }

    /// Presign the start of a multipart upload of `key` (`POST ?uploads`).
    pub fn create_multipart_upload<'a>(&'a self, key: &'a str) -> Action<'a> {
        Action::new(self, "POST", Some(key)).with_query("uploads", "")
    }

    /// Presign the upload of part `part_number` (1 to 10000) of a multipart
    /// upload (`PUT ?partNumber=N&uploadId=ID`).
    /// A part number outside 1 to 10000 is refused when presigning, with
    /// [`Error::InvalidPartNumber`].
    pub fn upload_part<'a>(
        &'a self,
        key: &'a str,
        part_number: u16,
        upload_id: &'a str,
    ) -> Action<'a> {
        let mut action = Action::new(self, "PUT", Some(key))
            .with_query("partNumber", part_number.to_string())
            .with_query("uploadId", upload_id);
        action.part_number = Some(part_number);
        action
    }

    /// Presign the completion of a multipart upload (`POST ?uploadId=ID`);
    /// the body is the `CompleteMultipartUpload` XML listing the parts.
    pub fn complete_multipart_upload<'a>(&'a self, key: &'a str, upload_id: &'a str) -> Action<'a> {
        Action::new(self, "POST", Some(key)).with_query("uploadId", upload_id)
    }

    /// Presign the abort of a multipart upload (`DELETE ?uploadId=ID`).
    pub fn abort_multipart_upload<'a>(&'a self, key: &'a str, upload_id: &'a str) -> Action<'a> {
        Action::new(self, "DELETE", Some(key)).with_query("uploadId", upload_id)
    }

    /// Presign the listing of a multipart upload's parts (`GET ?uploadId=ID`).
    pub fn list_parts<'a>(&'a self, key: &'a str, upload_id: &'a str) -> Action<'a> {
        Action::new(self, "GET", Some(key)).with_query("uploadId", upload_id)
    }

    /// Presign a listing of the bucket (`GET ?list-type=2`); add `prefix`,
    /// `delimiter`, `continuation-token` or `max-keys` with
    /// [`Action::with_query`].
    pub fn list_objects_v2(&self) -> Action<'_> {
        Action::new(self, "GET", None).with_query("list-type", "2")
    }
}

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
    bucket: &'a Bucket,
    method: &'static str,
    key: Option<&'a str>,
    query: Pairs<'a>,
    headers: Pairs<'a>,
    part_number: Option<u16>,
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
    fn new(bucket: &'a Bucket, method: &'static str, key: Option<&'a str>) -> Self {
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

/// S3's bucket naming rules
/// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html>).
fn check_bucket_name(name: &str) -> Result<(), Error> {
    let bad = |reason| {
        Err(Error::InvalidBucketName {
            name: name.to_string(),
            reason,
        })
    };
    let b = name.as_bytes();
    if b.len() < 3 || b.len() > 63 {
        return bad("it must be 3 to 63 characters long");
    }
    if !b
        .iter()
        .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'.')
    {
        return bad("use only lower-case letters, digits, '-' and '.'");
    }
    let edge = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    if !edge(b[0]) || !edge(b[b.len() - 1]) {
        return bad("it must begin and end with a letter or digit");
    }
    if name.contains("..") || name.contains(".-") || name.contains("-.") {
        return bad("dots may not be adjacent to each other or to hyphens");
    }
    if name.split('.').count() == 4 && name.split('.').all(|p| p.parse::<u8>().is_ok()) {
        return bad("it must not look like an IP address");
    }
    if name.starts_with("xn--") || name.starts_with("sthree-") {
        return bad("it must not start with a reserved prefix (xn--, sthree-)");
    }
    if name.ends_with("-s3alias") || name.ends_with("--ol-s3") {
        return bad("it must not end with a reserved suffix (-s3alias, --ol-s3)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
