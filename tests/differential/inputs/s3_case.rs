//! A presigned S3 request through the front door ([`PresignCase`]): its
//! generator, and the bucket and action our library makes of it.

use presign::{Action, Bucket, Endpoint, UrlStyle};

use super::action::{gen_action, ActionKind};
use super::creds::{gen_creds, Creds};
use super::endpoint::{pick_endpoint, BUCKETS};
use super::headers::{gen_headers, special_header};
use super::key::gen_key;
use super::query::gen_query;
use super::time::{amz_date, gen_expiry, gen_time};
use super::REGIONS;
use crate::rng::Rng;

#[derive(Debug)]
pub struct PresignCase {
    pub index: usize,
    pub endpoint: &'static str,
    pub style: UrlStyle,
    pub bucket: &'static str,
    pub region: &'static str,
    pub creds: Creds,
    pub action: ActionKind,
    pub key: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub unix: i64,
    pub expires: u64,
}

pub fn gen_presign_case(rng: &mut Rng, index: usize) -> PresignCase {
    let (endpoint, style) = pick_endpoint(rng);
    let bucket = rng.pick(BUCKETS);
    let creds = gen_creds(rng);
    let action = gen_action(rng);
    let unix = gen_time(rng);
    let timestamp = amz_date(unix).timestamp().to_string();
    let host = match style {
        UrlStyle::VirtualHost => format!("{bucket}.{}", endpoint.3),
        UrlStyle::Path | UrlStyle::CustomDomain => endpoint.3.to_string(),
    };
    let mut headers = gen_headers(rng, false);
    special_header(
        rng,
        8,
        &mut headers,
        &host,
        &timestamp,
        "UNSIGNED-PAYLOAD",
        creds.token.as_deref(),
    );
    PresignCase {
        index,
        endpoint: endpoint.0,
        style,
        bucket,
        region: rng.pick(REGIONS),
        key: gen_key(rng),
        query: gen_query(rng),
        headers,
        creds,
        action,
        unix,
        expires: gen_expiry(rng),
    }
}

/// The bucket of a generated S3 case.
pub fn case_bucket(endpoint: &str, name: &str, region: &str, style: UrlStyle) -> Bucket {
    let endpoint = Endpoint::parse(endpoint).expect("endpoint parses");
    Bucket::new(endpoint, name, region, style).expect("bucket is valid")
}

/// `action` with a case's query parameters and headers, in order.
pub fn with_pairs<'a>(
    mut action: Action<'a>,
    query: &'a [(String, String)],
    headers: &'a [(String, String)],
) -> Action<'a> {
    for (k, v) in query {
        action = action.with_query(k.as_str(), v.as_str());
    }
    for (k, v) in headers {
        action = action.with_header(k.as_str(), v.as_str());
    }
    action
}
