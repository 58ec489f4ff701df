//! S3-compatible endpoints: scheme, host, port and path prefix.

use core::net::{Ipv4Addr, Ipv6Addr};

use crate::prelude::*;
use crate::request::is_scope_part;
use crate::Error;

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
///
/// # Providers
///
/// AWS has constructors ([`Endpoint::aws`], [`Endpoint::aws_dualstack`],
/// [`Endpoint::aws_fips`], [`Endpoint::aws_fips_dualstack`], with
/// [`crate::Bucket::aws_at`]; [`crate::Bucket::aws_accelerated`]), as do
/// Cloudflare R2 ([`Endpoint::r2`]) and Google Cloud Storage
/// ([`Endpoint::gcs`]). Other S3-compatible services are an endpoint, a
/// signing region and a URL style:
///
/// ```
/// use presign::{Bucket, Endpoint, UrlStyle};
///
/// // MinIO: the server's URL; region us-east-1 unless the server sets
/// // another; path style (virtual hosts need MINIO_DOMAIN).
/// let minio = Bucket::new(Endpoint::parse("http://127.0.0.1:9000")?, "photos", "us-east-1", UrlStyle::Path)?;
/// assert_eq!(minio.url(), "http://127.0.0.1:9000/photos/");
///
/// // Backblaze B2: s3.{region}.backblazeb2.com, signed for that region.
/// let b2 = Bucket::new(Endpoint::parse("https://s3.us-west-004.backblazeb2.com")?, "photos", "us-west-004", UrlStyle::VirtualHost)?;
/// assert_eq!(b2.url(), "https://photos.s3.us-west-004.backblazeb2.com/");
///
/// // DigitalOcean Spaces: {region}.digitaloceanspaces.com.
/// let spaces = Bucket::new(Endpoint::parse("https://nyc3.digitaloceanspaces.com")?, "photos", "nyc3", UrlStyle::VirtualHost)?;
/// assert_eq!(spaces.url(), "https://photos.nyc3.digitaloceanspaces.com/");
///
/// // Wasabi: s3.{region}.wasabisys.com (in us-east-1 also s3.wasabisys.com).
/// let wasabi = Bucket::new(Endpoint::parse("https://s3.eu-central-1.wasabisys.com")?, "photos", "eu-central-1", UrlStyle::VirtualHost)?;
/// assert_eq!(wasabi.url(), "https://photos.s3.eu-central-1.wasabisys.com/");
///
/// // Garage: the server's S3 API URL, the region of its s3_region
/// // setting (garage by default), path style.
/// let garage = Bucket::new(Endpoint::parse("http://localhost:3900")?, "photos", "garage", UrlStyle::Path)?;
/// assert_eq!(garage.url(), "http://localhost:3900/photos/");
/// # Ok::<(), presign::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub(super) https: bool,
    pub(super) host: String,
    pub(super) prefix: String,
}

