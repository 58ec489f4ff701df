//! The generic signer: header signing and query presigning of any request.

use std::borrow::Cow;
use std::time::Duration;

use hmac::Mac;
use sha2::{Digest, Sha256};

use crate::canonical::{
    cmp_headers, cmp_params, write_header_block, write_query, Header, Param, Presigning,
    SignedHeaders, WrittenHeaders, ALGORITHM, ALGORITHM_LINE, EMPTY_SHA256, UNSIGNED_PAYLOAD,
};
use crate::encode::{
    ascii, check_path, decode_path, encode_bytes_into, encode_into, normalize_path,
};
use crate::key::ScopedKey;
use crate::request::{
    check_header_value, check_host, check_payload_hash, is_scope_part, is_token, ContentSha256,
    PathRule, SessionToken,
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
    /// `region/service/aws4_request`: the credential scope after the date.
    scope_tail: String,
}

/// The headers that authenticate a header-signed request: add every pair of
/// [`AuthHeaders::iter`] to the request before sending it.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthHeaders {
    authorization: String,
    date: AmzDate,
    content_sha256: Option<String>,
    security_token: Option<String>,
}

impl AuthHeaders {
    /// The `Authorization` header value.
    pub fn authorization(&self) -> &str {
        &self.authorization
    }

    /// The signature alone: 64 lower-case hex digits.
    pub fn signature(&self) -> &str {
        let a = &self.authorization;
        &a[a.len() - 64..]
    }

    /// The `X-Amz-Date` header value.
    pub fn x_amz_date(&self) -> &str {
        self.date.timestamp()
    }

    /// The `x-amz-content-sha256` header value, where the rules add one.
    pub fn content_sha256(&self) -> Option<&str> {
        self.content_sha256.as_deref()
    }

    /// The `X-Amz-Security-Token` header value, with temporary credentials.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// Every header to add, as `(name, value)`.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            Some(("authorization", self.authorization())),
            Some(("x-amz-date", self.x_amz_date())),
            self.content_sha256().map(|v| ("x-amz-content-sha256", v)),
            self.security_token().map(|v| ("x-amz-security-token", v)),
        ]
        .into_iter()
        .flatten()
    }
}

impl std::fmt::Debug for AuthHeaders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthHeaders")
            .field("authorization", &self.authorization)
            .field("x_amz_date", &self.x_amz_date())
            .field("content_sha256", &self.content_sha256)
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// The intermediate results of one signature, for tests and debugging.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Steps {
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The signature: 64 lower-case hex digits.
    pub signature: String,
}

/// How the signature travels.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Header,
    Query { expires: u64 },
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
            Payload::Bytes(b) => PayloadHash::Computed(hex_lower(&Sha256::digest(b).into())),
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
pub(crate) const INLINE: usize = 16;

