//! A presigned S3 request through the front door ([`PresignCase`]): its
//! generator, and the bucket and action our library makes of it.

use presign::{Action, Bucket, Endpoint, UrlStyle};

use super::action::{gen_action, ActionKind};
use super::creds::{gen_creds, Creds};
use super::endpoint::{pick_bucket, pick_endpoint};
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
    /// The style the bucket must have; see
    /// [`BucketPick`](super::endpoint::BucketPick).
    pub style: UrlStyle,
    /// The style asked of `Bucket::new`.
    pub asked: UrlStyle,
    /// Made with `Bucket::aws`.
    pub aws_ctor: bool,
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
    let (endpoint, asked) = pick_endpoint(rng);
    let pick = pick_bucket(rng, &endpoint, asked);
    let (bucket, style) = (pick.name, pick.style);
    let creds = gen_creds(rng);
    let action = gen_action(rng);
    let unix = gen_time(rng);
    let timestamp = amz_date(unix).timestamp().to_string();
    let host = match style {
        UrlStyle::VirtualHost => format!("{bucket}.{}", endpoint.host),
        UrlStyle::Path | UrlStyle::CustomDomain => endpoint.host.to_string(),
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
        endpoint: endpoint.given,
        style,
        asked: pick.asked,
        aws_ctor: pick.aws_ctor,
        bucket,
        region: pick.region.unwrap_or_else(|| rng.pick(REGIONS)),
        key: gen_key(rng),
        query: gen_query(rng),
        headers,
        creds,
        action,
        unix,
        expires: gen_expiry(rng),
    }
}

/// The bucket of a generated S3 case, made as the case says; an error if
/// the library refuses it or gives it another style (or, from
/// `Bucket::aws`, another endpoint) than expected.
pub fn case_bucket(case: &PresignCase) -> Result<Bucket, String> {
    let endpoint = Endpoint::parse(case.endpoint).expect("endpoint parses");
    let bucket = if case.aws_ctor {
        Bucket::aws(case.bucket, case.region)
    } else {
        Bucket::new(endpoint.clone(), case.bucket, case.region, case.asked)
    }
    .map_err(|e| {
        format!(
            "case {}: bucket refused: {e}\n  case: {case:#?}",
            case.index
        )
    })?;
    if bucket.style() != case.style || *bucket.endpoint() != endpoint {
        return Err(format!(
            "case {}: bucket made as {bucket:?}, style {:?}; expected style {:?} on {endpoint:?}\n  \
             case: {case:#?}",
            case.index,
            bucket.style(),
            case.style,
        ));
    }
    Ok(bucket)
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