impl Endpoint {
    /// Parses `http://` or `https://` URLs with a host, an optional port and
    /// an optional path prefix, into the form a browser or any other WHATWG
    /// URL parser (<https://url.spec.whatwg.org/#host-parsing>) would send:
    /// the `Host` that is signed is the `Host` that goes on the wire.
    ///
    /// - The scheme and host are lower-cased. A default port (`:80`,
    ///   `:443`) is dropped, as HTTP clients drop it from the `Host` header.
    /// - A name is made of labels of `a-z`, `0-9`, `-` and `_`, split by
    ///   `.`: each 1 to 63 bytes long, neither starting nor ending with `-`,
    ///   the whole at most 253 bytes, with no empty label (so no trailing
    ///   `.`). Labels starting `xn--` (internationalised names in punycode)
    ///   are refused: a URL parser decodes and checks them against the
    ///   Unicode IDNA tables, which this crate does not carry. Every name
    ///   accepted is one a WHATWG parser accepts and leaves unchanged.
    /// - A host whose last label is a number (decimal, `0x` hex, or octal
    ///   with a leading `0`) is an IPv4 address, as WHATWG parsers read it:
    ///   the shorthands `127.1`, `0x7f.0.0.1`, `0177.0.0.1`, `2130706433`
    ///   and `127.0.0.1.` all become `127.0.0.1`, the dotted quad a browser
    ///   sends; one that is not a valid address (`1.2.3.256`, `example.123`)
    ///   is refused.
    /// - An IPv6 address is in brackets and is written in the canonical
    ///   form WHATWG parsers serialise: lower-case hex, no leading zeros,
    ///   the first longest run of two or more zero groups as `::`, and an
    ///   embedded IPv4 address in hex (`[::FFFF:127.0.0.1]` becomes
    ///   `[::ffff:7f00:1]`). Zone ids (`%25eth0`) are refused.
    /// - The prefix holds only `A-Z a-z 0-9 - . _ ~` and `/`; its `.` and
    ///   `..` segments are resolved as a URL parser resolves them
    ///   (`/a/./b/../c` becomes `/a/c`, `..` stops at the root), and a
    ///   trailing `/` is dropped.
    ///
    /// Refused with [`Error::InvalidEndpoint`]: anything else, including a
    /// `user:password@` (a presigned URL must not carry credentials; the
    /// error shows the URL with them redacted), a query, a fragment, `\`,
    /// `%`-escapes, an empty or `//` segment in the prefix, and a port that
    /// is empty, `0` or above 65535.
    ///
    /// ```
    /// use presign::Endpoint;
    ///
    /// let e = Endpoint::parse("HTTP://LocalHost:9000/s3/./v1/../")?;
    /// assert_eq!((e.scheme(), e.host(), e.prefix()), ("http", "localhost:9000", "/s3"));
    /// assert_eq!(Endpoint::parse("http://127.1:9000")?.host(), "127.0.0.1:9000");
    /// assert_eq!(Endpoint::parse("http://[0:0::1]")?.host(), "[::1]");
    /// assert!(Endpoint::parse("https://a|b.example").is_err());
    /// # Ok::<(), presign::Error>(())
    /// ```
    pub fn parse(url: &str) -> Result<Self, Error> {
        let bad = || Error::InvalidEndpoint(redact_userinfo(url));
        let (https, rest) = if let Some(rest) = strip_prefix_ignore_case(url, "https://") {
            (true, rest)
        } else if let Some(rest) = strip_prefix_ignore_case(url, "http://") {
            (false, rest)
        } else {
            return Err(bad());
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let (name, port) = split_port(authority).ok_or_else(bad)?;
        let name = canonical_host(name).ok_or_else(bad)?;
        let default_port = if https { 443 } else { 80 };
        let host = match port {
            Some(p) if p != default_port => format!("{name}:{p}"),
            _ => name,
        };
        let prefix = canonical_prefix(path).ok_or_else(bad)?;
        Ok(Endpoint {
            https,
            host,
            prefix,
        })
    }

    /// AWS S3 in `region`: `https://s3.{region}.amazonaws.com`, or
    /// `https://s3.{region}.amazonaws.com.cn` in the China regions (`cn-*`).
    ///
    /// Refused with [`Error::InvalidRegion`]: a region that is not
    /// `[a-z0-9-]+`, or that would not be a valid host label: longer than
    /// 63 bytes, starting or ending with `-`, or starting with `xn--`.
    pub fn aws(region: &str) -> Result<Self, Error> {
        Self::aws_named("s3", region)
    }

    /// AWS S3's dual-stack (IPv4 and IPv6) endpoint in `region`:
    /// `https://s3.dualstack.{region}.amazonaws.com` (`.com.cn` in the
    /// China regions). Regions are checked as by [`Endpoint::aws`].
    ///
    /// ```
    /// use presign::{Bucket, Endpoint};
    ///
    /// let endpoint = Endpoint::aws_dualstack("eu-west-1")?;
    /// assert_eq!(endpoint.host(), "s3.dualstack.eu-west-1.amazonaws.com");
    /// let bucket = Bucket::aws_at(endpoint, "examplebucket", "eu-west-1")?;
    /// assert_eq!(bucket.url(), "https://examplebucket.s3.dualstack.eu-west-1.amazonaws.com/");
    /// # Ok::<(), presign::Error>(())
    /// ```
    pub fn aws_dualstack(region: &str) -> Result<Self, Error> {
        Self::aws_named("s3.dualstack", region)
    }

    /// AWS S3's FIPS endpoint in `region`:
    /// `https://s3-fips.{region}.amazonaws.com`. AWS runs FIPS endpoints in
    /// the US, Canada and GovCloud regions only; elsewhere the host does not
    /// resolve (the region is checked as by [`Endpoint::aws`], not against
    /// that list, which changes).
    pub fn aws_fips(region: &str) -> Result<Self, Error> {
        Self::aws_named("s3-fips", region)
    }

    /// AWS S3's FIPS dual-stack endpoint in `region`:
    /// `https://s3-fips.dualstack.{region}.amazonaws.com`.
    pub fn aws_fips_dualstack(region: &str) -> Result<Self, Error> {
        Self::aws_named("s3-fips.dualstack", region)
    }

    /// `https://{service}.{region}.amazonaws.com`, `.com.cn` in China.
    fn aws_named(service: &str, region: &str) -> Result<Self, Error> {
        if !is_scope_part(region) || !is_label(region) {
            return Err(Error::InvalidRegion(region.to_string()));
        }
        let suffix = if region.starts_with("cn-") { ".cn" } else { "" };
        Ok(Endpoint {
            https: true,
            host: format!("{service}.{region}.amazonaws.com{suffix}"),
            prefix: String::new(),
        })
    }

    /// Cloudflare R2's S3 endpoint for an account:
    /// `https://{account_id}.r2.cloudflarestorage.com`. Sign for the region
    /// `auto` (R2 also takes `us-east-1`).
    ///
    /// Refused with [`Error::InvalidEndpoint`]: an account id that is not
    /// one host label (R2's are 32 hex digits; upper case is lowered).
    ///
    /// ```
    /// use presign::{Bucket, Endpoint, UrlStyle};
    ///
    /// let endpoint = Endpoint::r2("0123456789abcdef0123456789abcdef")?;
    /// let bucket = Bucket::new(endpoint, "photos", "auto", UrlStyle::Path)?;
    /// assert_eq!(bucket.url(), "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com/photos/");
    /// # Ok::<(), presign::Error>(())
    /// ```
    pub fn r2(account_id: &str) -> Result<Self, Error> {
        let account = account_id.to_ascii_lowercase();
        if !is_label(&account) || account.contains('_') {
            return Err(Error::InvalidEndpoint(format!(
                "{account_id:?} (an R2 account id is one host label)"
            )));
        }
        Ok(Endpoint {
            https: true,
            host: format!("{account}.r2.cloudflarestorage.com"),
            prefix: String::new(),
        })
    }

    /// Google Cloud Storage's XML API, `https://storage.googleapis.com`,
    /// which takes SigV4 (`AWS4-HMAC-SHA256`) signed with an HMAC key.
    /// Sign for the region `auto` and the service `s3`: Cloud Storage reads
    /// the scope's location as any value, and documents `auto`.
    ///
    /// ```
    /// use presign::{Bucket, Endpoint, UrlStyle};
    ///
    /// let bucket = Bucket::new(Endpoint::gcs(), "example-bucket", "auto", UrlStyle::VirtualHost)?;
    /// assert_eq!(bucket.url(), "https://example-bucket.storage.googleapis.com/");
    /// # Ok::<(), presign::Error>(())
    /// ```
    pub fn gcs() -> Self {
        Endpoint {
            https: true,
            host: "storage.googleapis.com".to_string(),
            prefix: String::new(),
        }
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
        name.starts_with('[') || name.parse::<Ipv4Addr>().is_ok()
    }

    /// The path prefix, empty or starting with `/`, without a trailing `/`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }
}

/// The URL as an error may show it: with anything that could be a
/// `user:password@` replaced by `<redacted>`.
///
/// A URL parser ends the authority at the first `/`, `\`, `?` or `#`, but a
/// password written raw into a URL may hold any of these (most AWS secret
/// keys have a `/`), and the text after it is then no less secret. So when a
/// `:` comes before the last `@` (it may begin a password), everything up to
/// that `@` is hidden. Without a `:` there can be no password, and only an
/// `@` inside the authority begins the host: `https://host/a@b` has no
/// userinfo and is shown as it is.
fn redact_userinfo(url: &str) -> String {
    let start = scheme_end(url);
    let rest = &url[start..];
    let Some(last_at) = rest.rfind('@') else {
        return url.to_string();
    };
    let cut = if rest[..last_at].contains(':') {
        Some(last_at)
    } else {
        let authority = rest
            .find(['/', '\\', '?', '#'])
            .map_or(rest, |i| &rest[..i]);
        authority.rfind('@')
    };
    match cut {
        Some(at) => format!("{}<redacted>{}", &url[..start], &rest[at..]),
        None => url.to_string(),
    }
}

/// The length of a leading `scheme://`, or 0 if `url` does not start with
/// one (then everything before an `@` may be userinfo).
fn scheme_end(url: &str) -> usize {
    let Some(i) = url.find("://") else { return 0 };
    let scheme = url.as_bytes();
    let ok = i > 0
        && scheme[0].is_ascii_alphabetic()
        && scheme[..i]
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if ok {
        i + 3
    } else {
        0
    }
}

/// The host as a WHATWG URL parser serialises it, or `None` if this crate
/// does not accept it (see [`Endpoint::parse`]).
fn canonical_host(name: &str) -> Option<String> {
    if let Some(inner) = name.strip_prefix('[') {
        let inner = inner.strip_suffix(']')?;
        // std's parser takes only hex digits, `:` and `.`: no zone id.
        let addr: Ipv6Addr = inner.parse().ok()?;
        return Some(format!("[{}]", ipv6_to_string(&addr)));
    }
    let name = name.to_ascii_lowercase();
    let allowed =
        |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.');
    if name.is_empty() || !name.bytes().all(allowed) {
        return None;
    }
    if ends_in_a_number(&name) {
        return parse_ipv4(&name).map(|a| a.to_string());
    }
    let labels_ok = name.len() <= 253 && name.split('.').all(is_label);
    labels_ok.then_some(name)
}

/// A host label this crate accepts: 1 to 63 bytes of `a-z`, `0-9`, `-` and
/// `_`, neither starting nor ending with `-`, not an `xn--` (punycode)
/// label.
fn is_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !label.starts_with('-')
        && !label.ends_with('-')
        && !label.starts_with("xn--")
}

