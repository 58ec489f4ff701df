//! Interop with the [`http`](https://docs.rs/http/1) crate's types, behind
//! the `http` feature: sign an [`http::Request`] in place, presign from an
//! [`http::Method`] and an [`http::Uri`], and verify an [`http::Request`]
//! as a server received it.
//!
//! These are adapters: each takes the parts of the `http` value, hands them
//! to [`Signer::sign`], [`Signer::presign`] or [`Policy::verify`], and puts
//! the result back. Nothing else is rewritten: a request whose URI the
//! signer would write another way is refused with
//! [`Error::TargetMismatch`], never sent with a target other than the one
//! signed.

use ::http::header::HOST;
use ::http::uri::Authority;
use ::http::{HeaderName, HeaderValue, Method, Uri};
use core::time::Duration;

use crate::prelude::*;
use crate::sign::redact_target;
use crate::verify::{KeyStore, Policy, Received, Rejection, Verified};
use crate::{AmzDate, Credentials, Error, Payload, Request, Signer};

impl Signer {
    /// Signs an [`http::Request`] in place, at `time`: adds the headers of
    /// [`SignedRequest::headers`](crate::SignedRequest::headers) (the
    /// `Authorization` header, and `x-amz-date`, `x-amz-content-sha256` and
    /// `x-amz-security-token` where the request has none), and changes
    /// nothing else. `payload` is what the body hashes to (the body is not
    /// read: give [`Payload::Bytes`] of it, its hash, or
    /// [`Payload::Unsigned`]).
    ///
    /// The request is signed as it will be sent:
    /// - the host is the `Host` header, or without one the URI's authority,
    ///   which HTTP clients send as `Host` (both given: they must agree);
    /// - the path and query are the URI's, exactly: the signer writes the
    ///   request target it signs ([`crate::SignedRequest::target`]), and
    ///   when that differs from the URI's (a path or query parameter that
    ///   the signer encodes another way, such as `$` in an S3 key, which S3's
    ///   rules sign as `%24`), the request is refused with
    ///   [`Error::TargetMismatch`] rather than sent with a target other than
    ///   the one signed. The query's parameters may come in any order, and
    ///   `a` stands for `a=`; write them encoded as
    ///   [`uri_encode`](crate::uri_encode) encodes them;
    /// - every header is signed, with its values in the order the request
    ///   holds them.
    ///
    /// Refused with [`Error::InvalidUri`]: a URI with user info, an
    /// explicit default port (`:80` on `http`, `:443` on `https`: clients
    /// differ on whether they send it in `Host`), or neither an authority
    /// nor a `Host` header. A header value that is not UTF-8 is refused
    /// with [`Error::InvalidHeaderValue`].
    ///
    /// ```
    /// use presign::{AmzDate, Credentials, Payload, Signer};
    ///
    /// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
    /// let iam = Signer::new("us-east-1", "iam")?;
    /// let mut request = http::Request::get("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08")
    ///     .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
    ///     .body(())
    ///     .unwrap();
    /// iam.sign_http(&creds, &mut request, Payload::Empty, AmzDate::parse("20150830T123600Z")?)?;
    /// assert_eq!(
    ///     request.headers()["authorization"],
    ///     "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, \
    ///      SignedHeaders=content-type;host;x-amz-date, \
    ///      Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
    /// );
    /// assert_eq!(request.headers()["x-amz-date"], "20150830T123600Z");
    /// assert_eq!(request.uri(), "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08");
    /// # Ok::<(), presign::Error>(())
    /// ```
    pub fn sign_http<B>(
        &self,
        credentials: &Credentials,
        request: &mut ::http::Request<B>,
        payload: Payload<'_>,
        time: AmzDate,
    ) -> Result<(), Error> {
        let uri = request.uri();
        let headers =
            header_pairs(request.headers()).map_err(|name| Error::InvalidHeaderValue { name })?;
        let authority = uri
            .authority()
            .map(|a| checked_authority(uri, a))
            .transpose()?;
        let host_header = headers
            .iter()
            .find(|(name, _)| *name == HOST.as_str())
            .map(|&(_, value)| value.trim_matches([' ', '\t']));
        let host = match (host_header, authority) {
            (Some(header), Some(authority)) if !header.eq_ignore_ascii_case(authority) => {
                return Err(Error::ConflictingHeader(HOST.as_str().to_string()));
            }
            (Some(header), _) => header,
            (None, Some(authority)) => authority,
            (None, None) => {
                return Err(Error::InvalidUri(
                    "no authority and no Host header".to_string(),
                ))
            }
        };
        let query = decoded_query(uri)?;
        let pairs: Vec<(&str, &str)> = query.iter().map(|(n, v)| (&**n, &**v)).collect();
        let sent = uri.path_and_query().map_or("/", |pq| pq.as_str());
        let signed = self.sign(
            credentials,
            &Request {
                method: request.method().as_str(),
                host,
                path: uri.path(),
                query: &pairs,
                headers: &headers,
                payload,
            },
            time,
        )?;
        if !same_target(signed.target(), sent) {
            return Err(Error::TargetMismatch {
                sent: redact_target(sent),
                signed: redact_target(signed.target()),
            });
        }
        // Made before any is added: a failure leaves the request unchanged.
        let added = signed
            .headers()
            .map(|(name, value)| {
                let value =
                    HeaderValue::from_str(value).map_err(|_| Error::InvalidHeaderValue {
                        name: name.to_string(),
                    })?;
                Ok((HeaderName::from_static(name), value))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let map = request.headers_mut();
        for (name, mut value) in added {
            if name.as_str() == "authorization" || name.as_str() == "x-amz-security-token" {
                value.set_sensitive(true);
            }
            map.append(name, value);
        }
        Ok(())
    }

    /// Presigns a request of `method` to `uri` for `expires_in` (1 s to 7
    /// days) from `time`, and returns the URI to send it to: the given
    /// scheme and authority, then the request target of
    /// [`Signer::presign`]. The query's parameters are decoded and encoded
    /// again, with the `X-Amz-*` ones among them; under S3's rules the path
    /// is too. The signed host is the URI's authority.
    ///
    /// Refused with [`Error::InvalidUri`]: a URI that is not `http://` or
    /// `https://` with an authority, one with user info or an explicit
    /// default port, or whose query has an escape of bytes that are not
    /// UTF-8.
    ///
    /// ```
    /// use std::time::Duration;
    /// use presign::{AmzDate, Credentials, Signer};
    ///
    /// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
    /// let s3 = Signer::new("us-east-1", "s3")?;
    /// let uri: http::Uri = "https://examplebucket.s3.amazonaws.com/test.txt".parse().unwrap();
    /// let time = AmzDate::parse("20130524T000000Z")?;
    /// let url = s3.presign_http(&creds, &http::Method::GET, &uri, time, Duration::from_secs(86_400))?;
    /// assert!(url.to_string().ends_with(
    ///     "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
    /// ));
    /// # Ok::<(), presign::Error>(())
    /// ```
    pub fn presign_http(
        &self,
        credentials: &Credentials,
        method: &Method,
        uri: &Uri,
        time: AmzDate,
        expires_in: Duration,
    ) -> Result<Uri, Error> {
        let bad = |why: &str| Error::InvalidUri(why.to_string());
        let scheme = match uri.scheme_str() {
            Some(s) if s.eq_ignore_ascii_case("https") => "https",
            Some(s) if s.eq_ignore_ascii_case("http") => "http",
            _ => return Err(bad("not an http:// or https:// URI")),
        };
        let authority = uri.authority().ok_or_else(|| bad("no authority"))?;
        let host = checked_authority(uri, authority)?;
        let query = decoded_query(uri)?;
        let pairs: Vec<(&str, &str)> = query.iter().map(|(n, v)| (&**n, &**v)).collect();
        let target = self.presign(
            credentials,
            &Request {
                method: method.as_str(),
                host,
                path: uri.path(),
                query: &pairs,
                headers: &[],
                payload: Payload::Unsigned,
            },
            time,
            expires_in,
        )?;
        let url = format!("{scheme}://{host}{target}");
        url.parse()
            .map_err(|_| bad("the presigned URI does not parse as an http::Uri"))
    }
}

impl Policy {
    /// Verifies an [`http::Request`] as the server received it, at `now`:
    /// [`Policy::verify`] of its method, its URI's path and query as sent,
    /// and its headers (the URI's authority stands for a missing `Host`, as
    /// HTTP/2's `:authority` does). `payload` is as
    /// [`Received::payload`]: [`Payload::Unsigned`] for presigned S3 URLs.
    /// The body is not read: check it with [`Verified::check_body`].
    ///
    /// A header whose value is not UTF-8 is left out: no signature can
    /// cover it (signers sign text), so a signed one is refused as missing
    /// ([`Rejection::MissingSignedHeader`]) and an unsigned one is ignored.
    ///
    /// ```
    /// use std::time::Duration;
    /// use presign::verify::Policy;
    /// use presign::{AmzDate, Bucket, Credentials, Payload};
    ///
    /// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
    /// let now = AmzDate::parse("20130524T000000Z")?;
    /// let url = Bucket::aws("examplebucket", "us-east-1")?
    ///     .get_object("test.txt")
    ///     .presign(&creds, now, Duration::from_secs(60))?;
    ///
    /// // As a server receives it: the target, and a Host header.
    /// let target = &url["https://examplebucket.s3.us-east-1.amazonaws.com".len()..];
    /// let request = http::Request::get(target)
    ///     .header("Host", "examplebucket.s3.us-east-1.amazonaws.com")
    ///     .body(())
    ///     .unwrap();
    /// let policy = Policy::new("us-east-1", "s3")?;
    /// let verified = policy.verify_http(&request, Payload::Unsigned, &creds, now).expect("verifies");
    /// assert_eq!(verified.access_key_id, "AKIAIOSFODNN7EXAMPLE");
    /// # Ok::<(), presign::Error>(())
    /// ```
    pub fn verify_http<B>(
        &self,
        request: &::http::Request<B>,
        payload: Payload<'_>,
        keys: &(impl KeyStore + ?Sized),
        now: AmzDate,
    ) -> Result<Verified<'static>, Rejection> {
        let uri = request.uri();
        let mut headers: Vec<(&str, &str)> = request
            .headers()
            .iter()
            .filter_map(|(name, value)| Some((name.as_str(), utf8(value)?)))
            .collect();
        if !request.headers().contains_key(HOST) {
            if let Some(authority) = uri.authority() {
                headers.push((HOST.as_str(), authority.as_str()));
            }
        }
        let received = Received {
            method: request.method().as_str(),
            target: uri.path_and_query().map_or("/", |pq| pq.as_str()),
            headers: &headers,
            payload,
        };
        // The header pairs are this function's: what was verified is kept.
        self.verify(&received, keys, now).map(Verified::into_owned)
    }
}

/// The headers as `(name, value)` text, in the map's order (each value of
/// a repeated name in turn); `Err` with the name of a value that is not
/// UTF-8.
fn header_pairs(map: &::http::HeaderMap) -> Result<Vec<(&str, &str)>, String> {
    map.iter()
        .map(|(name, value)| {
            let value = utf8(value).ok_or_else(|| name.as_str().to_string())?;
            Ok((name.as_str(), value))
        })
        .collect()
}

/// A header value as text, when it is UTF-8 (`HeaderValue::to_str` takes
/// visible ASCII only; the signer takes UTF-8 text, as it signs bytes).
fn utf8(value: &HeaderValue) -> Option<&str> {
    core::str::from_utf8(value.as_bytes()).ok()
}

/// The authority as the signed host: refused with user info (which is not
/// sent in `Host`) or an explicit default port (which clients may drop).
fn checked_authority<'u>(uri: &Uri, authority: &'u Authority) -> Result<&'u str, Error> {
    let bad = |why: &str| Error::InvalidUri(why.to_string());
    if authority.as_str().contains('@') {
        return Err(bad("user info is not sent in Host: leave it out"));
    }
    let after_host = authority
        .as_str()
        .strip_prefix(authority.host())
        .unwrap_or_default();
    if !after_host.is_empty() && authority.port_u16().is_none() {
        // `user:pass/word@host` parses as the authority `user:pass`.
        return Err(bad("the authority's port is not a number"));
    }
    let default_port = match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("https") => Some(443),
        Some(s) if s.eq_ignore_ascii_case("http") => Some(80),
        _ => None,
    };
    if authority.port_u16().is_some() && authority.port_u16() == default_port {
        return Err(bad(
            "an explicit default port, which some clients leave out of Host: leave it out",
        ));
    }
    Ok(authority.as_str())
}

