//! Verifying SigV4 on the server side: presigned URLs, `Authorization`
//! headers and POST uploads, with S3's rules and error codes, and no HTTP
//! framework.
//!
//! A verifier recomputes the signature from the request as it was received
//! (the method, the path and query as sent, the headers as sent), through
//! the same canonical-request writer that signs, and compares it in
//! constant time.
//!
//! ```
//! use std::time::Duration;
//! use presign::verify::{Policy, Received};
//! use presign::{AmzDate, Bucket, Credentials, Payload};
//!
//! let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
//! let now = AmzDate::parse("20130524T000000Z")?;
//! let url = Bucket::aws("examplebucket", "us-east-1")?
//!     .get_object("test.txt")
//!     .presign(&creds, now, Duration::from_secs(86_400))?;
//! let target = &url["https://examplebucket.s3.us-east-1.amazonaws.com".len()..];
//!
//! // The server's side: the request as received, and the keys it knows.
//! let policy = Policy::new("us-east-1", "s3")?;
//! let received = Received {
//!     method: "GET",
//!     target,
//!     headers: &[("Host", "examplebucket.s3.us-east-1.amazonaws.com")],
//!     payload: Payload::Unsigned,
//! };
//! let verified = policy.verify(&received, &creds, now).expect("verifies");
//! assert_eq!(verified.access_key_id, "AKIAIOSFODNN7EXAMPLE");
//!
//! // The same URL used to upload is refused, with S3's code and status.
//! let put = Received { method: "PUT", ..received };
//! let refused = policy.verify(&put, &creds, now).unwrap_err();
//! assert_eq!((refused.code(), refused.status()), ("SignatureDoesNotMatch", 403));
//! # Ok::<(), presign::Error>(())
//! ```

mod error;
mod post;

use std::borrow::Cow;
use std::collections::HashMap;
use std::time::Duration;

use hmac::Mac;

pub use error::Rejection;
pub use post::PostForm;

use crate::canonical::{
    cmp_params, decode_signature, write_query, write_string_to_sign, CanonicalRequest, Hashing,
    Header, Param, QueryText, Scope, SignedHeaders, Uri, EMPTY_SHA256, UNSIGNED_PAYLOAD,
};
use crate::encode::{decode_path, encode_bytes_into, normalize_path};
use crate::few::Few;
use crate::request::is_scope_part;
use crate::{
    AmzDate, ContentSha256, Credentials, Error, PathRule, Payload, Rules, SessionToken, MAX_EXPIRY,
};

/// A request as the server received it.
#[derive(Debug, Clone, Copy)]
pub struct Received<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The request target as sent: the path, and after `?` the query
    /// string, not decoded (`/photos/cat%20a.jpg?X-Amz-Algorithm=...`).
    pub target: &'a str,
    /// The headers as received, in order; a name may repeat. The `Host`
    /// header must be among them (HTTP/2 servers: give `:authority` as
    /// `host`).
    pub headers: &'a [(&'a str, &'a str)],
    /// What the body hashes to when no `x-amz-content-sha256` header says:
    /// [`Payload::Unsigned`] for presigned S3 URLs, the body (or its hash,
    /// or [`Payload::Empty`]) for requests of other services.
    pub payload: Payload<'a>,
}

/// Where the verifier finds the credentials of an access key id: one
/// [`Credentials`], a slice or `Vec` of them, a map, or a type of the
/// caller's.
///
/// `Credentials` cache the signing keys they derive, so keeping them
/// between requests makes verification cost one HMAC more than hashing.
pub trait KeyStore {
    /// The credentials of `access_key_id`, when it is known.
    fn credentials(&self, access_key_id: &str) -> Option<&Credentials>;
}

impl KeyStore for Credentials {
    fn credentials(&self, access_key_id: &str) -> Option<&Credentials> {
        (self.access_key_id() == access_key_id).then_some(self)
    }
}

impl KeyStore for [Credentials] {
    fn credentials(&self, access_key_id: &str) -> Option<&Credentials> {
        self.iter().find(|c| c.access_key_id() == access_key_id)
    }
}

impl KeyStore for Vec<Credentials> {
    fn credentials(&self, access_key_id: &str) -> Option<&Credentials> {
        self.as_slice().credentials(access_key_id)
    }
}

impl<S: std::hash::BuildHasher> KeyStore for HashMap<String, Credentials, S> {
    fn credentials(&self, access_key_id: &str) -> Option<&Credentials> {
        self.get(access_key_id)
    }
}

impl<K: KeyStore + ?Sized> KeyStore for &K {
    fn credentials(&self, access_key_id: &str) -> Option<&Credentials> {
        (**self).credentials(access_key_id)
    }
}

/// What a verifier accepts: the regions and the service of the scope, the
/// clock skew, and the longest presigned lifetime.
///
/// The defaults are S3's: 15 minutes of skew either way, presigned URLs of
/// 1 second to 7 days, and the service's rules ([`Rules::for_service`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    regions: Vec<String>,
    /// For each region, the scope after the date as the string to sign
    /// holds it: `/region/service/aws4_request` and a line feed.
    tail_lines: Vec<String>,
    service: String,
    rules: Rules,
    clock_skew: Duration,
    max_expiry: Duration,
}

/// How a request was signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A presigned URL: the signature in the query.
    Presigned,
    /// An `Authorization` header.
    Header,
    /// A browser upload form's POST policy.
    Post,
}

