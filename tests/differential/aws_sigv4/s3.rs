//! Presigned S3 URLs through the front door ([`presign::Action::presign`]),
//! against `aws-sigv4` in S3's single-encoding mode.

use std::time::Duration;

use aws_sigv4::http_request::{
    PercentEncodingMode, SignableBody, SignatureLocation, UriPathNormalizationMode,
};
use presign::{Payload, Request, UrlStyle};

use super::{aws_settings, run_aws, AwsInput};
use crate::encode::{canonical_query, enc, enc_path, pairs, wire_query};
use crate::exclusions::{tabs_normalised_for_aws_sigv4, Exclusion, TAB};
use crate::inputs::action::ActionKind;
use crate::inputs::endpoint::endpoint_row;
use crate::inputs::s3_case::{case_bucket, with_pairs, PresignCase};
use crate::inputs::time::amz_date;
use crate::tally::describe_steps;

/// A presign case compared, and what the verification of both URLs needs.
pub struct PresignChecked {
    pub outcome: Result<(), String>,
    pub excluded: Exclusion,
    /// Our URL.
    pub ours: Option<String>,
    /// `aws-sigv4`'s URL: the one it was given, with the parameters it
    /// returned appended in its order, encoded here.
    pub aws_url: String,
    /// The `Host` header a client sends to either URL (no default port,
    /// as `aws-sigv4` signs it).
    pub host: String,
    /// The headers as `aws-sigv4` was given them.
    pub aws_headers: Vec<(String, String)>,
}

pub fn check_presign_case(case: &PresignCase) -> PresignChecked {
    let checked = |outcome, excluded| PresignChecked {
        outcome,
        excluded,
        ours: None,
        aws_url: String::new(),
        host: String::new(),
        aws_headers: Vec::new(),
    };
    let endpoint = endpoint_row(case.endpoint);
    let (scheme, authority, url_host, prefix) = (
        endpoint.scheme,
        endpoint.authority,
        endpoint.host,
        endpoint.prefix,
    );
    let bucket = match case_bucket(case) {
        Ok(bucket) => bucket,
        Err(report) => return checked(Err(report), None),
    };
    let creds = case.creds.ours();
    let time = amz_date(case.unix);
    let expires = Duration::from_secs(case.expires);

    let action = case.action.build(&bucket, &case.key);
    let action = with_pairs(action, &case.query, &case.headers);
    let ours = action.presign(&creds, time, expires);

    // The expected URL, built independently of the library. aws-sigv4 (which
    // signs the path exactly as given in S3's single-encoding mode) gets the
    // key encoded here, not as we encoded it: a wrong path encoding of ours
    // shows up in the URL and in the signature, never in both signers alike.
    let key = match case.action {
        ActionKind::ListObjectsV2 => None,
        _ => Some(case.key.as_str()),
    };
    let path = match (case.style, key) {
        (UrlStyle::VirtualHost | UrlStyle::CustomDomain, Some(key)) => {
            format!("{prefix}/{}", enc_path(key))
        }
        (UrlStyle::VirtualHost | UrlStyle::CustomDomain, None) => format!("{prefix}/"),
        (UrlStyle::Path, Some(key)) => {
            format!("{prefix}/{}/{}", enc(case.bucket), enc_path(key))
        }
        (UrlStyle::Path, None) => format!("{prefix}/{}", enc(case.bucket)),
    };
    let (url_host, aws_authority) = match case.style {
        UrlStyle::VirtualHost => (
            format!("{}.{url_host}", case.bucket),
            format!("{}.{authority}", case.bucket),
        ),
        UrlStyle::Path | UrlStyle::CustomDomain => (url_host.to_string(), authority.to_string()),
    };
    let mut all_query = case.action.query();
    all_query.extend(case.query.iter().cloned());
    let mut aws_url = format!("{scheme}://{aws_authority}{path}");
    if !all_query.is_empty() {
        aws_url.push('?');
        aws_url.push_str(&wire_query(&all_query));
    }

    let tab_free = tabs_normalised_for_aws_sigv4(&case.headers);
    let excluded = tab_free.is_some().then_some(TAB);
    let aws_headers = tab_free.unwrap_or_else(|| case.headers.clone());
    let mut settings = aws_settings(SignatureLocation::QueryParams);
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    settings.expires_in = Some(expires);
    let aws = run_aws(AwsInput {
        method: case.action.method(),
        url: aws_url.clone(),
        headers: pairs(&aws_headers),
        body: SignableBody::UnsignedPayload,
        creds: &case.creds,
        region: case.region,
        service: "s3",
        unix: case.unix,
        settings,
    });

    let mut signed = all_query.clone();
    signed.extend(
        aws.params
            .iter()
            .filter(|(k, _)| k != "X-Amz-Signature")
            .cloned(),
    );
    let expected = format!(
        "{scheme}://{url_host}{path}?{}&X-Amz-Signature={}",
        canonical_query(&signed),
        aws.signature
    );
    let mut aws_signed_url = aws_url.clone();
    aws_signed_url.push(if all_query.is_empty() { '?' } else { '&' });
    aws_signed_url.push_str(&wire_query(&aws.params));
    let checked = |outcome| PresignChecked {
        outcome,
        excluded,
        ours: ours.as_ref().ok().cloned(),
        aws_url: aws_signed_url,
        host: url_host.clone(),
        aws_headers,
    };
    if ours.as_deref() == Ok(expected.as_str()) {
        return checked(Ok(()));
    }

    let explained = bucket.signer().explain_presign(
        &creds,
        &Request {
            method: case.action.method(),
            host: bucket.host(),
            path: &path,
            query: &pairs(&all_query),
            headers: &pairs(&case.headers),
            payload: Payload::Unsigned,
        },
        time,
        expires,
    );
    let our_signature = ours
        .as_deref()
        .ok()
        .and_then(|u| u.split("X-Amz-Signature=").nth(1))
        .unwrap_or("-");
    let report = format!(
        "presign case {} differs\n  case: {case:#?}\n  request URL given to aws-sigv4: {aws_url}\n  \
         ours:     {ours:?}\n  expected: {expected}\n  our signature:      {our_signature}\n  \
         aws-sigv4 signature: {}\n  our steps: {}",
        case.index,
        aws.signature,
        describe_steps(explained),
    );
    checked(Err(report))
}
