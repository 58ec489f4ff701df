//! The signer: header signing and query presigning of any request.
//!
//! Every signature takes the same steps, in this order: the input is
//! checked ([`crate::request`]), the request target and the canonical
//! request are written ([`crate::canonical`]), the string to sign is signed
//! with the scope's key ([`crate::key`]), and the signature goes into the
//! output: an `Authorization` header, or the presigned query.

use core::fmt;
use core::time::Duration;

use crate::canonical::{
    cmp_headers, cmp_params, hex_lower, sha256_hex, signature, write_query, write_string_to_sign,
    CanonicalRequest, Header, HeaderBlock, Param, Presigning, QueryText, Scope, SignedHeaders, Uri,
    ALGORITHM, EMPTY_SHA256, UNSIGNED_PAYLOAD,
};
use crate::encode::{
    ascii, check_path, decode_path, encode_bytes_into, encode_into, normalize_path,
};
use crate::few::Few;
use crate::prelude::*;
use crate::request::{
    check_header_value, check_host, check_payload_hash, is_scope_part, is_secret_field, is_token,
    redact_pairs, ContentSha256, PathRule, SessionToken,
};
use crate::{AmzDate, Credentials, Error, Payload, Request, Rules};

/// The longest a presigned URL may live: 7 days.
pub const MAX_EXPIRY: Duration = Duration::from_secs(604_800);

/// Signs requests for one service in one region.
///
/// A `Signer` holds no secret: pass [`Credentials`] to each call, so that
/// rotating credentials never means rebuilding signers. It is cheap to keep
/// and `Send + Sync`.
///
/// ```
/// use presign::{AmzDate, Credentials, Payload, Request, Signer};
///
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
/// let iam = Signer::new("us-east-1", "iam")?;
/// let request = Request {
///     method: "GET",
///     host: "iam.amazonaws.com",
///     path: "/",
///     query: &[("Action", "ListUsers"), ("Version", "2010-05-08")],
///     headers: &[("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
///     payload: Payload::Empty,
/// };
/// let signed = iam.sign(&creds, &request, AmzDate::parse("20150830T123600Z")?)?;
/// assert_eq!(signed.target(), "/?Action=ListUsers&Version=2010-05-08");
/// assert_eq!(
///     signed.authorization(),
///     "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, \
///      SignedHeaders=content-type;host;x-amz-date, \
///      Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
/// );
/// # Ok::<(), presign::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    region: String,
    service: String,
    rules: Rules,
    /// `/region/service/aws4_request` and a line feed: the credential scope
    /// after the date, as the string to sign holds it.
    scope_tail: String,
    /// The same, as the `X-Amz-Credential` parameter holds it:
    /// `%2F{region}%2F{service}%2Faws4_request`.
    encoded_tail: String,
}

/// What a header-signed request sends: its request target, and the headers
/// the signer added.
///
/// Send the request to [`SignedRequest::target`] exactly as written (it is
/// the path and query the signature covers, encoded by the encoder that
/// wrote the canonical request: do not let an HTTP client encode the query
/// again), and add each header of [`SignedRequest::headers`] once. Headers
/// the caller's request already had (a `Host`, an `x-amz-date`, ...) are not
/// repeated there.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    target: String,
    authorization: String,
    date: AmzDate,
    date_added: bool,
    content_sha256: Option<HashText>,
    content_sha256_added: bool,
    security_token: Option<String>,
}

impl SignedRequest {
    /// The request target: the path as it must be sent, then `?` and the
    /// query string when there is one.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The `Authorization` header value.
    pub fn authorization(&self) -> &str {
        &self.authorization
    }

    /// The signature alone: 64 lower-case hex digits.
    pub fn signature(&self) -> &str {
        let a = &self.authorization;
        &a[a.len() - 64..]
    }

    /// The signing time, as the signed `x-amz-date` header holds it.
    pub fn x_amz_date(&self) -> &str {
        self.date.timestamp()
    }

    /// The signed `x-amz-content-sha256` value, where the rules sign one.
    pub fn content_sha256(&self) -> Option<&str> {
        self.content_sha256.as_ref().map(HashText::as_str)
    }

