//! Canonicalisation and signing from arbitrary request parts:
//! [`Signer::presign`], [`Signer::sign`] and their `explain_*`, each output
//! checked, verified, and tampered with.

use std::time::Duration;

use arbitrary::Arbitrary;
use presign::verify::{Policy, Received};
use presign::{
    AmzDate, ContentSha256, Credentials, PathRule, Payload, Request, Rules, SessionToken, Signer,
};

use super::check;
use super::text::{Edit, Name, Text};

/// The access key id of every case's credentials.
pub const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
/// Their secret.
pub const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// How every session token starts: text found nowhere else in a case, so
/// that no input shows it by chance.
pub const TOKEN_START: &str = "IQoJb3JpZ2luX2VjEXAMPLE";
/// The signing time of every case is this (`20150830T123600Z`) plus up to
/// about 136 years.
pub const BASE_TIME: i64 = 1_440_938_160;

/// The parameters presigning sets.
pub const RESERVED: [&str; 7] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Security-Token",
    "X-Amz-Signature",
];

/// A region: mostly a real one.
#[derive(Arbitrary, Debug, Clone)]
pub enum Region {
    /// `us-east-1`.
    UsEast1,
    /// `eu-west-1`.
    EuWest1,
    /// Any text.
    Other(Text),
}

impl Region {
    /// The region's name.
    pub fn render(&self) -> String {
        match self {
            Region::UsEast1 => "us-east-1".into(),
            Region::EuWest1 => "eu-west-1".into(),
            Region::Other(t) => t.render(),
        }
    }
}

/// A service name.
#[derive(Arbitrary, Debug, Clone)]
pub enum Service {
    /// `s3`.
    S3,
    /// `iam`.
    Iam,
    /// `execute-api`.
    ExecuteApi,
    /// Any text.
    Other(Text),
}

/// A method.
#[derive(Arbitrary, Debug, Clone)]
pub enum Method {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `HEAD`.
    Head,
    /// Any text.
    Other(Text),
}

/// A host.
#[derive(Arbitrary, Debug, Clone)]
pub enum Host {
    /// An AWS host.
    Aws,
    /// A local server with a port.
    Local,
    /// An IPv6 address.
    Ipv6,
    /// Any text.
    Other(Text),
}

/// The body.
#[derive(Arbitrary, Debug, Clone)]
pub enum PayloadCase {
    /// [`Payload::Empty`].
    Empty,
    /// [`Payload::Unsigned`].
    Unsigned,
    /// [`Payload::Bytes`].
    Bytes(Vec<u8>),
    /// The hash of an empty body, as [`Payload::Hash`].
    EmptyHash,
    /// `UNSIGNED-PAYLOAD` as [`Payload::Hash`].
    UnsignedHash,
    /// Any text as [`Payload::Hash`].
    Hash(Text),
}

/// The rules: the service's, or chosen.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct RulesCase {
    /// Take [`Rules::for_service`] and ignore the rest.
    pub for_service: bool,
    /// The path rule, modulo 3.
    pub path: u8,
    /// Sign `x-amz-content-sha256`.
    pub content_sha256: bool,
    /// Sign the session token.
    pub token_signed: bool,
}

impl RulesCase {
    /// The rules.
    pub fn pick(self, service: &str) -> Rules {
        if self.for_service {
            return Rules::for_service(service);
        }
        Rules {
            path: [PathRule::S3, PathRule::Normalized, PathRule::Unnormalized]
                [usize::from(self.path % 3)],
            content_sha256: if self.content_sha256 {
                ContentSha256::Header
            } else {
                ContentSha256::Omitted
            },
            session_token: if self.token_signed {
                SessionToken::Signed
            } else {
                SessionToken::AddedAfterSigning
            },
        }
    }
}

/// One edit of a signed request: of its target (0), or of a header's value
/// or name.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Tamper {
    /// Which part: the target, then each header's value, then each name.
    pub part: u8,
    /// The edit.
    pub edit: Edit,
}