/// Puts the items in `inline` when they fit, else in `heap`.
pub(crate) fn gather<'s, T: Copy, const N: usize>(
    items: impl Iterator<Item = T>,
    len: usize,
    inline: &'s mut [T; N],
    heap: &'s mut Vec<T>,
) -> &'s mut [T] {
    if len <= N {
        let mut n = 0;
        for (slot, item) in inline.iter_mut().zip(items) {
            *slot = item;
            n += 1;
        }
        &mut inline[..n]
    } else {
        heap.reserve_exact(len);
        heap.extend(items);
        heap
    }
}

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
            scope_tail: format!("{region}/{service}/aws4_request"),
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
    pub fn sign(
        &self,
        credentials: &Credentials,
        request: &Request<'_>,
        time: AmzDate,
    ) -> Result<AuthHeaders, Error> {
        // The header is written around the signed-headers list, which `run`
        // appends: one allocation for the whole header.
        let mut authorization =
            String::with_capacity(estimate(request, request.path.len(), credentials) + 64);
        authorization.push_str(ALGORITHM);
        authorization.push_str(" Credential=");
        authorization.push_str(credentials.access_key_id());
        authorization.push('/');
        authorization.push_str(time.date());
        authorization.push('/');
        authorization.push_str(&self.scope_tail);
        authorization.push_str(", SignedHeaders=");
        let (signature, payload) = self.run(
            credentials,
            request,
            time,
            Mode::Header,
            &mut authorization,
            None,
        )?;
        authorization.push_str(", Signature=");
        signature.push_hex(&mut authorization);
        Ok(AuthHeaders {
            authorization,
            date: time,
            content_sha256: payload,
            security_token: credentials.session_token().map(str::to_string),
        })
    }

    /// Presigns `request` for `expires_in` (whole seconds, 1 s to 7 days)
    /// from `time`, and returns its request target: the path, `?`, and the
    /// query string with every `X-Amz-*` parameter. Put `https://` and the
    /// host in front of it for a URL.
    pub fn presign(
        &self,
        credentials: &Credentials,
        request: &Request<'_>,
        time: AmzDate,
        expires_in: Duration,
    ) -> Result<String, Error> {
        let mode = Mode::Query {
            expires: check_expiry(expires_in)?,
        };
        let mut out = String::new();
        self.run(credentials, request, time, mode, &mut out, None)?;
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
        self.explain(credentials, request, time, Mode::Header)
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
        mode: Mode,
    ) -> Result<Steps, Error> {
        let mut steps = Steps::default();
        let mut scratch = String::new();
        self.run(
            credentials,
            request,
            time,
            mode,
            &mut scratch,
            Some(&mut steps),
        )?;
        Ok(steps)
    }

    /// `region/service/aws4_request`: the credential scope after the date.
    pub(crate) fn scope_tail(&self) -> &str {
        &self.scope_tail
    }

    /// Signs. In query mode the request target is appended to `out`; in
    /// header mode the signed-headers list is.
    fn run(
        &self,
        credentials: &Credentials,
        request: &Request<'_>,
        time: AmzDate,
        mode: Mode,
        out: &mut String,
        steps: Option<&mut Steps>,
    ) -> Result<(Signature, Option<String>), Error> {
        self.run_with_path(credentials, request, None, time, mode, out, steps)
    }

    /// As `run`; for a request from a [`crate::Bucket`], whose path is in
    /// `out` already up to the object key, in place of `request.path`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn run_with_path(
        &self,
        credentials: &Credentials,
        request: &Request<'_>,
        key_path: Option<KeyPath<'_>>,
        time: AmzDate,
        mode: Mode,
        out: &mut String,
        mut steps: Option<&mut Steps>,
    ) -> Result<(Signature, Option<String>), Error> {
        if key_path.is_none() {
            // From a `Bucket`, the method is a constant and the host was
            // checked when the bucket was made.
            if !is_token(request.method) {
                return Err(Error::InvalidMethod(request.method.to_string()));
            }
            check_host(request.host)?;
            check_path(request.path)?;
        }
        let payload_hash = PayloadHash::new(request.payload)?;
        let payload_hash = payload_hash.as_str();
        let timestamp = time.timestamp();
        let token = credentials.session_token();
        let header_mode = mode == Mode::Header;
        let signed_token = match (token, self.rules.session_token) {
            (Some(t), SessionToken::Signed) => Some(t),
            _ => None,
        };
        let content_header = header_mode && self.rules.content_sha256 == ContentSha256::Header;

        // Which of the signer's own headers the caller gave.
        let given = check_headers(
            request.headers,
            request.host,
            timestamp,
            payload_hash,
            token,
        )?;

        // A presigned S3 URL is checked against `UNSIGNED-PAYLOAD` unless it
        // also signs an `x-amz-content-sha256` header with the body's hash.
        let s3_query = !header_mode && self.rules.path == PathRule::S3;
        if s3_query && request.payload != Payload::Unsigned && !given[2] {
            return Err(Error::PresignedPayloadNotUnsigned);
        }

        let (mut inline, mut heap);
        let headers = match key_path {
            // Presigned with no header of the caller's: the bucket's `host`
            // alone, written out with `UNSIGNED-PAYLOAD` when the bucket was
            // made.
            Some(path)
                if request.headers.is_empty()
                    && !header_mode
                    && request.payload == Payload::Unsigned =>
            {
                SignedHeaders::Written(path.host_header)
            }
            _ => {
                inline = [Header::EMPTY; INLINE];
                heap = Vec::new();
                let own = [
                    Header::own("host", request.host),
                    Header::own("x-amz-date", timestamp),
                    Header::own("x-amz-content-sha256", payload_hash),
                    Header::own("x-amz-security-token", signed_token.unwrap_or_default()),
                ];
                let added = [
                    !given[0],
                    header_mode && !given[1],
                    content_header && !given[2],
                    header_mode && signed_token.is_some() && !given[3],
                ];
                SignedHeaders::Sorted(sort_headers(request, own, added, &mut inline, &mut heap))
            }
        };

        let cached = credentials.scoped_key(&timestamp[..8], &self.scope_tail);
        let scoped: &ScopedKey = &cached;

        // The request target: the path as sent, then the query string.
        if let (Mode::Query { .. }, None) = (mode, key_path) {
            out.reserve(estimate(request, request.path.len(), credentials));
        }
        let path_start = key_path.map_or(out.len(), |p| p.start);
        let canonical_path = match key_path {
            Some(KeyPath { key, .. }) => {
                encode_into(out, key, true);
                None
            }
            None => write_path(out, request.path, self.rules.path),
        };
        let path_end = out.len();

        let presigning = match mode {
            Mode::Header => None,
            Mode::Query { expires } => Some(Presigning {
                credential: scoped.credential(),
                head: scoped.query_head(),
                timestamp,
                expires,
                token: signed_token,
                headers,
            }),
        };
        // The caller's parameters, sorted; `write_query` puts the signer's
        // own in their places among them.
        let (mut inline_params, mut heap_params);
        let user = match request.query {
            [] => &mut [],
            query => {
                inline_params = [("", ""); INLINE];
                heap_params = Vec::new();
                sort_params(query, header_mode, &mut inline_params, &mut heap_params)?
            }
        };
        if !header_mode || !user.is_empty() {
            out.push('?');
        }
        let query_start = out.len();
        write_query(out, user, presigning.as_ref());
        let query_end = out.len();

        // The rest of the canonical request is written after the query as
        // scratch, hashed from there with the method and path in a few long
        // slices, then cut off.
        write_header_block(out, headers, payload_hash);
        let block_end = out.len();
        let uri = match &canonical_path {
            Some(path) => {
                encode_into(out, path, true);
                block_end..out.len()
            }
            None => path_start..path_end,
        };
        let canonical_request = [
            request.method,
            "\n",
            &out[uri],
            "\n",
            &out[query_start..block_end],
        ];
        let (request_hash, signature) = sign_canonical(scoped, timestamp, canonical_request);
        if let Some(steps) = steps.as_deref_mut() {
            steps.canonical_request = canonical_request.concat();
        }
        out.truncate(query_end);
        if let Some(steps) = steps {
            steps.string_to_sign = [
                ALGORITHM_LINE,
                timestamp,
                scoped.scope_line(),
                ascii(&request_hash),
            ]
            .concat();
            steps.signature = signature.hex();
        }

        match mode {
            Mode::Query { .. } => {
                out.push_str("&X-Amz-Signature=");
                signature.push_hex(out);
                if let (Some(t), None) = (token, signed_token) {
                    out.push_str("&X-Amz-Security-Token=");
                    encode_into(out, t, false);
                }
                Ok((signature, None))
            }
            Mode::Header => {
                out.truncate(path_start);
                headers.write_list(out);
                Ok((signature, content_header.then(|| payload_hash.to_string())))
            }
        }
    }
}