    /// The headers to add to the request, as `(name, value)`: the
    /// `Authorization` header, then those of `x-amz-date`,
    /// `x-amz-content-sha256` and `x-amz-security-token` that the signer
    /// added because the request did not have them.
    pub fn headers(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            Some(("authorization", self.authorization())),
            self.date_added.then(|| ("x-amz-date", self.x_amz_date())),
            self.content_sha256()
                .filter(|_| self.content_sha256_added)
                .map(|v| ("x-amz-content-sha256", v)),
            self.security_token
                .as_deref()
                .map(|v| ("x-amz-security-token", v)),
        ]
        .into_iter()
        .flatten()
    }
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedRequest")
            .field("target", &redact_target(&self.target))
            .field("authorization", &self.authorization)
            .field("x_amz_date", &self.x_amz_date())
            .field("content_sha256", &self.content_sha256())
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// A payload hash kept by value: 64 hex digits, or a literal.
#[derive(Clone, Copy, PartialEq, Eq)]
struct HashText {
    bytes: [u8; 64],
    len: usize,
}

impl HashText {
    fn new(text: &str) -> Self {
        let mut bytes = [0; 64];
        let len = text.len().min(64);
        bytes[..len].copy_from_slice(&text.as_bytes()[..len]);
        HashText { bytes, len }
    }

    fn as_str(&self) -> &str {
        ascii(&self.bytes[..self.len])
    }
}

/// The intermediate results of one signature, for tests and debugging.
/// `Debug` hides session tokens and SSE-C keys.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Steps {
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The signature: 64 lower-case hex digits.
    pub signature: String,
}

impl fmt::Debug for Steps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Line 3 is the query, lines from 4 the headers.
        let lines: Vec<String> = self
            .canonical_request
            .split('\n')
            .enumerate()
            .map(|(i, line)| match (i, line.split_once(':')) {
                (2, _) => redact_query(line),
                (3.., Some((name, _))) if is_secret_field(name) => format!("{name}:<redacted>"),
                _ => line.to_string(),
            })
            .collect();
        f.debug_struct("Steps")
            .field("canonical_request", &lines.join("\n"))
            .field("string_to_sign", &self.string_to_sign)
            .field("signature", &self.signature)
            .finish()
    }
}

/// An encoded query with the values of secret parameters hidden.
fn redact_query(query: &str) -> String {
    let pairs: Vec<(&str, &str)> = query
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .collect();
    redact_pairs(&pairs)
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// A request target with the values of secret parameters hidden.
pub(crate) fn redact_target(target: &str) -> String {
    match target.split_once('?') {
        Some((path, query)) => format!("{path}?{}", redact_query(query)),
        None => target.to_string(),
    }
}

/// A request as the signing core takes it, from [`Signer`]'s methods and
/// from the S3 layer.
pub(crate) struct Input<'a> {
    pub(crate) method: &'a str,
    pub(crate) host: &'a str,
    pub(crate) path: Path<'a>,
    pub(crate) query: &'a [Param<'a>],
    pub(crate) headers: &'a [(&'a str, &'a str)],
    pub(crate) payload: Payload<'a>,
    /// The `host` header alone, written ahead: what a presigned request
    /// with no header of the caller's signs.
    pub(crate) host_block: Option<&'a HeaderBlock>,
}

/// The path of a request to sign.
#[derive(Clone, Copy)]
pub(crate) enum Path<'a> {
    /// As the caller will send it, written by the signer's path rule.
    Wire(&'a str),
    /// An S3 object: the bucket's path up to the key (unreserved characters
    /// and `/` only, checked when the bucket was made), then the key.
    Object { base: &'a str, key: &'a str },
}

/// How the signature travels.
pub(crate) enum Mode<'m> {
    /// In an `Authorization` header: the signed-headers list is appended to
    /// `signed_headers`.
    Header { signed_headers: &'m mut String },
    /// In the query: presigned for `expires` seconds.
    Query { expires: u64 },
}

/// What one signature produced, besides the request target.
pub(crate) struct Outcome {
    signature: [u8; 32],
    /// The payload hash signed, in header mode.
    payload_hash: Option<HashText>,
    /// Which of `x-amz-date`, `x-amz-content-sha256` and
    /// `x-amz-security-token` the signer added as headers.
    added: [bool; 3],
}

/// The payload hash as text: given, a literal, or computed here and kept on
/// the stack.
enum PayloadHash<'a> {
    Text(&'a str),
    Computed([u8; 64]),
}

