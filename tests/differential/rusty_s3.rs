//! S3 presigned GET and PUT URLs against `rusty-s3`: the cases it can make
//! too, and the byte-for-byte comparison.

use std::time::Duration;

use presign::{Payload, Request, UrlStyle};
use rusty_s3::S3Action as _;

use crate::encode::pairs;
use crate::inputs::action::ActionKind;
use crate::inputs::creds::gen_creds;
use crate::inputs::endpoint::{endpoint_row, pick_bucket, pick_endpoint};
use crate::inputs::headers::gen_header_value;
use crate::inputs::key::gen_key;
use crate::inputs::query::gen_query_value;
use crate::inputs::s3_case::{case_bucket, with_pairs, PresignCase};
use crate::inputs::time::{amz_date, gen_expiry, gen_time};
use crate::inputs::REGIONS;
use crate::rng::Rng;
use crate::tally::describe_steps;

/// Query names rusty-s3 sorts like the specification: it sorts names before
/// encoding them (documented on `rusty_s3::signing::sign`), which agrees with
/// sorting the encoded names only when no name needs encoding.
pub const RUSTY_QUERY_NAMES: &[&str] = &[
    "response-content-disposition",
    "response-content-type",
    "versionId",
    "x-id",
    "Z",
    "z",
    "_",
    "~",
    "-",
    ".",
    "0",
    "A~",
    "a.b",
    "X-Amz-Meta",
    "x-amz-foo",
];

/// Header names in lower case, as rusty-s3 requires.
pub const RUSTY_HEADER_NAMES: &[&str] = &[
    "content-type",
    "content-md5",
    "content-disposition",
    "cache-control",
    "x-amz-acl",
    "x-amz-meta-foo",
    "x-amz-meta-a.b_c~d",
    "x-amz-storage-class",
    "range",
    "user-agent",
];

/// A presigned GET or PUT of the kind rusty-s3 can make too.
pub fn gen_rusty_case(rng: &mut Rng, index: usize) -> PresignCase {
    let (endpoint, asked) = pick_endpoint(rng);
    let pick = pick_bucket(rng, &endpoint, asked);
    // rusty-s3 builds URLs with the `url` crate, which resolves `.` and `..`
    // segments (documented under "Object keys" on `rusty_s3::Bucket`).
    let key = loop {
        let key = gen_key(rng);
        if !key.split('/').any(|s| s == "." || s == "..") {
            break key;
        }
    };
    // rusty-s3 keeps one value per name in a sorted map.
    let mut query: Vec<(String, String)> = Vec::new();
    for _ in 0..rng.below(5) {
        let name = rng.pick(RUSTY_QUERY_NAMES).to_string();
        if query.iter().all(|(n, _)| *n != name) {
            query.push((name, gen_query_value(rng)));
        }
    }
    let tabs = rng.chance(30);
    let mut headers: Vec<(String, String)> = Vec::new();
    for _ in 0..rng.below(5) {
        let name = rng.pick(RUSTY_HEADER_NAMES).to_string();
        if headers.iter().all(|(n, _)| *n != name) {
            headers.push((name, gen_header_value(rng, tabs)));
        }
    }
    PresignCase {
        index,
        endpoint: endpoint.given,
        style: pick.style,
        asked: pick.asked,
        aws_ctor: pick.aws_ctor,
        bucket: pick.name,
        region: pick.region.unwrap_or_else(|| rng.pick(REGIONS)),
        creds: gen_creds(rng),
        action: if rng.chance(50) {
            ActionKind::Put
        } else {
            ActionKind::Get
        },
        key,
        query,
        headers,
        // jiff stops a day short of `AmzDate`'s range, at
        // 9999-12-30T22:00:00Z, to leave room for time zone offsets.
        unix: gen_time(rng).min(JIFF_MAX_UNIX),
        expires: gen_expiry(rng),
    }
}

pub const JIFF_MAX_UNIX: i64 = 253_402_207_200;