/// WHATWG's "ends in a number" checker: whether the host is to be parsed
/// as an IPv4 address (<https://url.spec.whatwg.org/#ends-in-a-number-checker>).
fn ends_in_a_number(host: &str) -> bool {
    let mut labels = host.rsplit('.');
    let last = match labels.next() {
        Some("") => match labels.next() {
            Some(last) => last,
            None => return false,
        },
        Some(last) => last,
        None => return false,
    };
    (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit())) || ipv4_number(last).is_some()
}

/// WHATWG's IPv4 number parser: decimal, `0x` hex or `0` octal; `None` for
/// anything else. Values too large for `u64` are `u64::MAX`, which every
/// caller refuses as it would the exact value.
fn ipv4_number(part: &str) -> Option<u64> {
    let (digits, radix) =
        if let Some(hex) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
            (hex, 16)
        } else if part.len() >= 2 && part.starts_with('0') {
            (&part[1..], 8)
        } else if part.is_empty() {
            return None;
        } else {
            (part, 10)
        };
    digits.bytes().try_fold(0u64, |n, b| {
        let d = char::from(b).to_digit(radix)?;
        Some(n.saturating_mul(radix.into()).saturating_add(d.into()))
    })
}

/// WHATWG's IPv4 parser (<https://url.spec.whatwg.org/#concept-ipv4-parser>):
/// one to four numbers split by `.`, with an optional trailing `.`; the
/// last fills the bytes the others leave.
fn parse_ipv4(host: &str) -> Option<Ipv4Addr> {
    let host = host.strip_suffix('.').unwrap_or(host);
    let parts: Vec<&str> = host.split('.').collect();
    if parts.len() > 4 {
        return None;
    }
    let numbers = parts
        .iter()
        .map(|p| ipv4_number(p))
        .collect::<Option<Vec<u64>>>()?;
    let (last, first) = numbers.split_last()?;
    if first.iter().any(|&n| n > 255) || *last >= 1u64 << (8 * (5 - numbers.len())) {
        return None;
    }
    let mut ip = *last;
    for (i, &n) in first.iter().enumerate() {
        ip += n << (8 * (3 - i));
    }
    u32::try_from(ip).ok().map(Ipv4Addr::from)
}