/// A request to sign both ways, and how to tamper with the results.
#[derive(Arbitrary, Debug, Clone)]
pub struct Case {
    /// The scope's region.
    pub region: Region,
    /// The scope's service.
    pub service: Service,
    /// The rules.
    pub rules: RulesCase,
    /// The method.
    pub method: Method,
    /// The host.
    pub host: Host,
    /// The path, after a `/` unless `raw_path`.
    pub path: Text,
    /// Leave out the leading `/`.
    pub raw_path: bool,
    /// The query (the first 8).
    pub query: Vec<(Name, Text)>,
    /// The headers (the first 8).
    pub headers: Vec<(Name, Text)>,
    /// The body.
    pub payload: PayloadCase,
    /// A session token.
    pub token: Option<Text>,
    /// Seconds after [`BASE_TIME`].
    pub seconds: u32,
    /// The presigned lifetime: 1 s and this modulo 700 000 (above 7 days
    /// is refused).
    pub expires: u32,
    /// Edits, each tried on its own (the first 4).
    pub tampers: Vec<Tamper>,
}

/// Credentials with [`ACCESS_KEY_ID`], [`SECRET`] and, when it is one that
/// credentials take, a session token of [`TOKEN_START`] and `token`.
pub fn credentials(token: Option<&str>) -> Credentials {
    let creds = Credentials::new(ACCESS_KEY_ID, SECRET).expect("valid credentials");
    match token {
        Some(t) => match creds
            .clone()
            .with_session_token(format!("{TOKEN_START}{t}"))
        {
            Ok(with) => with,
            Err(_) => creds,
        },
        None => creds,
    }
}

impl Service {
    /// The service's name.
    pub fn render(&self) -> String {
        match self {
            Service::S3 => "s3".into(),
            Service::Iam => "iam".into(),
            Service::ExecuteApi => "execute-api".into(),
            Service::Other(t) => t.render(),
        }
    }
}

impl Method {
    /// The method.
    pub fn render(&self) -> String {
        match self {
            Method::Get => "GET".into(),
            Method::Put => "PUT".into(),
            Method::Post => "POST".into(),
            Method::Delete => "DELETE".into(),
            Method::Head => "HEAD".into(),
            Method::Other(t) => t.render(),
        }
    }
}

impl Host {
    /// The host.
    pub fn render(&self) -> String {
        match self {
            Host::Aws => "examplebucket.s3.amazonaws.com".into(),
            Host::Local => "127.0.0.1:9000".into(),
            Host::Ipv6 => "[::1]:8080".into(),
            Host::Other(t) => t.render(),
        }
    }
}

impl PayloadCase {
    /// The payload.
    pub fn payload<'a>(&self, text: &'a mut String) -> Payload<'a> {
        match self {
            PayloadCase::Empty => Payload::Empty,
            PayloadCase::Unsigned => Payload::Unsigned,
            PayloadCase::Bytes(b) => {
                *text = String::from_utf8_lossy(b).into_owned();
                Payload::Bytes(text.as_bytes())
            }
            PayloadCase::EmptyHash => {
                *text = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".into();
                Payload::Hash(text)
            }
            PayloadCase::UnsignedHash => Payload::Hash("UNSIGNED-PAYLOAD"),
            PayloadCase::Hash(t) => {
                *text = t.render();
                Payload::Hash(text)
            }
        }
    }
}

/// Renders name-value pairs, the first 8.
pub fn pairs(list: &[(Name, Text)]) -> Vec<(String, String)> {
    list.iter()
        .take(8)
        .map(|(n, v)| (n.render(), v.render()))
        .collect()
}

/// Borrows rendered pairs.
pub fn borrow(list: &[(String, String)]) -> Vec<(&str, &str)> {
    list.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

/// Percent-decodes as a server reads a URL: `%` and two hex digits is a
/// byte, any other `%` stands for itself. `None` when the bytes are not
/// UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let escape = match (b[i], b.get(i + 1), b.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) => hex(h).zip(hex(l)).map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match escape {
            Some(byte) => {
                out.push(byte as u8);
                i += 3;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A target's path and its query's parameters, decoded; empty pieces
/// skipped, a piece without `=` an empty value.
pub fn split_target(target: &str) -> Option<(&str, Vec<(String, String)>)> {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut params = Vec::new();
    for piece in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
        params.push((percent_decode(name)?, percent_decode(value)?));
    }
    Some((path, params))
}

/// The path the signer's rules sign: under [`PathRule::Normalized`], with
/// `.` and `..` segments removed and slashes merged (RFC 3986's
/// remove_dot_segments, as SigV4 does), so that a segment that `..` removes
/// is not read (the verifier takes `/\0/..` for `/`).
pub fn rule_path(signer: &Signer, path: &str) -> String {
    if signer.rules().path != PathRule::Normalized {
        return path.to_string();
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out: String = segments.iter().map(|s| format!("/{s}")).collect();
    if out.is_empty() || path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..") {
        out.push('/');
    }
    out
}

/// The headers a presigned URL's user sends: the signed ones, with `Host`.
pub fn with_host<'a>(headers: &[(&'a str, &'a str)], host: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut all = headers.to_vec();
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        all.push(("host", host));
    }
    all
}