impl<'a> PayloadHash<'a> {
    fn new(payload: Payload<'a>) -> Result<Self, Error> {
        Ok(match payload {
            Payload::Empty => PayloadHash::Text(EMPTY_SHA256),
            Payload::Unsigned => PayloadHash::Text(UNSIGNED_PAYLOAD),
            Payload::Bytes(b) => PayloadHash::Computed(sha256_hex(b)),
            Payload::Hash(h) => {
                check_payload_hash(h)?;
                PayloadHash::Text(h)
            }
        })
    }

    fn as_str(&self) -> &str {
        match self {
            PayloadHash::Text(s) => s,
            PayloadHash::Computed(hex) => ascii(hex),
        }
    }
}

/// Room for this many headers or parameters on the stack before the signer
/// falls back to the heap.
const INLINE: usize = 16;

impl Signer {
    /// A signer for `service` in `region`, with the service's rules
    /// ([`Rules::for_service`]).
    pub fn new(region: &str, service: &str) -> Result<Self, Error> {
        if !is_scope_part(region) {
            return Err(Error::InvalidRegion(region.to_string()));
        }
        if !is_scope_part(service) {
            return Err(Error::InvalidService(service.to_string()));
        }
        Ok(Signer {
            region: region.to_string(),
            service: service.to_string(),
            rules: Rules::for_service(service),
            scope_tail: format!("/{region}/{service}/aws4_request\n"),
            // A region and a service are `[a-z0-9-]`: only `/` is encoded.
            encoded_tail: format!("%2F{region}%2F{service}%2Faws4_request"),
        })
    }

    /// The same signer with other rules.
    pub fn with_rules(mut self, rules: Rules) -> Self {
        self.rules = rules;
        self
    }

    /// The region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The service.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The rules in force.
    pub fn rules(&self) -> Rules {
        self.rules
    }

    /// Signs `request` with an `Authorization` header, at `time`.
    ///
    /// Send the request to the returned [`SignedRequest::target`], with the
    /// headers of [`SignedRequest::headers`] added once each.
    pub fn sign(
        &self,
        credentials: &Credentials,
        request: &Request<'_>,
        time: AmzDate,
    ) -> Result<SignedRequest, Error> {
        let mut target = String::with_capacity(target_room(request, credentials));
        // The header is written around the signed-headers list, which the
        // core appends: one allocation for the whole header.
        let mut authorization = String::with_capacity(
            160 + credentials.access_key_id().len() + 24 * (request.headers.len() + 3),
        );
        authorization.push_str(ALGORITHM);
        authorization.push_str(" Credential=");
        authorization.push_str(credentials.access_key_id());
        authorization.push('/');
        authorization.push_str(time.date());
        authorization.push_str(&self.scope_tail[..self.scope_tail.len() - 1]);
        authorization.push_str(", SignedHeaders=");
        let mode = Mode::Header {
            signed_headers: &mut authorization,
        };
        let outcome =
            self.sign_input(credentials, &wire(request), time, mode, &mut target, None)?;
        authorization.push_str(", Signature=");
        authorization.push_str(ascii(&hex_lower(&outcome.signature)));
        let [date_added, content_sha256_added, token_added] = outcome.added;
        let content_sha256 = outcome
            .payload_hash
            .filter(|_| self.rules.content_sha256 == ContentSha256::Header);
        Ok(SignedRequest {
            target,
            authorization,
            date: time,
            date_added,
            content_sha256,
            content_sha256_added,
            security_token: credentials
                .session_token()
                .filter(|_| token_added)
                .map(str::to_string),
        })
    }

    /// Presigns `request` for `expires_in` (whole seconds, 1 s to 7 days)
    /// from `time`, and returns its request target: the path, `?`, and the
    /// query string with every `X-Amz-*` parameter. Put `https://` and the
    /// host in front of it for a URL.
    ///
    /// Under rules other than S3's the path goes into the URL as given, so
    /// it must be one a URL carries as it is: a raw space or non-ASCII
    /// character is refused with [`Error::InvalidPath`] (give it
    /// percent-encoded, as an HTTP client sends it). [`Signer::sign`] and
    /// the `explain_*` methods sign such a path as the raw request line
    /// AWS's test suite describes.
    pub fn presign(
        &self,
        credentials: &Credentials,
        request: &Request<'_>,
        time: AmzDate,
        expires_in: Duration,
    ) -> Result<String, Error> {
        check_path(request.path, self.rules.path, true)?;
        let mode = Mode::Query {
            expires: check_expiry(expires_in)?,
        };
        let mut out = String::with_capacity(target_room(request, credentials));
        self.sign_input(credentials, &wire(request), time, mode, &mut out, None)?;
        Ok(out)
    }