/// Hashes a canonical request, given in pieces, and signs the string to
/// sign built on it: its hex hash, and the signature.
fn sign_canonical(
    scoped: &ScopedKey,
    timestamp: &str,
    canonical_request: [&str; 5],
) -> ([u8; 64], Signature) {
    let mut hasher = Sha256::new();
    for piece in canonical_request {
        hasher.update(piece);
    }
    let request_hash = hex_lower(&hasher.finalize().into());
    // The string to sign: its first line is in the key's HMAC state.
    let mut mac = scoped.string_to_sign();
    mac.update(timestamp.as_bytes());
    mac.update(scoped.scope_line().as_bytes());
    mac.update(&request_hash);
    let signature = Signature {
        bytes: mac.finalize().into_bytes().into(),
    };
    (request_hash, signature)
}

impl Signer {
    /// Presigns a request from a [`crate::Bucket`] that adds nothing to it:
    /// no query parameter, no header, no session token, as most download and
    /// upload links are. Its path is in `out` up to the object key; the rest
    /// of the URL is appended.
    ///
    /// This is `run_with_path` with nothing to check, sort or place among the
    /// signer's own parameters: the same pieces, written in their fixed
    /// order, with the same helpers. A test holds the two to the same URLs.
    pub(crate) fn presign_plain(
        &self,
        credentials: &Credentials,
        method: &str,
        key_path: KeyPath<'_>,
        time: AmzDate,
        expires: u64,
        out: &mut String,
    ) {
        let timestamp = time.timestamp();
        let cached = credentials.scoped_key(&timestamp[..8], &self.scope_tail);
        let scoped: &ScopedKey = &cached;
        encode_into(out, key_path.key, true);
        let path_end = out.len();
        out.push('?');
        let query_start = out.len();
        out.push_str(&scoped.query_head()[1..]);
        out.push_str(timestamp);
        out.push_str("&X-Amz-Expires=");
        crate::canonical::push_decimal(out, expires);
        out.push_str(key_path.host_header.list_param());
        let query_end = out.len();
        write_header_block(
            out,
            SignedHeaders::Written(key_path.host_header),
            UNSIGNED_PAYLOAD,
        );
        let canonical_request = [
            method,
            "\n",
            &out[key_path.start..path_end],
            "\n",
            &out[query_start..],
        ];
        let (_, signature) = sign_canonical(scoped, timestamp, canonical_request);
        out.truncate(query_end);
        out.push_str("&X-Amz-Signature=");
        signature.push_hex(out);
    }
}