/// What a verified request was signed with.
///
/// Its text is borrowed from the request where the request holds it as
/// written (as it does when signed by any common signer), and owned where
/// it had to be decoded; [`Verified::into_owned`] detaches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified<'a> {
    /// How it was signed.
    pub form: Form,
    /// The access key id of the credentials that signed it, as the
    /// request's credential names it.
    pub access_key_id: Cow<'a, str>,
    /// The signing time (`X-Amz-Date`).
    pub date: AmzDate,
    /// The region of the credential's scope.
    pub region: Cow<'a, str>,
    /// The service of the credential's scope.
    pub service: Cow<'a, str>,
    /// The headers the signature covers, lower case, sorted and separated
    /// by `;`, as the signature lists them (empty for POST uploads).
    pub signed_headers: Cow<'a, str>,
    /// When a presigned URL or a POST policy stops being valid.
    pub expires: Option<AmzDate>,
    /// The payload hash the signature covers, as the request claims it:
    /// the `x-amz-content-sha256` value, `UNSIGNED-PAYLOAD`, or the hash of
    /// [`Received::payload`]. The signature does not prove that the body
    /// has it: check it with [`Verified::check_body`] (POST uploads:
    /// `UNSIGNED-PAYLOAD`).
    pub payload_hash: Cow<'a, str>,
    /// The signature the request carried and the verifier recomputed, 64
    /// lower-case hex digits: the seed of a streaming upload's chunk
    /// signatures (see [`crate::chunked::ChunkDecoder`]). Not a secret.
    pub signature: Cow<'a, str>,
}

impl Verified<'_> {
    /// The same, owning all its text: to keep it after the request is gone.
    pub fn into_owned(self) -> Verified<'static> {
        let own = |text: Cow<'_, str>| Cow::Owned(text.into_owned());
        Verified {
            form: self.form,
            access_key_id: own(self.access_key_id),
            date: self.date,
            region: own(self.region),
            service: own(self.service),
            signed_headers: own(self.signed_headers),
            expires: self.expires,
            payload_hash: own(self.payload_hash),
            signature: own(self.signature),
        }
    }

    /// Checks that `body` is what the signature claims: its SHA-256 is the
    /// signed payload hash, or the payload is `UNSIGNED-PAYLOAD`. A
    /// streaming payload (`STREAMING-...`) is refused here: its chunks are
    /// signed one by one.
    pub fn check_body(&self, body: &[u8]) -> Result<(), Rejection> {
        if self.payload_hash == UNSIGNED_PAYLOAD {
            return Ok(());
        }
        let hash = crate::canonical::sha256_hex(body);
        if crate::encode::ascii(&hash) == self.payload_hash {
            Ok(())
        } else {
            Err(Rejection::ContentSha256Mismatch)
        }
    }
}

impl Policy {
    /// A policy for requests to `service` in `region`.
    pub fn new(region: &str, service: &str) -> Result<Self, Error> {
        Self::for_regions(&[region], service)
    }

    /// A policy for requests to `service` in any of `regions`.
    pub fn for_regions(regions: &[&str], service: &str) -> Result<Self, Error> {
        if let Some(bad) = regions.iter().find(|r| !is_scope_part(r)) {
            return Err(Error::InvalidRegion(bad.to_string()));
        }
        if regions.is_empty() {
            return Err(Error::InvalidRegion(String::new()));
        }
        if !is_scope_part(service) {
            return Err(Error::InvalidService(service.to_string()));
        }
        Ok(Policy {
            regions: regions.iter().map(|r| r.to_string()).collect(),
            tail_lines: regions
                .iter()
                .map(|r| format!("/{r}/{service}/aws4_request\n"))
                .collect(),
            service: service.to_string(),
            rules: Rules::for_service(service),
            clock_skew: Duration::from_secs(15 * 60),
            max_expiry: MAX_EXPIRY,
        })
    }

    /// The same policy with another clock skew: how far the signing time of
    /// a header-signed request may be from now, either way, and how far in
    /// the future a presigned URL may be dated.
    pub fn with_clock_skew(mut self, skew: Duration) -> Self {
        self.clock_skew = skew;
        self
    }

    /// The same policy with a shorter longest lifetime for presigned URLs
    /// (7 days, S3's, at most: a longer one is taken as 7 days).
    pub fn with_max_expiry(mut self, max: Duration) -> Self {
        self.max_expiry = max.min(MAX_EXPIRY);
        self
    }

    /// The same policy with other rules (see [`Rules`]).
    pub fn with_rules(mut self, rules: Rules) -> Self {
        self.rules = rules;
        self
    }

