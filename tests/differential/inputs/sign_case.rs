//! A generic signed or presigned request ([`SignCase`]) under each service's
//! rules ([`Flavor`]): hosts, services, methods, and its generator.

use presign::{ContentSha256, PathRule, Rules, SessionToken, Signer};

use super::body::{gen_body, Body};
use super::creds::{gen_creds, Creds};
use super::endpoint::BUCKETS;
use super::headers::{gen_headers, special_header};
use super::key::gen_key;
use super::path::{gen_wire_path, wire_form};
use super::query::{gen_query, gen_query_value};
use super::time::{amz_date, gen_expiry, gen_time};
use super::REGIONS;
use crate::encode::enc_path;
use crate::rng::Rng;

/// The service rules under test, and the aws-sigv4 settings that mean the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// `Rules::S3`.
    S3,
    /// S3 paths without the `x-amz-content-sha256` header.
    S3WithoutContentHeader,
    /// `Rules::DEFAULT`: normalised, double-encoded paths.
    Normalized,
    /// Double-encoded paths, not normalised.
    Unnormalized,
}

impl Flavor {
    pub fn rules(self, token: SessionToken) -> Rules {
        let (path, content_sha256) = match self {
            Flavor::S3 => (PathRule::S3, ContentSha256::Header),
            Flavor::S3WithoutContentHeader => (PathRule::S3, ContentSha256::Omitted),
            Flavor::Normalized => (PathRule::Normalized, ContentSha256::Omitted),
            Flavor::Unnormalized => (PathRule::Unnormalized, ContentSha256::Omitted),
        };
        Rules {
            path,
            content_sha256,
            session_token: token,
        }
    }

    pub fn is_s3(self) -> bool {
        matches!(self, Flavor::S3 | Flavor::S3WithoutContentHeader)
    }
}

/// Hosts as sent in `Host`, with the scheme of the URL; no default ports.
pub const SIGN_HOSTS: &[(&str, &str)] = &[
    ("https", "examplebucket.s3.amazonaws.com"),
    ("https", "s3.eu-west-1.amazonaws.com"),
    ("https", "iam.amazonaws.com"),
    ("http", "127.0.0.1:9000"),
    ("http", "localhost:8080"),
    ("https", "[::1]:8443"),
    ("https", "abc123.execute-api.us-east-1.amazonaws.com"),
    ("http", "example.com:443"),
    ("https", "example.com:80"),
    ("https", "search-domain.eu-west-1.es.amazonaws.com"),
];

pub const SERVICES: &[&str] = &[
    "iam",
    "execute-api",
    "es",
    "sts",
    "dynamodb",
    "lambda",
    "sqs",
    "monitoring",
    "aoss",
];

pub const METHODS: &[&str] = &["GET", "PUT", "HEAD", "DELETE", "POST", "PATCH", "OPTIONS"];

#[derive(Debug)]
pub struct SignCase {
    pub index: usize,
    pub flavor: Flavor,
    pub token_rule: SessionToken,
    pub region: &'static str,
    pub service: &'static str,
    pub creds: Creds,
    pub method: &'static str,
    pub scheme: &'static str,
    pub host: &'static str,
    /// The path given to us.
    pub path: String,
    /// The path given to aws-sigv4: the same, or for S3 the decoded path
    /// encoded here once.
    pub aws_path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    pub unix: i64,
    pub expires: u64,
}

/// Names presigning sets itself, in odd case too.
pub const PRESIGNING_PARAMS: &[&str] = &[
    "X-Amz-Date",
    "X-Amz-Expires",
    "x-amz-signature",
    "X-Amz-Credential",
];

pub fn gen_sign_case(rng: &mut Rng, index: usize, header_mode: bool) -> SignCase {
    let flavor = rng.pick(&[
        Flavor::S3,
        Flavor::S3,
        Flavor::S3WithoutContentHeader,
        Flavor::Normalized,
        Flavor::Normalized,
        Flavor::Unnormalized,
    ]);
    let token_rule = if rng.chance(20) {
        SessionToken::AddedAfterSigning
    } else {
        SessionToken::Signed
    };
    let service = if flavor.is_s3() {
        "s3"
    } else {
        rng.pick(SERVICES)
    };
    let (path, aws_path) = if flavor.is_s3() {
        let decoded = match rng.below(4) {
            0 => "/".to_string(),
            1 => format!("/{}/{}", rng.pick(BUCKETS), gen_key(rng)),
            _ => format!("/{}", gen_key(rng)),
        };
        (wire_form(rng, &decoded), enc_path(&decoded))
    } else {
        let p = gen_wire_path(rng);
        (p.clone(), p)
    };
    let (scheme, host) = rng.pick(SIGN_HOSTS);
    let creds = gen_creds(rng);
    let mut body = gen_body(rng);
    let unix = gen_time(rng);
    let timestamp = amz_date(unix).timestamp().to_string();
    let mut headers = gen_headers(rng, header_mode);
    // Often enough that `SignedRequest::headers` is seen leaving out each
    // header the request already has.
    special_header(
        rng,
        16,
        &mut headers,
        host,
        &timestamp,
        &body.hash(),
        creds.token.as_deref(),
    );
    // A presigned S3 URL signs UNSIGNED-PAYLOAD unless it also signs the
    // hash as an x-amz-content-sha256 header (anything else is refused).
    let hash_header = headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("x-amz-content-sha256"));
    if !header_mode && flavor.is_s3() && !hash_header {
        body = Body::Unsigned;
    }
    let mut query = gen_query(rng);
    if header_mode && rng.chance(5) {
        // Presigning's own parameter names are only reserved when presigning:
        // a header-signed request may carry them like any other.
        let name = rng.pick(PRESIGNING_PARAMS);
        let at = rng.below(query.len() as u64 + 1) as usize;
        query.insert(at, (name.to_string(), gen_query_value(rng)));
    }
    SignCase {
        index,
        flavor,
        token_rule,
        region: rng.pick(REGIONS),
        service,
        method: rng.pick(METHODS),
        scheme,
        host,
        path,
        aws_path,
        query,
        headers,
        body,
        creds,
        unix,
        expires: gen_expiry(rng),
    }
}

impl SignCase {
    pub fn signer(&self) -> Signer {
        Signer::new(self.region, self.service)
            .expect("valid scope")
            .with_rules(self.flavor.rules(self.token_rule))
    }
}