    /// The canonical request, string to sign and signature of
    /// [`Signer::sign`], for tests and debugging.
    pub fn explain_sign(
        &self,
        credentials: &Credentials,
        request: &Request<'_>,
        time: AmzDate,
    ) -> Result<Steps, Error> {
        let mut list = String::new();
        let mode = Mode::Header {
            signed_headers: &mut list,
        };
        self.explain(credentials, request, time, mode)
    }

    /// The canonical request, string to sign and signature of
    /// [`Signer::presign`], for tests and debugging.
    pub fn explain_presign(
        &self,
        credentials: &Credentials,
        request: &Request<'_>,
        time: AmzDate,
        expires_in: Duration,
    ) -> Result<Steps, Error> {
        let mode = Mode::Query {
            expires: check_expiry(expires_in)?,
        };
        self.explain(credentials, request, time, mode)
    }

    fn explain(
        &self,
        credentials: &Credentials,
        request: &Request<'_>,
        time: AmzDate,
        mode: Mode<'_>,
    ) -> Result<Steps, Error> {
        let mut steps = Steps::default();
        let mut target = String::new();
        let input = wire(request);
        self.sign_input(
            credentials,
            &input,
            time,
            mode,
            &mut target,
            Some(&mut steps),
        )?;
        Ok(steps)
    }

    /// Signs `input`: checks it, appends its request target to `out`, and
    /// signs its canonical request. In query mode the signature ends the
    /// target. The one way into the signing core.
    pub(crate) fn sign_input(
        &self,
        credentials: &Credentials,
        input: &Input<'_>,
        time: AmzDate,
        mode: Mode<'_>,
        out: &mut String,
        steps: Option<&mut Steps>,
    ) -> Result<Outcome, Error> {
        // 1. The input, checked.
        let header_mode = matches!(mode, Mode::Header { .. });
        if !is_token(input.method) {
            return Err(Error::InvalidMethod(input.method.to_string()));
        }
        // An object's host and path were checked when its bucket was made.
        if let Path::Wire(path) = input.path {
            check_host(input.host)?;
            check_path(path, self.rules.path, false)?;
        }
        let payload_hash = PayloadHash::new(input.payload)?;
        let payload_hash = payload_hash.as_str();
        let timestamp = time.timestamp();
        let token = credentials.session_token();
        let signed_token = token.filter(|_| self.rules.session_token == SessionToken::Signed);
        let content_header = header_mode && self.rules.content_sha256 == ContentSha256::Header;
        let given = check_headers(
            input.headers,
            header_mode,
            input.host,
            timestamp,
            payload_hash,
            token,
        )?;
        // A presigned S3 URL is checked against `UNSIGNED-PAYLOAD` unless it
        // also signs an `x-amz-content-sha256` header with the body's hash.
        let s3_query = !header_mode && self.rules.path == PathRule::S3;
        if s3_query && payload_hash != UNSIGNED_PAYLOAD && !given.content_sha256 {
            return Err(Error::PresignedPayloadNotUnsigned);
        }

        // 2. The headers to sign, and the caller's parameters, sorted.
        let added = [
            !given.host,
            header_mode && !given.date,
            content_header && !given.content_sha256,
            header_mode && signed_token.is_some() && !given.token,
        ];
        let own = || {
            [
                Header::own("host", input.host),
                Header::own("x-amz-date", timestamp),
                Header::own("x-amz-content-sha256", payload_hash),
                Header::own("x-amz-security-token", signed_token.unwrap_or_default()),
            ]
        };
        let mut sorted = None;
        let headers = match input.host_block {
            // Presigned with no header of the caller's: `host` alone.
            Some(block) if !header_mode && input.headers.is_empty() => {
                SignedHeaders::Written(block)
            }
            _ => SignedHeaders::Sorted(sort_headers(input.headers, own(), added, &mut sorted)),
        };
        let mut sorted_params = None;
        let params = sort_params(input.query, header_mode, &mut sorted_params)?;

        // 3. The request target: the path as sent, then the query, which is
        // also the canonical query string.
        let path_start = out.len();
        let normalized = write_path(out, input.path, self.rules.path);
        let path_end = out.len();
        let scope = Scope {
            date: &timestamp[..8],
            tail_line: &self.scope_tail,
        };
        let presigning = match mode {
            Mode::Header { .. } => None,
            Mode::Query { expires } => Some(Presigning {
                access_key_id: credentials.access_key_id(),
                plain_id: credentials.plain_id(),
                date: scope.date,
                encoded_tail: &self.encoded_tail,
                timestamp,
                expires,
                token: signed_token,
                headers,
            }),
        };
        if !header_mode || !params.is_empty() {
            out.push('?');
        }
        let query_start = out.len();
        write_query(out, params, QueryText::Decoded, presigning.as_ref());

        // 4. The canonical request and its hash.
        let canonical = CanonicalRequest {
            method: input.method,
            uri: match &normalized {
                Some(path) => Uri::EncodeAgain(path),
                None => Uri::Canonical(&out[path_start..path_end]),
            },
            query: &out[query_start..],
            headers,
            payload_hash,
        };
        let request_hash = canonical.hash();

        // 5. The string to sign, signed with the scope's key.
        let key = credentials.scoped_mac(scope.date, scope.tail());
        let signature = signature(key, time.stamp(), scope, &request_hash);
        if let Some(steps) = steps {
            steps.canonical_request = canonical.text();
            let mut string_to_sign = String::new();
            write_string_to_sign(&mut string_to_sign, time.stamp(), scope, &request_hash);
            steps.string_to_sign = string_to_sign;
            steps.signature = ascii(&hex_lower(&signature)).to_string();
        }

        // 6. The signature, where it travels.
        match mode {
            Mode::Query { .. } => {
                out.push_str("&X-Amz-Signature=");
                out.push_str(ascii(&hex_lower(&signature)));
                if let (Some(t), None) = (token, signed_token) {
                    out.push_str("&X-Amz-Security-Token=");
                    encode_into(out, t, false);
                }
            }
            Mode::Header { signed_headers } => headers.write_list(signed_headers, false),
        }
        // The token is added after signing when it is not signed.
        let token_added = header_mode && token.is_some() && !given.token;
        Ok(Outcome {
            signature,
            payload_hash: header_mode.then(|| HashText::new(payload_hash)),
            added: [added[1], added[2], token_added],
        })
    }
}