    /// Verifies a request signed either way: presigned (the signature in
    /// the query) or with an `Authorization` header.
    pub fn verify<'a>(
        &self,
        request: &Received<'a>,
        keys: &(impl KeyStore + ?Sized),
        now: AmzDate,
    ) -> Result<Verified<'a>, Rejection> {
        let target = request.target;
        let question = find_byte(target.as_bytes(), b'?');
        let (path, query) = (
            &target[..question],
            target.get(question + 1..).unwrap_or(""),
        );
        let received_query = RawQuery::split(query);
        let params = received_query.pairs.as_slice();
        let authorization = one_header(request.headers, "authorization")
            .map_err(|_| Rejection::MalformedHeader("more than one Authorization header".into()))?;
        let presigned = params
            .iter()
            .any(|&(name, _)| name == "X-Amz-Algorithm" || name == "X-Amz-Signature");
        match (authorization, presigned) {
            (Some(_), true) => Err(Rejection::SignedTwice),
            (None, true) => self.verify_presigned(request, path, &received_query, keys, now),
            (Some(authorization), false) => {
                self.verify_header(request, path, &received_query, authorization, keys, now)
            }
            (None, false) => Err(Rejection::NotSigned),
        }
    }

    fn verify_presigned<'a>(
        &self,
        request: &Received<'a>,
        path: &str,
        query: &RawQuery<'a>,
        keys: &(impl KeyStore + ?Sized),
        now: AmzDate,
    ) -> Result<Verified<'a>, Rejection> {
        let params = Presigning::find(query)?;
        // The credential as received: as every signer writes it, with its
        // `/`s as `%2F`, it is read without decoding, and what was
        // verified borrows from it.
        let raw = params.credential;
        if let Some(credential) =
            parse_credential(raw, "%2F").filter(|c| !has_escape(c.access_key_id))
        {
            return self.check_presigned(request, path, query, params, credential, keys, now);
        }
        let decoded = percent_decode(raw);
        let credential = parse_credential(&decoded, "/").ok_or_else(|| {
            Rejection::MalformedQuery(
                "X-Amz-Credential must be ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request"
                    .into(),
            )
        })?;
        self.check_presigned(request, path, query, params, credential, keys, now)
            .map(Verified::into_owned)
    }

    /// A presigned request's checks, once its credential is read.
    #[allow(clippy::too_many_arguments)]
    fn check_presigned<'c>(
        &self,
        request: &Received<'c>,
        path: &str,
        query: &RawQuery<'_>,
        params: Presigning<'c>,
        credential: Credential<'c>,
        keys: &(impl KeyStore + ?Sized),
        now: AmzDate,
    ) -> Result<Verified<'c>, Rejection> {
        let bad = |why: &str| Rejection::MalformedQuery(why.to_string());
        let time = read_param(params.date, |d| AmzDate::parse(d).ok())
            .ok_or_else(|| bad("X-Amz-Date must be YYYYMMDDTHHMMSSZ"))?;
        self.check_scope(&credential, time, Form::Presigned)?;
        let lifetime = read_param(params.expires, parse_expires)
            .filter(|&s| s <= self.max_expiry.as_secs())
            .ok_or_else(|| {
                Rejection::InvalidExpires(percent_decode(params.expires).into_owned())
            })?;
        let signed = parse_signed_headers(&params.signed_headers, Form::Presigned)?;

        let (now, date) = (now.unix_seconds(), time.unix_seconds());
        if date > now.saturating_add(skew_seconds(self.clock_skew)) {
            return Err(Rejection::NotYetValid);
        }
        let end = date.saturating_add(lifetime as i64);
        if end < now {
            return Err(Rejection::Expired);
        }
        let creds = self.credentials(keys, &credential, params.token.as_deref())?;

        // The payload: the signed `x-amz-content-sha256` header, or what
        // the caller says.
        let payload_hash = match signed.contains("x-amz-content-sha256") {
            true => one_signed_value(request.headers, "x-amz-content-sha256")?,
            false => payload_text(request.payload),
        };
        // The signature covers neither itself nor a session token that
        // the rules add after signing.
        let left_out: &[&str] = match self.rules.session_token {
            SessionToken::Signed => &["X-Amz-Signature"],
            SessionToken::AddedAfterSigning => &["X-Amz-Signature", "X-Amz-Security-Token"],
        };
        let given = read_param(params.signature, |s| decode_signature(s.as_bytes()))
            .ok_or(Rejection::SignatureDoesNotMatch)?;
        self.check_signature(
            creds,
            request,
            path,
            query.without(left_out),
            signed,
            &payload_hash,
            time,
            &credential,
            &given,
        )?;
        Ok(Verified {
            form: Form::Presigned,
            access_key_id: Cow::Borrowed(credential.access_key_id),
            date: time,
            region: Cow::Borrowed(credential.region),
            service: Cow::Borrowed(credential.service),
            signed_headers: params.signed_headers,
            expires: AmzDate::from_unix_seconds(end).ok(),
            payload_hash,
            // As received when it needed no decoding, else as decoded.
            signature: match params.signature.len() {
                64 => Cow::Borrowed(params.signature),
                _ => Cow::Owned(hex::encode(given)),
            },
        })
    }

    fn verify_header<'a>(
        &self,
        request: &Received<'a>,
        path: &str,
        query: &RawQuery<'_>,
        authorization: &'a str,
        keys: &(impl KeyStore + ?Sized),
        now: AmzDate,
    ) -> Result<Verified<'a>, Rejection> {
        let auth = parse_authorization(authorization)?;
        let credential = parse_credential(auth.credential, "/").ok_or_else(|| {
            Rejection::MalformedHeader(
                "Credential must be ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request".into(),
            )
        })?;
        // `x-amz-date`, or else a `Date` header in the same form.
        let date = match one_header(request.headers, "x-amz-date") {
            Ok(None) => one_header(request.headers, "date"),
            found => found,
        };
        let date = date.ok().flatten().ok_or_else(|| {
            Rejection::MalformedHeader("one x-amz-date (or Date) header is needed".into())
        })?;
        let time = AmzDate::parse(date.trim_matches([' ', '\t'])).map_err(|_| {
            Rejection::MalformedHeader("the signing time must be YYYYMMDDTHHMMSSZ".into())
        })?;
        self.check_scope(&credential, time, Form::Header)?;
        let signed = parse_signed_headers(auth.signed_headers, Form::Header)?;
        if time.unix_seconds().abs_diff(now.unix_seconds()) > self.clock_skew.as_secs() {
            return Err(Rejection::TimeTooSkewed);
        }
        let token = one_header(request.headers, "x-amz-security-token")
            .map_err(|_| Rejection::InvalidToken)?
            .map(|t| t.trim_matches([' ', '\t']));
        let creds = self.credentials(keys, &credential, token)?;

        let payload_hash = match one_header(request.headers, "x-amz-content-sha256") {
            Ok(Some(value)) => Cow::Borrowed(value.trim_matches([' ', '\t'])),
            Ok(None) if self.rules.content_sha256 == ContentSha256::Header => {
                return Err(Rejection::MissingContentSha256)
            }
            Ok(None) => payload_text(request.payload),
            Err(()) => return Err(Rejection::SignatureDoesNotMatch),
        };
        let given =
            decode_signature(auth.signature.as_bytes()).ok_or(Rejection::SignatureDoesNotMatch)?;
        self.check_signature(
            creds,
            request,
            path,
            query.without(&[]),
            signed,
            &payload_hash,
            time,
            &credential,
            &given,
        )?;
        Ok(Verified {
            form: Form::Header,
            access_key_id: Cow::Borrowed(credential.access_key_id),
            date: time,
            region: Cow::Borrowed(credential.region),
            service: Cow::Borrowed(credential.service),
            signed_headers: Cow::Borrowed(signed.0),
            expires: None,
            payload_hash,
            signature: Cow::Borrowed(auth.signature),
        })
    }

    /// The scope line's tail of one of the policy's regions.
    fn tail_line(&self, region: &str) -> &str {
        let i = self.regions.iter().position(|r| r == region).unwrap_or(0);
        &self.tail_lines[i]
    }

    /// The scope: the policy's region and service, and the date of the
    /// signing time.
    fn check_scope(
        &self,
        credential: &Credential<'_>,
        time: AmzDate,
        form: Form,
    ) -> Result<(), Rejection> {
        if credential.date != time.date() {
            return Err(Rejection::CredentialDateMismatch { form });
        }
        if !self.regions.iter().any(|r| r == credential.region) {
            return Err(Rejection::WrongRegion {
                given: credential.region.to_string(),
                expected: self.regions[0].clone(),
                form,
            });
        }
        if credential.service != self.service {
            return Err(Rejection::WrongService {
                given: credential.service.to_string(),
                expected: self.service.clone(),
                form,
            });
        }
        Ok(())
    }

    /// The credentials of the access key, with the session token they
    /// need, if any.
    fn credentials<'k>(
        &self,
        keys: &'k (impl KeyStore + ?Sized),
        credential: &Credential<'_>,
        token: Option<&str>,
    ) -> Result<&'k Credentials, Rejection> {
        let creds = keys
            .credentials(credential.access_key_id)
            .ok_or_else(|| Rejection::UnknownAccessKey(credential.access_key_id.to_string()))?;
        if creds.session_token() != token {
            return Err(Rejection::InvalidToken);
        }
        Ok(creds)
    }

    /// Recomputes the signature from the request as received, and compares
    /// it with the one given, in constant time.
    ///
    /// The path and query are first taken as they were received, as every
    /// signer writes them (canonically encoded, parameters in order, the
    /// signature last); only when that signature does not match are they
    /// decoded and encoded again. The shortcut cannot accept what the exact
    /// reading refuses: a text it signs that the exact reading would write
    /// otherwise is no canonical request, which no signer signs.
    #[allow(clippy::too_many_arguments)]
    fn check_signature(
        &self,
        creds: &Credentials,
        request: &Received<'_>,
        path: &str,
        query: QueryView<'_>,
        signed: SignedList<'_>,
        payload_hash: &str,
        time: AmzDate,
        credential: &Credential<'_>,
        given: &[u8; 32],
    ) -> Result<(), Rejection> {
        // A signer signs a path that starts with `/` (an HTTP request's
        // origin form); normalising must not make one of `a` or ``.
        if !path.starts_with('/') {
            return Err(Rejection::SignatureDoesNotMatch);
        }
        // The headers the signature covers, in the list's order (sorted),
        // each name's values in the order received.
        let mut headers: Few<Header<'_>, INLINE> = Few::new(Header::EMPTY);
        for name in signed.names() {
            let before = headers.as_slice().len();
            for &(_, value) in request
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                headers.push(Header::given(name, value));
            }
            if headers.as_slice().len() == before {
                return Err(Rejection::MissingSignedHeader(name.to_string()));
            }
        }
        let headers = headers.as_slice();
        let scope = Scope {
            date: credential.date,
            tail_line: self.tail_line(credential.region),
        };
        let matches = |uri: Uri<'_>, canonical_query: &str| {
            let canonical = CanonicalRequest {
                method: request.method,
                uri,
                query: canonical_query,
                headers: SignedHeaders::Sorted(headers),
                payload_hash,
            };
            let key = creds.scoped_mac(scope.date, scope.tail());
            signature_is(key, &canonical, time, scope, given)
        };

        // As received.
        let normalized = match self.rules.path {
            PathRule::Normalized => normalize_path(path),
            PathRule::S3 | PathRule::Unnormalized => Cow::Borrowed(path),
        };
        let uri = |path| match self.rules.path {
            PathRule::S3 => Uri::Canonical(path),
            PathRule::Normalized | PathRule::Unnormalized => Uri::EncodeAgain(path),
        };
        let mut written = String::new();
        let received_query = query.as_received(&mut written);
        if matches(uri(&normalized), received_query) {
            return Ok(());
        }
        // Decoded and encoded again.
        let mut s3_path = String::new();
        let exact_path = match self.rules.path {
            PathRule::S3 => {
                encode_bytes_into(&mut s3_path, &decode_path(path), true);
                &s3_path
            }
            PathRule::Normalized | PathRule::Unnormalized => &*normalized,
        };
        let exact_query = query.canonical();
        let same = exact_path == &*normalized && exact_query == received_query;
        if !same && matches(uri(exact_path), &exact_query) {
            return Ok(());
        }
        Err(Rejection::SignatureDoesNotMatch)
    }
}