/// The rusty-s3 bucket that has the same URLs as a case's: its endpoint,
/// style and name. rusty-s3 has no custom domain style, but a custom domain
/// (`https://images.example.com/p/KEY`) has the URLs of a virtual-hosted
/// bucket named after its first label (`images`) on the parent domain
/// (`https://example.com/p`): same host, path and signature.
pub fn rusty_bucket_of(case: &PresignCase) -> (String, rusty_s3::UrlStyle, String) {
    match case.style {
        UrlStyle::VirtualHost => (
            case.endpoint.to_string(),
            rusty_s3::UrlStyle::VirtualHost,
            case.bucket.to_string(),
        ),
        UrlStyle::Path => (
            case.endpoint.to_string(),
            rusty_s3::UrlStyle::Path,
            case.bucket.to_string(),
        ),
        UrlStyle::CustomDomain => {
            let row = endpoint_row(case.endpoint);
            let (label, parent) = row
                .authority
                .split_once('.')
                .expect("a custom domain has a parent domain");
            (
                format!("{}://{parent}{}", row.scheme, row.prefix),
                rusty_s3::UrlStyle::VirtualHost,
                label.to_string(),
            )
        }
    }
}

/// A rusty-s3 case compared, and both URLs for the verifier.
pub struct RustyChecked {
    pub outcome: Result<(), String>,
    /// Our URL.
    pub ours: Option<String>,
    /// rusty-s3's URL.
    pub theirs: Option<String>,
}

pub fn check_rusty_case(case: &PresignCase) -> RustyChecked {
    let bucket = match case_bucket(case) {
        Ok(bucket) => bucket,
        Err(report) => {
            return RustyChecked {
                outcome: Err(report),
                ours: None,
                theirs: None,
            }
        }
    };
    let put = matches!(case.action, ActionKind::Put);
    let creds = case.creds.ours();
    let time = amz_date(case.unix);
    let expires = Duration::from_secs(case.expires);
    let action = case.action.build(&bucket, &case.key);
    let action = with_pairs(action, &case.query, &case.headers);
    let ours = action.presign(&creds, time, expires);

    let (endpoint, style, name) = rusty_bucket_of(case);
    let rusty_bucket = rusty_s3::Bucket::new(
        endpoint.parse().expect("endpoint is a URL"),
        style,
        name,
        case.region,
    )
    .expect("rusty-s3 bucket");
    let rusty_creds = match &case.creds.token {
        Some(t) => rusty_s3::Credentials::new_with_token(
            case.creds.access_key_id.as_str(),
            case.creds.secret.as_str(),
            t.as_str(),
        ),
        None => rusty_s3::Credentials::new(
            case.creds.access_key_id.as_str(),
            case.creds.secret.as_str(),
        ),
    };
    let at = jiff::Timestamp::from_second(case.unix).expect("jiff timestamp");
    let theirs = if put {
        let mut a = rusty_bucket.put_object(Some(&rusty_creds), &case.key);
        for (k, v) in &case.query {
            a.query_mut().insert(k.as_str(), v.as_str());
        }
        for (k, v) in &case.headers {
            a.headers_mut().insert(k.as_str(), v.as_str());
        }
        a.sign_with_time(expires, &at).to_string()
    } else {
        let mut a = rusty_bucket.get_object(Some(&rusty_creds), &case.key);
        for (k, v) in &case.query {
            a.query_mut().insert(k.as_str(), v.as_str());
        }
        for (k, v) in &case.headers {
            a.headers_mut().insert(k.as_str(), v.as_str());
        }
        a.sign_with_time(expires, &at).to_string()
    };
    if ours.as_deref() == Ok(theirs.as_str()) {
        return RustyChecked {
            outcome: Ok(()),
            ours: ours.ok(),
            theirs: Some(theirs),
        };
    }
    let path = theirs
        .split('?')
        .next()
        .and_then(|u| u.find("://").map(|i| &u[i + 3..]))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap_or_default();
    let explained = bucket.signer().explain_presign(
        &creds,
        &Request {
            method: if put { "PUT" } else { "GET" },
            host: bucket.host(),
            path: &path,
            query: &pairs(&case.query),
            headers: &pairs(&case.headers),
            payload: Payload::Unsigned,
        },
        time,
        expires,
    );
    RustyChecked {
        outcome: Err(format!(
            "rusty-s3 case {} differs\n  case: {case:#?}\n  ours:     {ours:?}\n  rusty-s3: {theirs}\n  \
             our steps: {}",
            case.index,
            describe_steps(explained),
        )),
        ours: ours.ok(),
        theirs: Some(theirs),
    }
}