/// A caller's request as the core takes it.
fn wire<'a>(request: &Request<'a>) -> Input<'a> {
    Input {
        method: request.method,
        host: request.host,
        path: Path::Wire(request.path),
        query: request.query,
        headers: request.headers,
        payload: request.payload,
        host_block: None,
    }
}

/// Writes the path of the request target, and returns the path that the
/// rules encode once more into the canonical URI, where they do.
fn write_path<'p>(out: &mut String, path: Path<'p>, rule: PathRule) -> Option<Cow<'p, str>> {
    match (path, rule) {
        (Path::Object { base, key }, _) => {
            out.push_str(base);
            encode_into(out, key, true);
            None
        }
        (Path::Wire(path), PathRule::S3) => {
            encode_bytes_into(out, &decode_path(path), true);
            None
        }
        (Path::Wire(path), PathRule::Normalized) => {
            out.push_str(path);
            Some(normalize_path(path))
        }
        (Path::Wire(path), PathRule::Unnormalized) => {
            out.push_str(path);
            Some(Cow::Borrowed(path))
        }
    }
}

/// The headers to sign, sorted: the caller's, and those of the signer's own
/// that are `added`.
fn sort_headers<'s, 'a>(
    given: &[(&'a str, &'a str)],
    own: [Header<'a>; 4],
    added: [bool; 4],
    room: &'s mut Option<Few<Header<'a>, INLINE>>,
) -> &'s [Header<'a>] {
    let headers = room.insert(Few::new(Header::EMPTY));
    let own = own
        .into_iter()
        .zip(added)
        .filter_map(|(h, a)| a.then_some(h));
    let caller = given
        .iter()
        .map(|&(name, value)| Header::given(name, value));
    for header in caller.chain(own) {
        headers.push(header);
    }
    let headers = headers.as_mut_slice();
    headers.sort_by(cmp_headers);
    headers
}