/// A query parameter, decoded.
type Param<'a> = (Cow<'a, str>, Cow<'a, str>);

/// The URI's query parameters, decoded; `a` is `a=`.
fn decoded_query(uri: &Uri) -> Result<Vec<Param<'_>>, Error> {
    let Some(query) = uri.query().filter(|q| !q.is_empty()) else {
        return Ok(Vec::new());
    };
    let decode = |text| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8()
            .map_err(|_| {
                Error::InvalidUri("a query escape of bytes that are not UTF-8".to_string())
            })
    };
    query
        .split('&')
        .map(|piece| {
            let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
            Ok((decode(name)?, decode(value)?))
        })
        .collect()
}

/// True when a server reads `sent` as the request target `signed`: the same
/// path, byte for byte, and the same query parameters, each encoded the
/// same, in any order (`a` standing for `a=`, as in the canonical query).
fn same_target(signed: &str, sent: &str) -> bool {
    split_target(signed) == split_target(sent)
}

/// A target's path, and its query's parameters sorted, each with its `=`.
fn split_target(target: &str) -> (&str, Vec<Cow<'_, str>>) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut pieces: Vec<Cow<'_, str>> = query
        .split('&')
        .filter(|_| !query.is_empty())
        .map(|p| {
            if p.contains('=') {
                Cow::Borrowed(p)
            } else {
                Cow::Owned(format!("{p}="))
            }
        })
        .collect();
    pieces.sort_unstable();
    (path, pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_the_same_with_parameters_in_any_order() {
        assert!(same_target("/a?x=1&y=", "/a?y&x=1"));
        assert!(same_target("/a", "/a"));
        assert!(!same_target("/a%24", "/a$"));
        assert!(!same_target("/a?x=%2B", "/a?x=+"));
        assert!(!same_target("/a?x=1", "/a?x=1&x=1"));
        assert!(!same_target("/a?x=1", "/a"));
    }
}
