//! S3-compatible endpoints: scheme, host, port and path prefix.

use crate::request::{check_host, is_scope_part};
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub(super) https: bool,
    pub(super) host: String,
    pub(super) prefix: String,
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