/// The headers to sign, sorted: the caller's, and those of the signer's own
/// that are `added`.
#[inline(never)]
fn sort_headers<'s, 'a>(
    request: &Request<'a>,
    own: [Header<'a>; 4],
    added: [bool; 4],
    inline: &'s mut [Header<'a>; INLINE],
    heap: &'s mut Vec<Header<'a>>,
) -> &'s mut [Header<'a>] {
    let count = request.headers.len() + added.iter().filter(|&&a| a).count();
    let own = own
        .into_iter()
        .zip(added)
        .filter_map(|(h, a)| a.then_some(h));
    let caller = request
        .headers
        .iter()
        .map(|&(name, value)| Header::given(name, value));
    let headers = gather(caller.chain(own), count, inline, heap);
    headers.sort_by(cmp_headers);
    headers
}

/// Writes a request's path as sent, and returns the one to encode once more
/// into the canonical request, where the rule wants one.
#[inline(never)]
fn write_path<'p>(out: &mut String, path: &'p str, rule: PathRule) -> Option<Cow<'p, str>> {
    match rule {
        PathRule::S3 => {
            encode_bytes_into(out, &decode_path(path), true);
            None
        }
        PathRule::Normalized | PathRule::Unnormalized => {
            out.push_str(path);
            Some(if rule == PathRule::Normalized {
                normalize_path(path)
            } else {
                path.into()
            })
        }
    }
}

/// The caller's query parameters, sorted. Presigning refuses those it sets
/// itself.
#[inline(never)]
fn sort_params<'s, 'a>(
    query: &[Param<'a>],
    header_mode: bool,
    inline: &'s mut [Param<'a>; INLINE],
    heap: &'s mut Vec<Param<'a>>,
) -> Result<&'s mut [Param<'a>], Error> {
    for &(name, _) in query {
        let reserved = RESERVED_PARAMS.iter().any(|r| r.eq_ignore_ascii_case(name));
        if reserved && !header_mode {
            return Err(Error::ReservedQueryParameter(name.to_string()));
        }
    }
    let params = gather(query.iter().copied(), query.len(), inline, heap);
    params.sort_unstable_by(cmp_params);
    Ok(params)
}