/// True when `given` is the signature of `canonical` at `time` in `scope`,
/// compared in constant time (`verify_slice`). Out of line: the signer's
/// hot path keeps its own inlined copy of the hashing.
#[inline(never)]
fn signature_is(
    key: crate::key::HmacSha256,
    canonical: &CanonicalRequest<'_>,
    time: AmzDate,
    scope: Scope<'_>,
    given: &[u8; 32],
) -> bool {
    let request_hash = canonical.hash();
    let mut mac = Hashing(key);
    write_string_to_sign(&mut mac, time.stamp(), scope, &request_hash);
    mac.0.verify_slice(given).is_ok()
}

/// Room for this many query parameters or signed headers on the stack
/// before the verifier falls back to the heap: a presigned URL has six to
/// eight, a signature covers two to six headers.
const INLINE: usize = 8;

/// A query string as received, split into its parameters.
struct RawQuery<'a> {
    text: &'a str,
    /// Each parameter's name and value, as received; a parameter without
    /// `=` has an empty value, and empty pieces between `&`s are skipped.
    pairs: Few<Param<'a>, INLINE>,
    /// True when the text is the pairs joined by `&`, each with its `=`.
    as_written: bool,
}

impl<'a> RawQuery<'a> {
    fn split(text: &'a str) -> Self {
        let mut query = RawQuery {
            text,
            pairs: Few::new(("", "")),
            as_written: true,
        };
        // A `&` ends a piece, the first `=` in it ends the name.
        let b = text.as_bytes();
        let mut start = 0;
        loop {
            let end = start + find_byte(&b[start..], b'&');
            let equals = start + find_byte(&b[start..end], b'=');
            query.push(start, (equals < end).then_some(equals), end);
            if end == b.len() {
                return query;
            }
            start = end + 1;
        }
    }