/// The caller's query parameters, sorted. Presigning refuses those it sets
/// itself, in any case; header signing refuses `X-Amz-Algorithm` and
/// `X-Amz-Signature` as spelt, the names that make a request presigned too
/// (S3 and [`crate::verify::Policy`] refuse a request signed both ways).
fn sort_params<'s, 'a>(
    query: &[Param<'a>],
    header_mode: bool,
    room: &'s mut Option<Few<Param<'a>, INLINE>>,
) -> Result<&'s mut [Param<'a>], Error> {
    if query.is_empty() {
        return Ok(&mut []);
    }
    for &(name, _) in query {
        let refused = if header_mode {
            matches!(name, "X-Amz-Algorithm" | "X-Amz-Signature")
        } else {
            RESERVED_PARAMS.iter().any(|r| r.eq_ignore_ascii_case(name))
        };
        if refused {
            return Err(Error::ReservedQueryParameter(name.to_string()));
        }
    }
    let params = room.insert(Few::new(("", "")));
    for &param in query {
        params.push(param);
    }
    let params = params.as_mut_slice();
    params.sort_unstable_by(cmp_params);
    Ok(params)
}

/// Which of the signer's own headers a caller gave.
#[derive(Default)]
struct Given {
    host: bool,
    date: bool,
    content_sha256: bool,
    token: bool,
}

/// Checks the caller's headers, and returns which of the signer's own ones
/// (`host`, `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token`) it
/// gave: each at most once, and with the value the signer would give it
/// (the host compared without case in a header-signed request, which
/// sends the caller's `Host` as given; exactly in a presigned one, whose
/// user sends the URL's host).
fn check_headers(
    headers: &[(&str, &str)],
    header_mode: bool,
    host: &str,
    timestamp: &str,
    payload_hash: &str,
    token: Option<&str>,
) -> Result<Given, Error> {
    let mut given = Given::default();
    for &(name, value) in headers {
        if !is_token(name) {
            return Err(Error::InvalidHeaderName(name.to_string()));
        }
        check_header_value(name, value)?;
        if name.eq_ignore_ascii_case("authorization") {
            return Err(Error::ConflictingHeader(name.to_string()));
        }
        let value = value.trim_matches([' ', '\t']);
        let is = |known: &str| name.eq_ignore_ascii_case(known);
        let (slot, matches) = if is("host") {
            let same = if header_mode {
                value.eq_ignore_ascii_case(host)
            } else {
                value == host
            };
            (&mut given.host, same)
        } else if is("x-amz-date") {
            (&mut given.date, value == timestamp)
        } else if is("x-amz-content-sha256") {
            (&mut given.content_sha256, value == payload_hash)
        } else if is("x-amz-security-token") {
            (&mut given.token, Some(value) == token)
        } else {
            continue;
        };
        if core::mem::replace(slot, true) || !matches {
            return Err(Error::ConflictingHeader(name.to_string()));
        }
    }
    Ok(given)
}

/// The parameters presigning sets; a caller may not give them.
const RESERVED_PARAMS: [&str; 7] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Security-Token",
    "X-Amz-Signature",
];

/// Checks a presigned URL's lifetime and returns it in whole seconds.
pub(crate) fn check_expiry(expires_in: Duration) -> Result<u64, Error> {
    let seconds = expires_in.as_secs();
    if seconds == 0 || expires_in > MAX_EXPIRY {
        // 604800.5 s is reported as 604801 s: over the limit, as it is.
        let shown = seconds.saturating_add(u64::from(expires_in.subsec_nanos() > 0 && seconds > 0));
        return Err(Error::InvalidExpiry { seconds: shown });
    }
    Ok(seconds)
}

/// A generous guess at the length of a request target, so that writing it
/// allocates once: encoding at most triples text.
pub(crate) fn target_room(request: &Request<'_>, credentials: &Credentials) -> usize {
    let query: usize = request
        .query
        .iter()
        .map(|(n, v)| 3 * (n.len() + v.len()) + 2)
        .sum();
    let headers: usize = request.headers.iter().map(|(n, _)| 3 * n.len() + 3).sum();
    let token = credentials.session_token().map_or(0, str::len);
    3 * (request.path.len() + token + credentials.access_key_id().len()) + query + headers + 256
}