/// What a presigned request means: the canonical request the signer writes
/// for the method, host, path, parameters, headers and payload received,
/// with the date and lifetime of its `X-Amz-Date` and `X-Amz-Expires`.
#[allow(clippy::too_many_arguments)]
pub fn presigned_meaning(
    signer: &Signer,
    creds: &Credentials,
    method: &str,
    host: &str,
    target: &str,
    headers: &[(&str, &str)],
    payload: Payload<'_>,
) -> Result<presign::Steps, String> {
    let (path, params) = split_target(target).ok_or("a parameter is not UTF-8")?;
    let find = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let time = AmzDate::parse(find("X-Amz-Date").unwrap_or("")).map_err(|e| e.to_string())?;
    let expires: u64 = find("X-Amz-Expires")
        .unwrap_or("")
        .parse()
        .map_err(|_| "X-Amz-Expires")?;
    let query: Vec<(&str, &str)> = borrow(&params)
        .into_iter()
        .filter(|(n, _)| !RESERVED.contains(n))
        .collect();
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .copied()
        .filter(|(n, v)| !(n.eq_ignore_ascii_case("host") && *v == host))
        .collect();
    let path = rule_path(signer, path);
    let request = Request {
        method,
        host,
        path: &path,
        query: &query,
        headers: &headers,
        payload,
    };
    signer
        .explain_presign(creds, &request, time, Duration::from_secs(expires))
        .map_err(|e| e.to_string())
}

/// What a header-signed request means: the canonical request the signer
/// writes for what was received, the headers its `SignedHeaders` lists signed,
/// dated by its `x-amz-date`, with its `x-amz-content-sha256` as the
/// payload hash when it has one.
pub fn signed_meaning(
    signer: &Signer,
    creds: &Credentials,
    method: &str,
    host: &str,
    target: &str,
    headers: &[(&str, &str)],
    payload: Payload<'_>,
) -> Result<presign::Steps, String> {
    let (path, params) = split_target(target).ok_or("a parameter is not UTF-8")?;
    let query = borrow(&params);
    let value = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim_matches([' ', '\t']))
    };
    let time = AmzDate::parse(value("x-amz-date").unwrap_or("")).map_err(|e| e.to_string())?;
    let payload = value("x-amz-content-sha256").map_or(payload, Payload::Hash);
    // The headers the signature covers, as its SignedHeaders lists them.
    let list = value("authorization")
        .and_then(|a| a.split_once("SignedHeaders="))
        .map(|(_, rest)| rest.split([',', ' ']).next().unwrap_or(""))
        .ok_or("no SignedHeaders")?;
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .copied()
        .filter(|(n, _)| list.split(';').any(|s| s.eq_ignore_ascii_case(n)))
        .collect();
    let path = rule_path(signer, path);
    let request = Request {
        method,
        host,
        path: &path,
        query: &query,
        headers: &headers,
        payload,
    };
    signer
        .explain_sign(creds, &request, time)
        .map_err(|e| e.to_string())
}