    /// Adds the piece `text[start..end]`, whose first `=` is at `equals`.
    fn push(&mut self, start: usize, equals: Option<usize>, end: usize) {
        match equals {
            Some(eq) => self
                .pairs
                .push((&self.text[start..eq], &self.text[eq + 1..end])),
            None if start == end => self.as_written = false,
            None => {
                self.pairs.push((&self.text[start..end], ""));
                self.as_written = false;
            }
        }
    }

    /// The parameters but those named in `left_out`.
    fn without(&'a self, left_out: &'a [&'a str]) -> QueryView<'a> {
        QueryView {
            query: self,
            left_out,
        }
    }
}

/// The parameters of a received query that a signature covers.
#[derive(Clone, Copy)]
struct QueryView<'q> {
    query: &'q RawQuery<'q>,
    /// The names of the parameters the signature does not cover: the
    /// signature, and a session token added after signing.
    left_out: &'q [&'q str],
}

impl<'q> QueryView<'q> {
    fn is_left_out(&self, name: &str) -> bool {
        self.left_out.contains(&name)
    }

    fn pairs(&self) -> impl Iterator<Item = Param<'q>> + '_ {
        self.query
            .pairs
            .as_slice()
            .iter()
            .copied()
            .filter(|&(name, _)| !self.is_left_out(name))
    }

    /// The canonical query string if the parameters are canonically
    /// encoded already: the received text less the left-out parameters,
    /// when they come last and the rest are in order, as signers write
    /// them; else the parameters sorted and joined, written into `room`.
    fn as_received<'r>(&self, room: &'r mut String) -> &'r str
    where
        'q: 'r,
    {
        let pairs = self.query.pairs.as_slice();
        let kept = pairs.len()
            - pairs
                .iter()
                .rev()
                .take_while(|(name, _)| self.is_left_out(name))
                .count();
        let (rest, tail) = pairs.split_at(kept);
        let cut: usize = tail.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
        let text = self.query.text;
        let received = &text[..text.len().saturating_sub(cut).min(text.len())];
        let in_order = rest.windows(2).all(|w| cmp_params(&w[0], &w[1]).is_lt());
        let no_other = !rest.iter().any(|(n, _)| self.is_left_out(n));
        if self.query.as_written && in_order && no_other {
            return received;
        }
        let mut sorted: Vec<Param<'_>> = self.pairs().collect();
        sorted.sort_unstable_by(cmp_params);
        write_query(room, &sorted, QueryText::Encoded, None);
        room
    }

    /// The canonical query string of the parameters, each decoded and
    /// encoded again.
    fn canonical(&self) -> String {
        let encoded: Vec<(Cow<'_, str>, Cow<'_, str>)> = self
            .pairs()
            .map(|(n, v)| (canonical_encoding(n), canonical_encoding(v)))
            .collect();
        let mut sorted: Vec<Param<'_>> = encoded.iter().map(|(n, v)| (&**n, &**v)).collect();
        sorted.sort_unstable_by(cmp_params);
        let mut out = String::with_capacity(self.query.text.len() + 16);
        write_query(&mut out, &sorted, QueryText::Encoded, None);
        out
    }
}

/// The presigning parameters of a query, each found once: as received,
/// but for the signed headers and the token, decoded.
struct Presigning<'a> {
    credential: &'a str,
    date: &'a str,
    expires: &'a str,
    signed_headers: Cow<'a, str>,
    signature: &'a str,
    token: Option<Cow<'a, str>>,
}

impl<'a> Presigning<'a> {
    /// Finds the `X-Amz-*` parameters: each at most once, all but the
    /// session token needed, and the algorithm `AWS4-HMAC-SHA256`.
    fn find(query: &RawQuery<'a>) -> Result<Self, Rejection> {
        let bad = |why: &str| Rejection::MalformedQuery(why.to_string());
        const NAMES: [&str; 7] = [
            "X-Amz-Algorithm",
            "X-Amz-Credential",
            "X-Amz-Date",
            "X-Amz-Expires",
            "X-Amz-SignedHeaders",
            "X-Amz-Signature",
            "X-Amz-Security-Token",
        ];
        let slot = |name: &str| NAMES.iter().position(|&n| n == name);
        let mut found: [Option<&'a str>; 7] = [None; 7];
        for &(name, value) in query.pairs.as_slice() {
            // A name is matched as received, or decoded if it is encoded.
            let index = slot(name).or_else(|| {
                has_escape(name)
                    .then(|| slot(&percent_decode(name)))
                    .flatten()
            });
            if let Some(i) = index {
                if found[i].replace(value).is_some() {
                    return Err(bad(&format!("{} is given more than once", NAMES[i])));
                }
            }
        }
        let needed = |i: usize| found[i].ok_or_else(|| bad(&format!("{} is missing", NAMES[i])));
        let algorithm = needed(0)?;
        if read_param(algorithm, |a| (a == "AWS4-HMAC-SHA256").then_some(())).is_none() {
            return Err(Rejection::UnsupportedAlgorithm {
                algorithm: percent_decode(algorithm).into_owned(),
                form: Form::Presigned,
            });
        }
        Ok(Presigning {
            credential: needed(1)?,
            date: needed(2)?,
            expires: needed(3)?,
            signed_headers: percent_decode(needed(4)?),
            signature: needed(5)?,
            token: found[6].map(percent_decode),
        })
    }
}

/// A parameter read by `parse`, which refuses every text with a `%`: as
/// received, or, when that fails and it has escapes, decoded. The text as
/// signers write it is read once, without a decoding pass.
fn read_param<T>(raw: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
    parse(raw).or_else(|| {
        has_escape(raw)
            .then(|| parse(&percent_decode(raw)))
            .flatten()
    })
}

/// Seconds of skew, as a signed count.
fn skew_seconds(skew: Duration) -> i64 {
    i64::try_from(skew.as_secs()).unwrap_or(i64::MAX)
}

/// The payload hash a [`Payload`] stands for.
fn payload_text(payload: Payload<'_>) -> Cow<'_, str> {
    match payload {
        Payload::Empty => Cow::Borrowed(EMPTY_SHA256),
        Payload::Unsigned => Cow::Borrowed(UNSIGNED_PAYLOAD),
        Payload::Hash(h) => Cow::Borrowed(h),
        Payload::Bytes(b) => {
            Cow::Owned(crate::encode::ascii(&crate::canonical::sha256_hex(b)).to_string())
        }
    }
}

/// A credential: `AKID/YYYYMMDD/region/service/aws4_request`.
struct Credential<'a> {
    access_key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
}

/// Parses a credential: five parts between `separator`s (`/`, or `%2F` in
/// a query as received), the first a non-empty access key id.
fn parse_credential<'a>(credential: &'a str, separator: &str) -> Option<Credential<'a>> {
    let mut parts = [""; 5];
    let mut rest = credential;
    for part in &mut parts[..4] {
        let end = find_text(rest, separator)?;
        *part = &rest[..end];
        rest = &rest[end + separator.len()..];
    }
    parts[4] = rest;
    let [access_key_id, date, region, service, terminal] = parts;
    let date_ok = date.len() == 8 && crate::request::all_bytes(date, |b| b.is_ascii_digit());
    let ok = terminal == "aws4_request"
        && date_ok
        && is_scope_part(region)
        && is_scope_part(service)
        && !access_key_id.is_empty();
    ok.then_some(Credential {
        access_key_id,
        date,
        region,
        service,
    })
}