/// Checks the caller's headers, and returns which of the signer's own ones
/// (`host`, `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token`) it
/// gave: each at most once, and with the value the signer would give it.
fn check_headers(
    headers: &[(&str, &str)],
    host: &str,
    timestamp: &str,
    payload_hash: &str,
    token: Option<&str>,
) -> Result<[bool; 4], Error> {
    let mut given = [false; 4];
    for &(name, value) in headers {
        if !is_token(name) {
            return Err(Error::InvalidHeaderName(name.to_string()));
        }
        check_header_value(name, value)?;
        if name.eq_ignore_ascii_case("authorization") {
            return Err(Error::ConflictingHeader(name.to_string()));
        }
        let is = |known: &str| name.eq_ignore_ascii_case(known);
        let expected = if is("host") {
            Some((0, Some(host)))
        } else if is("x-amz-date") {
            Some((1, Some(timestamp)))
        } else if is("x-amz-content-sha256") {
            Some((2, Some(payload_hash)))
        } else if is("x-amz-security-token") {
            Some((3, token))
        } else {
            None
        };
        if let Some((slot, expected)) = expected {
            let repeated = std::mem::replace(&mut given[slot], true);
            if repeated || expected != Some(value.trim_matches([' ', '\t'])) {
                return Err(Error::ConflictingHeader(name.to_string()));
            }
        }
    }
    Ok(given)
}

/// The path of a request from a [`crate::Bucket`]: written into the output
/// from `start` up to the object key, which is still to be encoded.
#[derive(Clone, Copy)]
pub(crate) struct KeyPath<'a> {
    pub(crate) start: usize,
    pub(crate) key: &'a str,
    /// The bucket's `host` header, written out.
    pub(crate) host_header: &'a WrittenHeaders,
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

/// A computed signature.
pub(crate) struct Signature {
    bytes: [u8; 32],
}

impl Signature {
    fn hex(&self) -> String {
        let mut s = String::with_capacity(64);
        self.push_hex(&mut s);
        s
    }

    fn push_hex(&self, out: &mut String) {
        out.push_str(ascii(&hex_lower(&self.bytes)));
    }
}

/// The 64 lower-case hex digits of a digest.
fn hex_lower(bytes: &[u8; 32]) -> [u8; 64] {
    // Each byte becomes a 16-bit lane holding its two nibbles, the high one
    // in the lane's first byte; every nibble then gets `0` added, and 39 more
    // (`a` - `0` - 10) where it is over 9, which the carry out of adding 6
    // marks. Lanes carry nothing into each other, so the compiler vectorises
    // the loop.
    let mut pairs = [0u16; 32];
    for (pair, &b) in pairs.iter_mut().zip(bytes) {
        let b = u16::from(b);
        let nibbles = (b >> 4) | ((b & 0x0f) << 8);
        let over_nine = ((nibbles + 0x0606) >> 4) & 0x0101;
        *pair = nibbles + 0x3030 + over_nine * 39;
    }
    let mut hex = [0u8; 64];
    for (digits, pair) in hex.chunks_exact_mut(2).zip(pairs) {
        digits.copy_from_slice(&pair.to_le_bytes());
    }
    hex
}

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

/// A generous guess at the room signing takes in its output: the request
/// target, then the rest of the canonical request, which is written after it
/// as scratch. Building a URL allocates once.
pub(crate) fn estimate(request: &Request<'_>, path_len: usize, credentials: &Credentials) -> usize {
    let query: usize = request
        .query
        .iter()
        .map(|(n, v)| n.len() + v.len() + 2)
        .sum();
    // Names appear in the canonical headers and twice in signed-headers lists.
    let headers: usize = request
        .headers
        .iter()
        .map(|(n, v)| 3 * n.len() + v.len() + 4)
        .sum();
    let token = credentials.session_token().map_or(0, str::len);
    // Encoding at most triples text; a path is written twice, the second
    // time (the canonical URI of the other services) encoded once more.
    3 * (path_len + query + token + credentials.access_key_id().len())
        + 3 * path_len
        + headers
        + token
        + 2 * request.host.len()
        + 640
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_matches_the_hex_crate() {
        let all: Vec<u8> = (0..=255).collect();
        for chunk in all.chunks(32) {
            let digest: [u8; 32] = chunk.try_into().unwrap();
            assert_eq!(ascii(&hex_lower(&digest)), hex::encode(digest));
        }
    }
}