/// Signs the case both ways; checks every Ok output, that it verifies, and
/// that each tampering either is refused or leaves its meaning as it was.
/// Returns how many outputs verified (0 to 2).
pub fn check(case: &Case) -> u32 {
    let (region, service) = (case.region.render(), case.service.render());
    let token = case.token.as_ref().map(Text::render);
    let creds = credentials(token.as_deref());
    let secrets = [SECRET, creds.session_token().unwrap_or("")];
    let signer = match Signer::new(&region, &service) {
        Ok(s) => s,
        Err(e) => {
            check::no_secret(&e.to_string(), &secrets, case);
            return 0;
        }
    };
    let rules = case.rules.pick(&service);
    let signer = signer.with_rules(rules);
    let policy = Policy::new(&region, &service)
        .expect("a signer's region and service make a policy")
        .with_rules(rules);
    let time = AmzDate::from_unix_seconds(BASE_TIME + i64::from(case.seconds)).expect("a time");
    let (method, host) = (case.method.render(), case.host.render());
    let path = match case.raw_path {
        true => case.path.render(),
        false => format!("/{}", case.path.render()),
    };
    let (query, headers) = (pairs(&case.query), pairs(&case.headers));
    let (query, headers) = (borrow(&query), borrow(&headers));
    let mut payload_text = String::new();
    let payload = case.payload.payload(&mut payload_text);
    let request = Request {
        method: &method,
        host: &host,
        path: &path,
        query: &query,
        headers: &headers,
        payload,
    };
    let tampers = &case.tampers[..case.tampers.len().min(4)];

    let expires = Duration::from_secs(1 + u64::from(case.expires % 700_000));
    let mut verified_outputs = 0;
    match signer.presign(&creds, &request, time, expires) {
        Ok(target) => {
            let signature = check::presigned_target(&target);
            let steps = signer
                .explain_presign(&creds, &request, time, expires)
                .expect("explain_presign takes what presign takes");
            assert_eq!(steps.signature, signature, "explain_presign's signature");
            let sent = with_host(&headers, &host);
            let received = Received {
                method: &method,
                target: &target,
                headers: &sent,
                payload,
            };
            let verified = policy
                .verify(&received, &creds, time)
                .unwrap_or_else(|r| panic!("a presigned URL is refused ({r}): {target}"));
            assert_eq!(verified.access_key_id, ACCESS_KEY_ID);
            assert_eq!(verified.date, time);
            verified_outputs += 1;
            for tamper in tampers {
                let Some(tampered) = tamper.edit.apply(&target) else {
                    continue;
                };
                let received = Received {
                    target: &tampered,
                    ..received
                };
                if policy.verify(&received, &creds, time).is_ok() {
                    let meaning = presigned_meaning(
                        &signer, &creds, &method, &host, &tampered, &sent, payload,
                    )
                    .map(|s| s.canonical_request);
                    assert_eq!(
                        meaning.as_ref(),
                        Ok(&steps.canonical_request),
                        "a tampered URL verifies with another meaning: {target} became {tampered}"
                    );
                }
            }
        }
        Err(e) => check::no_secret(&e.to_string(), &secrets, case),
    }

    match signer.sign(&creds, &request, time) {
        Ok(signed) => {
            let steps = signer
                .explain_sign(&creds, &request, time)
                .expect("explain_sign takes what sign takes");
            assert_eq!(
                steps.signature,
                signed.signature(),
                "explain_sign's signature"
            );
            assert!(check::is_signature(signed.signature()));
            let mut sent = with_host(&headers, &host);
            for (name, value) in signed.headers() {
                check::header_value(name, value);
                sent.push((name, value));
            }
            let received = Received {
                method: &method,
                target: signed.target(),
                headers: &sent,
                payload,
            };
            policy.verify(&received, &creds, time).unwrap_or_else(|r| {
                panic!("a signed request is refused ({r}): {}", signed.target())
            });
            verified_outputs += 1;
            for tamper in tampers {
                tamper_signed(
                    &signer, &policy, &creds, &received, &host, &steps, *tamper, time,
                );
            }
        }
        Err(e) => check::no_secret(&e.to_string(), &secrets, case),
    }
    verified_outputs
}

/// Tampers with a header-signed request: it is refused, or means what it
/// did.
#[allow(clippy::too_many_arguments)]
fn tamper_signed(
    signer: &Signer,
    policy: &Policy,
    creds: &Credentials,
    received: &Received<'_>,
    host: &str,
    steps: &presign::Steps,
    tamper: Tamper,
    time: AmzDate,
) {
    let n = received.headers.len();
    let part = usize::from(tamper.part) % (1 + 2 * n);
    let mut headers: Vec<(String, String)> = received
        .headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let mut target = received.target.to_string();
    let changed = match part {
        0 => tamper.edit.apply(&target).map(|t| target = t),
        i if i <= n => tamper
            .edit
            .apply(&headers[i - 1].1)
            .map(|v| headers[i - 1].1 = v),
        i => tamper
            .edit
            .apply(&headers[i - n - 1].0)
            .map(|v| headers[i - n - 1].0 = v),
    };
    if changed.is_none() {
        return;
    }
    let headers = borrow(&headers);
    let tampered = Received {
        target: &target,
        headers: &headers,
        ..*received
    };
    if policy.verify(&tampered, creds, time).is_ok() {
        let meaning = signed_meaning(
            signer,
            creds,
            received.method,
            host,
            &target,
            &headers,
            received.payload,
        )
        .map(|s| s.canonical_request);
        assert_eq!(
            meaning.as_ref(),
            Ok(&steps.canonical_request),
            "a tampered signed request verifies with another meaning: {received:?} became {tampered:?}"
        );
    }
}