/// `X-Amz-Expires`: 1 to 604800 seconds, in decimal digits.
fn parse_expires(expires: &str) -> Option<u64> {
    let digits =
        !expires.is_empty() && expires.len() <= 7 && expires.bytes().all(|b| b.is_ascii_digit());
    if !digits {
        return None;
    }
    let seconds = expires
        .bytes()
        .fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'));
    (1..=MAX_EXPIRY.as_secs())
        .contains(&seconds)
        .then_some(seconds)
}

/// A signed-headers list, checked: lower-case names, sorted, no repeats,
/// `host` among them.
fn parse_signed_headers(list: &str, form: Form) -> Result<SignedList<'_>, Rejection> {
    let mut last: Option<&str> = None;
    let mut host = false;
    let ok = SignedList(list).names().all(|name| {
        let lower = crate::request::is_token(name) && !name.bytes().any(|b| b.is_ascii_uppercase());
        let after = last.is_none_or(|last| last < name);
        host |= name == "host";
        last = Some(name);
        lower && after
    });
    if ok && host {
        Ok(SignedList(list))
    } else {
        Err(Rejection::MalformedSignedHeaders {
            list: list.to_string(),
            form,
        })
    }
}

/// A checked signed-headers list: `host;range;x-amz-date`.
#[derive(Clone, Copy)]
struct SignedList<'a>(&'a str);

impl<'a> SignedList<'a> {
    /// The names between the `;`s.
    fn names(self) -> impl Iterator<Item = &'a str> {
        let mut rest = Some(self.0);
        std::iter::from_fn(move || {
            let text = rest?;
            let end = find_byte(text.as_bytes(), b';');
            rest = text.get(end + 1..);
            Some(&text[..end])
        })
    }

    fn contains(self, name: &str) -> bool {
        self.names().any(|n| n == name)
    }
}

/// The value of a header that may appear once: `Ok(None)` when absent,
/// `Err` when repeated.
fn one_header<'a>(headers: &[(&str, &'a str)], name: &str) -> Result<Option<&'a str>, ()> {
    let mut found = headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name));
    match (found.next(), found.next()) {
        (None, _) => Ok(None),
        (Some(&(_, value)), None) => Ok(Some(value)),
        (Some(_), Some(_)) => Err(()),
    }
}

/// The value of a signed header that may appear once, trimmed.
fn one_signed_value<'a>(
    headers: &[(&str, &'a str)],
    name: &str,
) -> Result<Cow<'a, str>, Rejection> {
    match one_header(headers, name) {
        Ok(Some(value)) => Ok(Cow::Borrowed(value.trim_matches([' ', '\t']))),
        Ok(None) => Err(Rejection::MissingSignedHeader(name.to_string())),
        Err(()) => Err(Rejection::SignatureDoesNotMatch),
    }
}

/// The parts of an `Authorization` header.
struct Authorization<'a> {
    credential: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

/// Parses `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`
/// (the three in any order, each once).
fn parse_authorization(value: &str) -> Result<Authorization<'_>, Rejection> {
    let value = value.trim_matches([' ', '\t']);
    let (algorithm, rest) = value.split_once(' ').unwrap_or((value, ""));
    if algorithm != "AWS4-HMAC-SHA256" {
        return Err(Rejection::UnsupportedAlgorithm {
            algorithm: algorithm.to_string(),
            form: Form::Header,
        });
    }
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let part = part.trim_matches([' ', '\t']);
        let (name, value) = part
            .split_once('=')
            .ok_or_else(|| Rejection::MalformedHeader(format!("{part:?} is not NAME=VALUE")))?;
        let slot = match name {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => return Err(Rejection::MalformedHeader(format!("unknown part {name:?}"))),
        };
        if slot.replace(value).is_some() {
            return Err(Rejection::MalformedHeader(format!(
                "{name} is given more than once"
            )));
        }
    }
    match (credential, signed_headers, signature) {
        (Some(credential), Some(signed_headers), Some(signature)) => Ok(Authorization {
            credential,
            signed_headers,
            signature,
        }),
        _ => Err(Rejection::MalformedHeader(
            "Credential, SignedHeaders and Signature are all needed".into(),
        )),
    }
}