/// WHATWG's IPv6 serialiser (<https://url.spec.whatwg.org/#concept-ipv6-serializer>):
/// lower-case hex without leading zeros, the first longest run of two or
/// more zero groups written `::`, an embedded IPv4 address in hex too.
fn ipv6_to_string(addr: &Ipv6Addr) -> String {
    let groups = addr.segments();
    // The first longest run of zeros, as (start, length).
    let mut best = (0, 0);
    let mut i = 0;
    while i < 8 {
        let run = groups[i..].iter().take_while(|&&g| g == 0).count();
        if run > best.1 {
            best = (i, run);
        }
        i += run.max(1);
    }
    let hex = |gs: &[u16]| {
        gs.iter()
            .map(|g| format!("{g:x}"))
            .collect::<Vec<_>>()
            .join(":")
    };
    if best.1 < 2 {
        return hex(&groups);
    }
    let (start, len) = best;
    format!("{}::{}", hex(&groups[..start]), hex(&groups[start + len..]))
}

/// The path prefix with `.` and `..` segments resolved and no trailing
/// `/`, or `None` for a character other than `A-Z a-z 0-9 - . _ ~` and `/`,
/// or an empty segment (`//`) before the end.
fn canonical_prefix(path: &str) -> Option<String> {
    let trimmed = path.trim_end_matches('/');
    let allowed =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/');
    if !trimmed.bytes().all(allowed) || trimmed.contains("//") {
        return None;
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in trimmed.split('/').skip(1) {
        match segment {
            "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    Some(segments.iter().map(|s| format!("/{s}")).collect())
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
