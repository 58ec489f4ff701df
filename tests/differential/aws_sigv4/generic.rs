//! Header signing ([`presign::Signer::sign`]) and generic presigned targets
//! ([`presign::Signer::presign`]) under each service's rules, against
//! `aws-sigv4`.

use std::time::Duration;

use aws_sigv4::http_request::{SessionTokenMode, SignatureLocation};
use presign::{Request, SessionToken, SignedRequest};

use super::run_aws;
use crate::encode::{canonical_query, enc, pairs, wire_query};
use crate::exclusions::{
    caller_signs_unsigned_token, tabs_normalised_for_aws_sigv4, Exclusion, TAB, TOKEN_HEADER,
};
use crate::inputs::sign_case::SignCase;
use crate::inputs::time::amz_date;
use crate::tally::describe_steps;

/// A header-signing case compared, and what the verification of both
/// signatures needs.
pub struct SignChecked {
    pub outcome: Result<(), String>,
    pub excluded: Exclusion,
    /// Our signed request.
    pub ours: Option<SignedRequest>,
    /// The headers `aws-sigv4` set.
    pub aws_headers_set: Vec<(String, String)>,
    /// The headers as `aws-sigv4` was given them.
    pub aws_headers: Vec<(String, String)>,
}

/// A generic presign case compared, and what the verification of both
/// targets needs.
pub struct PresignChecked {
    pub outcome: Result<(), String>,
    pub excluded: Exclusion,
    /// Our target.
    pub ours: Option<String>,
    /// `aws-sigv4`'s target: the path and query it was given, with the
    /// parameters it returned appended in its order, encoded here.
    pub aws_target: String,
    /// The headers as `aws-sigv4` was given them.
    pub aws_headers: Vec<(String, String)>,
}

pub fn check_sign_case(case: &SignCase) -> SignChecked {
    let signer = case.signer();
    let creds = case.creds.ours();
    let time = amz_date(case.unix);
    let query = pairs(&case.query);
    let headers = pairs(&case.headers);
    let request = Request {
        method: case.method,
        host: case.host,
        path: &case.path,
        query: &query,
        headers: &headers,
        payload: case.body.ours(),
    };
    let ours = signer.sign(&creds, &request, time);

    let tab_free = tabs_normalised_for_aws_sigv4(&case.headers);
    let token_header = caller_signs_unsigned_token(case);
    let excluded = if token_header {
        Some(TOKEN_HEADER)
    } else {
        tab_free.is_some().then_some(TAB)
    };
    let aws_headers = tab_free.unwrap_or_else(|| case.headers.clone());
    let mut settings = case
        .flavor
        .settings(SignatureLocation::Headers, case.token_rule);
    if token_header {
        settings.session_token_mode = SessionTokenMode::Include;
    }
    let aws = run_aws(case.aws_input(&aws_headers, settings));

    // aws-sigv4 sets its headers whether or not the request has them; we
    // add only those it lacks.
    let mut expected: Vec<(String, String)> = aws
        .headers
        .iter()
        .filter(|(name, _)| {
            !case
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
        })
        .cloned()
        .collect();
    expected.sort();
    let got = ours.as_ref().map(|signed| {
        let mut got: Vec<(String, String)> = signed
            .headers()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        got.sort();
        got
    });
    // The target the request is sent to: the path, as given under other
    // services' rules and encoded once (as aws-sigv4 was given it) under
    // S3's, then the canonical query string, written here.
    let mut expected_target = if case.flavor.is_s3() {
        case.aws_path.clone()
    } else {
        case.path.clone()
    };
    if !case.query.is_empty() {
        expected_target.push('?');
        expected_target.push_str(&canonical_query(&case.query));
    }
    let target = ours.as_ref().map(|signed| signed.target());
    if got.as_ref() == Ok(&expected) && target == Ok(expected_target.as_str()) {
        return SignChecked {
            outcome: Ok(()),
            excluded,
            ours: ours.ok(),
            aws_headers_set: aws.headers,
            aws_headers,
        };
    }
    let report = format!(
        "header-signing case {} differs\n  case: {case:#?}\n  request URL given to aws-sigv4: {}\n  \
         ours:      {got:?}\n  aws-sigv4: {expected:?}\n  our target:      {target:?}\n  \
         expected target: {expected_target}\n  our signature:       {}\n  \
         aws-sigv4 signature: {}\n  our steps: {}",
        case.index,
        case.aws_url(),
        ours.as_ref().map_or("-", |s| s.signature()),
        aws.signature,
        describe_steps(signer.explain_sign(&creds, &request, time)),
    );
    SignChecked {
        outcome: Err(report),
        excluded,
        ours: ours.ok(),
        aws_headers_set: aws.headers,
        aws_headers,
    }
}