/// How a byte of a query string is read.
const QUERY_BYTE: [u8; 256] = {
    let mut class = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~') {
            class[b] = PLAIN;
        }
        b += 1;
    }
    class[b'%' as usize] = PERCENT;
    class[b'&' as usize] = AMPERSAND;
    class[b'=' as usize] = EQUALS;
    class
};
const PLAIN: u8 = 0;
const PERCENT: u8 = 1;
const AMPERSAND: u8 = 2;
const EQUALS: u8 = 3;
const OTHER: u8 = 4;

/// `raw` in SigV4's canonical encoding: unreserved characters as they are,
/// every other byte as `%XX` with upper-case hex.
fn canonical_encoding(raw: &str) -> Cow<'_, str> {
    let b = raw.as_bytes();
    let mut i = 0;
    let canonical = loop {
        i += plain_run(&b[i..]);
        match b.get(i) {
            None => break true,
            // An upper-case escape of a byte that is not unreserved.
            Some(b'%') => match (upper_hex(b.get(i + 1)), upper_hex(b.get(i + 2))) {
                (Some(high), Some(low)) if !crate::encode::is_unreserved(high << 4 | low) => i += 3,
                _ => break false,
            },
            Some(_) => break false,
        }
    };
    if canonical {
        return Cow::Borrowed(raw);
    }
    let mut encoded = String::with_capacity(3 * raw.len());
    crate::encode::encode_into(&mut encoded, &percent_decode(raw), false);
    Cow::Owned(encoded)
}

/// The length of the run of unreserved bytes `b` starts with.
fn plain_run(b: &[u8]) -> usize {
    b.iter()
        .position(|&c| QUERY_BYTE[usize::from(c)] != PLAIN)
        .unwrap_or(b.len())
}

/// The value of an upper-case hex digit.
fn upper_hex(c: Option<&u8>) -> Option<u8> {
    match *c? {
        c @ b'0'..=b'9' => Some(c - b'0'),
        c @ b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Where `needle` (not empty) first stands in `hay`.
fn find_text(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let mut from = 0;
    loop {
        let at = from + find_byte(&h[from..], n[0]);
        let candidate = h.get(at..at + n.len())?;
        // Byte by byte: needles are one to three bytes long.
        if candidate.iter().zip(n).all(|(a, b)| a == b) {
            return Some(at);
        }
        from = at + 1;
    }
}

/// The index of the first `byte` in `b`, or `b.len()`. Eight bytes are
/// tested at a time (the zero-byte test of `x ^ pattern`, whose lowest
/// flagged byte is the first match), so long values such as signatures
/// and credentials are passed over in a few steps.
fn find_byte(b: &[u8], byte: u8) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let pattern = ONES * u64::from(byte);
    let mut chunks = b.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default()) ^ pattern;
        let flagged = word.wrapping_sub(ONES) & !word & HIGHS;
        if flagged != 0 {
            return at + (flagged.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let rest = chunks.remainder();
    at + rest.iter().position(|&c| c == byte).unwrap_or(rest.len())
}

/// True when `s` holds a `%`.
fn has_escape(s: &str) -> bool {
    find_byte(s.as_bytes(), b'%') < s.len()
}

/// `s` with its `%XX` escapes decoded; a `%` that starts none is kept.
/// Text that is not UTF-8 once decoded is read with U+FFFD in its place:
/// no SigV4 signer of UTF-8 text could have signed it.
fn percent_decode(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    let first = find_byte(b, b'%');
    if first == b.len() {
        return Cow::Borrowed(s);
    }
    let mut out = Vec::with_capacity(b.len());
    let mut rest = b;
    loop {
        let at = find_byte(rest, b'%');
        out.extend_from_slice(&rest[..at]);
        if at == rest.len() {
            break;
        }
        match (hex_digit(rest.get(at + 1)), hex_digit(rest.get(at + 2))) {
            (Some(high), Some(low)) => {
                out.push(high << 4 | low);
                rest = &rest[at + 3..];
            }
            _ => {
                out.push(b'%');
                rest = &rest[at + 1..];
            }
        }
    }
    match String::from_utf8(out) {
        Ok(text) => Cow::Owned(text),
        Err(e) => Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

/// The value of a hex digit, either case.
fn hex_digit(c: Option<&u8>) -> Option<u8> {
    match *c? {
        c @ b'0'..=b'9' => Some(c - b'0'),
        c @ b'a'..=b'f' => Some(c - b'a' + 10),
        c @ b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_found_where_a_plain_search_finds_them() {
        // Every position of the match in texts of 0 to 40 bytes, with
        // bytes on either side that a borrow in the word test could flag
        // (0x00, 0x01, the byte + 1, 0x80, 0xFF), and texts without it.
        for len in 0..40 {
            for filler in [b'a', 0x00, 0x01, b'&' + 1, 0x80, 0xFF] {
                let mut text = vec![filler; len];
                assert_eq!(find_byte(&text, b'&'), len, "{len} {filler:#x}: none");
                for at in 0..len {
                    text[at] = b'&';
                    if at + 1 < len {
                        text[at + 1] = b'&';
                    }
                    assert_eq!(find_byte(&text, b'&'), at, "{len} {filler:#x} {at}");
                    text[at] = filler;
                    if at + 1 < len {
                        text[at + 1] = filler;
                    }
                }
            }
        }
    }

    #[test]
    fn signatures_are_64_lower_case_hex_digits() {
        let good = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
        assert_eq!(
            decode_signature(good.as_bytes())
                .map(hex::encode)
                .as_deref(),
            Some(good)
        );
        // Every byte in each place: only 0-9 and a-f are digits.
        for at in [0, 1, 62, 63] {
            for byte in 0..=255u8 {
                let mut digits = good.as_bytes().to_vec();
                digits[at] = byte;
                let Ok(text) = std::str::from_utf8(&digits) else {
                    continue;
                };
                let expected =
                    matches!(byte, b'0'..=b'9' | b'a'..=b'f').then(|| hex::decode(text).unwrap());
                assert_eq!(
                    decode_signature(text.as_bytes()).map(|b| b.to_vec()),
                    expected,
                    "{byte:#x} at {at}"
                );
            }
        }
        for bad in ["", &good[1..], &format!("{good}0"), &good.to_uppercase()] {
            assert_eq!(decode_signature(bad.as_bytes()), None, "{bad}");
        }
    }

    #[test]
    fn credentials_parse_from_the_right() {
        let c = parse_credential("AKID/20150830/us-east-1/iam/aws4_request", "/").unwrap();
        assert_eq!(
            (c.access_key_id, c.date, c.region, c.service),
            ("AKID", "20150830", "us-east-1", "iam")
        );
        for bad in [
            "",
            "AKID/20150830/us-east-1/iam",
            "/20150830/us-east-1/iam/aws4_request",
            "AKID/2015083/us-east-1/iam/aws4_request",
            "AKID/20150830/US/iam/aws4_request",
            "AKID/20150830/us-east-1/iam/aws4_request2",
            "AKID/20150830//iam/aws4_request",
        ] {
            assert!(parse_credential(bad, "/").is_none(), "{bad}");
            let encoded = bad.replace('/', "%2F");
            assert!(parse_credential(&encoded, "%2F").is_none(), "{encoded}");
        }
        // As received: `/` written `%2F`.
        let c = parse_credential("AK%2BID%2F20150830%2Fus-east-1%2Fiam%2Faws4_request", "%2F");
        let c = c.unwrap();
        assert_eq!(
            (c.access_key_id, c.date, c.region, c.service),
            ("AK%2BID", "20150830", "us-east-1", "iam")
        );
        assert!(parse_credential("AKID/20150830/us-east-1/iam/aws4_request/x", "/").is_none());
    }

    #[test]
    fn signed_headers_must_be_sorted_lower_case_and_hold_host() {
        assert!(parse_signed_headers("content-type;host;x-amz-date", Form::Header).is_ok());
        for bad in [
            "",
            "Host",
            "x-amz-date;host",
            "host;host",
            "date",
            "host;",
            ";host",
        ] {
            assert!(parse_signed_headers(bad, Form::Header).is_err(), "{bad}");
        }
        for list in [
            "",
            ";",
            "host",
            "host;",
            ";host",
            "a;b;;c",
            "content-type;host;x-amz-date",
        ] {
            let names: Vec<&str> = SignedList(list).names().collect();
            assert_eq!(names, list.split(';').collect::<Vec<_>>(), "{list:?}");
        }
    }

    #[test]
    fn expiries_are_whole_seconds_up_to_seven_days() {
        assert_eq!(parse_expires("1"), Some(1));
        assert_eq!(parse_expires("604800"), Some(604_800));
        for bad in [
            "0",
            "604801",
            "",
            "-1",
            "+5",
            "1.5",
            "99999999999999999999",
            " 60",
        ] {
            assert_eq!(parse_expires(bad), None, "{bad}");
        }
    }

    #[test]
    fn queries_are_read_as_received_and_in_canonical_encoding() {
        let query = RawQuery::split("a=b%20c&uploads&&x=1+2&%41=%zz&%c3%a9=%2f&t=%7E&q=%2");
        assert!(!query.as_written);
        let exact = query.without(&[]).canonical();
        // Sorted by encoded name, byte by byte: `%` before letters.
        assert_eq!(
            exact,
            "%C3%A9=%2F&A=%25zz&a=b%20c&q=%252&t=~&uploads=&x=1%2B2"
        );
        // Canonical text is borrowed as received.
        assert!(matches!(
            canonical_encoding("AKID%2F2015"),
            Cow::Borrowed(_)
        ));
        assert_eq!(percent_decode("a%2Fb%zz%4"), "a/b%zz%4");
        // As signers write it: the received text less the signature.
        let signed = RawQuery::split("a=1&b=%2F&c=&X-Amz-Signature=ab");
        let mut room = String::new();
        assert_eq!(
            signed.without(&["X-Amz-Signature"]).as_received(&mut room),
            "a=1&b=%2F&c="
        );
        assert!(room.is_empty(), "nothing was written");
        // A token added after signing, left out too.
        let unsigned = RawQuery::split("a=1&X-Amz-Signature=ab&X-Amz-Security-Token=t");
        let left_out = ["X-Amz-Signature", "X-Amz-Security-Token"];
        assert_eq!(unsigned.without(&left_out).as_received(&mut room), "a=1");
        // Out of order: sorted and written.
        let unsorted = RawQuery::split("b=1&a=2");
        assert_eq!(unsorted.without(&[]).as_received(&mut room), "a=2&b=1");
        for not_as_written in ["a", "a=1&&b=2", "a=1&"] {
            assert!(
                !RawQuery::split(not_as_written).as_written,
                "{not_as_written}"
            );
        }
    }

    #[test]
    fn authorization_parts_come_in_any_order_once_each() {
        let a =
            parse_authorization("AWS4-HMAC-SHA256 Signature=ab, Credential=c,SignedHeaders=host")
                .unwrap();
        assert_eq!(
            (a.credential, a.signed_headers, a.signature),
            ("c", "host", "ab")
        );
        for bad in [
            "AWS4-HMAC-SHA1 Credential=c, SignedHeaders=host, Signature=ab",
            "AWS4-HMAC-SHA256 Credential=c, SignedHeaders=host",
            "AWS4-HMAC-SHA256 Credential=c, Credential=d, SignedHeaders=host, Signature=ab",
            "AWS4-HMAC-SHA256 Credential=c, SignedHeaders=host, Signature=ab, Extra=1",
            "AWS4-HMAC-SHA256 Credential",
        ] {
            assert!(parse_authorization(bad).is_err(), "{bad}");
        }
    }
}