pub fn check_generic_presign_case(case: &SignCase) -> PresignChecked {
    let signer = case.signer();
    let creds = case.creds.ours();
    let time = amz_date(case.unix);
    let expires = Duration::from_secs(case.expires);
    let query = pairs(&case.query);
    let headers = pairs(&case.headers);
    let request = Request {
        method: case.method,
        host: case.host,
        path: &case.path,
        query: &query,
        headers: &headers,
        payload: case.body.ours(),
    };
    let ours = signer.presign(&creds, &request, time, expires);
    let tab_free = tabs_normalised_for_aws_sigv4(&case.headers);
    let excluded = tab_free.is_some().then_some(TAB);
    let aws_headers = tab_free.unwrap_or_else(|| case.headers.clone());
    let mut settings = case
        .flavor
        .settings(SignatureLocation::QueryParams, case.token_rule);
    settings.expires_in = Some(expires);
    let aws = run_aws(case.aws_input(&aws_headers, settings));

    // The token is in the canonical query when signed, else after the
    // signature.
    let unsigned_token = case.token_rule == SessionToken::AddedAfterSigning;
    let mut signed = case.query.clone();
    signed.extend(
        aws.params
            .iter()
            .filter(|(k, _)| {
                k != "X-Amz-Signature" && !(unsigned_token && k == "X-Amz-Security-Token")
            })
            .cloned(),
    );
    // Under S3's rules the target carries the path encoded once; other
    // services get the path exactly as given.
    let mut expected = format!(
        "{}?{}&X-Amz-Signature={}",
        case.aws_path,
        canonical_query(&signed),
        aws.signature
    );
    if let (true, Some(token)) = (unsigned_token, &case.creds.token) {
        expected.push_str("&X-Amz-Security-Token=");
        expected.push_str(&enc(token));
    }
    let mut aws_target = case.aws_path.clone();
    aws_target.push('?');
    if !case.query.is_empty() {
        aws_target.push_str(&wire_query(&case.query));
        aws_target.push('&');
    }
    aws_target.push_str(&wire_query(&aws.params));
    if caller_signs_unsigned_token(case) {
        // Not compared; aws-sigv4 signed it all the same (without the
        // header), for the verifier.
        return PresignChecked {
            outcome: Ok(()),
            excluded: Some(TOKEN_HEADER),
            ours: ours.ok(),
            aws_target,
            aws_headers,
        };
    }
    if ours.as_deref() == Ok(expected.as_str()) {
        return PresignChecked {
            outcome: Ok(()),
            excluded,
            ours: ours.ok(),
            aws_target,
            aws_headers,
        };
    }
    let report = format!(
        "generic presign case {} differs\n  case: {case:#?}\n  request URL given to aws-sigv4: {}\n  \
         ours:     {ours:?}\n  expected: {expected}\n  aws-sigv4 signature: {}\n  our steps: {}",
        case.index,
        case.aws_url(),
        aws.signature,
        describe_steps(signer.explain_presign(&creds, &request, time, expires)),
    );
    PresignChecked {
        outcome: Err(report),
        excluded,
        ours: ours.ok(),
        aws_target,
        aws_headers,
    }
}
