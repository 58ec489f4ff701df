//! Differential tests: our signatures against two independent signers, over
//! thousands of generated requests with a fixed seed.
//!
//! * `aws-sigv4` (the AWS Rust SDK's signer) checks S3 presigned URLs made by
//!   [`Action::presign`], header signatures made by [`Signer::sign`] and
//!   generic presigned targets made by [`Signer::presign`], under S3's rules
//!   and under the double-encoding, normalising rules of other services.
//! * `rusty-s3` checks a few hundred presigned GET and PUT URLs byte for byte.
//!
//! Neither reference is given anything of ours it could merely echo: object
//! paths are encoded here by an RFC 3986 encoder of our own ([`encode`], so
//! the comparison is not circular on the path), query strings are written
//! here, and the expected URL is assembled from the reference's own output.
//! Every case that differs prints all its inputs, both results and our
//! canonical request, and fails the test.
//!
//! Known, documented differences between a reference and us are excluded
//! narrowly and counted in each test's summary line, `differential: N
//! agreed, M disagreed, K excluded (...)`: see
//! [`tabs_normalised_for_aws_sigv4`] (an `aws-sigv4` deviation) and
//! [`caller_signs_unsigned_token`] (a different, valid choice). Headers that
//! `aws-sigv4` never signs in one mode are simply not generated in that mode
//! (see [`HEADER_NAMES`]). A failure reproduces from its seed alone.
//!
//! # Verification
//!
//! Every URL, target and header signature either signer made in these
//! streams, ours and the reference's (`aws-sigv4`'s, `rusty-s3`'s), is also
//! received by [`presign::verify`] as a server would receive it, and must
//! verify (see [`verify`]); each stream prints one more summary line per
//! signer, `differential: N verified, M refused, K excluded (...)`. A case
//! under a known difference is verified as the reference was given it (for
//! tabs, with the tabs replaced) and counted as excluded if it verifies,
//! refused if not. Presigned targets with a session token added after
//! signing are verified in a test of their own,
//! [`presigned_targets_with_an_unsigned_token_verify`]
//! ([`exclusions::UNSIGNED_TOKEN`]).
//!
//! # The seed: `PRESIGN_DIFF_SEED`
//!
//! Every generator draws from one seed, [`SEED`] by default. The environment
//! variable `PRESIGN_DIFF_SEED` replaces it, in decimal or as hex after `0x`
//! (`0X`); anything else, an empty value included, fails every test that
//! generates cases, rather than quietly running the default. Each summary
//! line names the seed in use (`...; seed 0x5eedd1ff00002024; ...`), so a
//! failure, under the default or any other seed, reproduces with
//!
//! ```text
//! PRESIGN_DIFF_SEED=0x5eedd1ff00002024 cargo test --test differential -- --nocapture
//! ```
//!
//! Under another seed the coverage check ([`inputs::coverage`]) checks that
//! seed's cases, and the determinism check that its streams repeat.
//!
//! [`Action::presign`]: presign::Action::presign
//! [`Signer::sign`]: presign::Signer::sign
//! [`Signer::presign`]: presign::Signer::presign
//! [`tabs_normalised_for_aws_sigv4`]: exclusions::tabs_normalised_for_aws_sigv4
//! [`caller_signs_unsigned_token`]: exclusions::caller_signs_unsigned_token
//! [`HEADER_NAMES`]: inputs::headers::HEADER_NAMES
//! [`SEED`]: rng::SEED
//!
//! # Layout
//!
//! The `#[test]`s that compare signers are here; each module holds one part
//! of the harness:
//!
//! * [`rng`]: the seed, its override, and the PRNG every generator draws from.
//! * [`encode`]: the independent RFC 3986 encoder and query-string helpers.
//! * [`inputs`]: the generators (keys, queries, headers, credentials, times,
//!   endpoints and buckets, actions, bodies, paths) and the cases they make,
//!   with the checks that they are deterministic and cover every input class.
//! * [`aws_sigv4`]: driving `aws-sigv4`, and the comparisons against it.
//! * [`rusty_s3`]: the cases `rusty-s3` can make, and the comparison.
//! * [`exclusions`]: the known differences, excluded and counted.
//! * [`tally`]: counting outcomes, printing failures and the summary line.
//! * [`verify`]: the request a server receives from each signed one, its
//!   verification, and the tally of verifications.

mod aws_sigv4;
mod encode;
mod exclusions;
mod inputs;
mod rng;
mod rusty_s3;
mod tally;
mod verify;

use presign::verify::{Form, Policy};
use presign::Payload;

use aws_sigv4::generic::{
    check_generic_presign_case, check_sign_case, PresignChecked as GenericPresignChecked,
};
use aws_sigv4::s3::{check_presign_case, PresignChecked};
use exclusions::{presigned_with_unsigned_token, UNSIGNED_TOKEN};
use inputs::action::ActionKind;
use inputs::s3_case::{gen_presign_case, PresignCase};
use inputs::sign_case::{gen_sign_case, SignCase};
use rng::Rng;
use rusty_s3::{check_rusty_case, gen_rusty_case};
use tally::{finish_all, Tally};
use verify::{split_url, with_host, Incoming, VerifyTally};

const PRESIGN_CASES: usize = 4000;
const SIGN_CASES: usize = 2000;
const GENERIC_PRESIGN_CASES: usize = 1000;
const RUSTY_S3_CASES: usize = 500;
const PLAIN_LINK_CASES: usize = 1000;

/// Tallies of the verification of both signers' output in one stream.
#[derive(Default)]
struct Verifications {
    ours: VerifyTally,
    theirs: VerifyTally,
}

#[test]
fn presigned_urls_match_aws_sigv4() {
    let mut rng = Rng::new(1);
    let mut tally = Tally::default();
    let mut verified = Verifications::default();
    for index in 0..PRESIGN_CASES {
        let case = gen_presign_case(&mut rng, index);
        let checked = check_presign_case(&case);
        verify_presigned_s3(&case, &checked, &mut verified);
        tally.record(checked.outcome, checked.excluded);
    }
    finish_all(&[
        tally.summary("S3 presigned URLs vs aws-sigv4", PRESIGN_CASES),
        verified
            .ours
            .summary("our presigned S3 URLs", PRESIGN_CASES),
        verified
            .theirs
            .summary("aws-sigv4's presigned S3 URLs", PRESIGN_CASES),
    ]);
}

/// Links that add nothing to the request (no query parameter, header or
/// session token) take a shorter path through the signer: it gets cases of
/// its own.
#[test]
fn plain_links_match_aws_sigv4() {
    let mut rng = Rng::new(5);
    let mut tally = Tally::default();
    let mut verified = Verifications::default();
    for index in 0..PLAIN_LINK_CASES {
        let mut case = gen_presign_case(&mut rng, index);
        case.action = match case.action {
            action
            @ (ActionKind::Get | ActionKind::Put | ActionKind::Head | ActionKind::Delete) => action,
            _ => ActionKind::Get,
        };
        case.query.clear();
        case.headers.clear();
        case.creds.token = None;
        let checked = check_presign_case(&case);
        verify_presigned_s3(&case, &checked, &mut verified);
        tally.record(checked.outcome, checked.excluded);
    }
    finish_all(&[
        tally.summary("plain S3 links vs aws-sigv4", PLAIN_LINK_CASES),
        verified
            .ours
            .summary("our plain S3 links", PLAIN_LINK_CASES),
        verified
            .theirs
            .summary("aws-sigv4's plain S3 links", PLAIN_LINK_CASES),
    ]);
}

/// The payload hash a presigned S3 URL signs: its `x-amz-content-sha256`
/// header's value where the case gives one, else `UNSIGNED-PAYLOAD`.
fn s3_payload_hash(headers: &[(String, String)]) -> String {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("x-amz-content-sha256"))
        .map_or("UNSIGNED-PAYLOAD", |(_, v)| v.trim_matches([' ', '\t']))
        .to_string()
}

/// Verifies our URL and aws-sigv4's: the GET (or other method) of the URL
/// with the case's headers and the `Host` of the URL.
fn verify_presigned_s3(case: &PresignCase, checked: &PresignChecked, tally: &mut Verifications) {
    let policy = Policy::new(case.region, "s3").expect("valid scope");
    let creds = case.creds.ours();
    let incoming = |signer, url: &str, headers: &[(String, String)]| -> Result<(), String> {
        let target = split_url(url).1;
        Incoming {
            signer,
            method: case.action.method(),
            target,
            headers: with_host(headers.to_vec(), &checked.host),
            payload: Payload::Unsigned,
            form: Form::Presigned,
            access_key_id: &case.creds.access_key_id,
            region: case.region,
            service: "s3",
            unix: case.unix,
            expires: Some(case.expires),
            payload_hash: s3_payload_hash(headers),
        }
        .check(&policy, &creds)
    };
    let report = || format!("{case:#?}");
    let ours = match &checked.ours {
        Some(url) => incoming("our presigned S3", url, &case.headers),
        None => Err(format!("case {}: we made no URL", case.index)),
    };
    tally.ours.record(ours, None, report);
    // The headers as aws-sigv4 signed them (tabs replaced: see `TAB`).
    let theirs = incoming(
        "aws-sigv4's presigned S3",
        &checked.aws_url,
        &checked.aws_headers,
    );
    tally.theirs.record(theirs, checked.excluded, report);
}

#[test]
fn header_signatures_match_aws_sigv4() {
    let mut rng = Rng::new(2);
    let mut tally = Tally::default();
    let mut verified = Verifications::default();
    for index in 0..SIGN_CASES {
        let case = gen_sign_case(&mut rng, index, true);
        let checked = check_sign_case(&case);
        let policy = sign_policy(&case);
        let creds = case.creds.ours();
        let incoming = |signer, target: &str, headers: Vec<(String, String)>| {
            Incoming {
                signer,
                method: case.method,
                target,
                headers: with_host(headers, case.host),
                payload: case.body.ours(),
                form: Form::Header,
                access_key_id: &case.creds.access_key_id,
                region: case.region,
                service: case.service,
                unix: case.unix,
                expires: None,
                payload_hash: case.body.hash(),
            }
            .check(&policy, &creds)
        };
        let report = || format!("{case:#?}");
        // Ours: the case's headers and those the signer added.
        let ours = match &checked.ours {
            Some(signed) => {
                let mut headers = case.headers.clone();
                headers.extend(
                    signed
                        .headers()
                        .map(|(n, v)| (n.to_string(), v.to_string())),
                );
                incoming("our header-signed", signed.target(), headers)
            }
            None => Err(format!("case {index}: we signed nothing")),
        };
        verified.ours.record(ours, None, report);
        // aws-sigv4's: the headers it was given, with those it set
        // replacing any of the same name; the target it was given.
        let mut headers: Vec<(String, String)> = checked
            .aws_headers
            .iter()
            .filter(|(n, _)| {
                !checked
                    .aws_headers_set
                    .iter()
                    .any(|(set, _)| set.eq_ignore_ascii_case(n))
            })
            .cloned()
            .collect();
        headers.extend(checked.aws_headers_set.iter().cloned());
        let url = case.aws_url();
        let theirs = incoming("aws-sigv4's header-signed", split_url(&url).1, headers);
        verified.theirs.record(theirs, checked.excluded, report);
        tally.record(checked.outcome, checked.excluded);
    }
    finish_all(&[
        tally.summary("header signing vs aws-sigv4", SIGN_CASES),
        verified
            .ours
            .summary("our header-signed requests", SIGN_CASES),
        verified
            .theirs
            .summary("aws-sigv4's header-signed requests", SIGN_CASES),
    ]);
}

/// The policy of a generic case: its scope, and the rules it was signed by.
fn sign_policy(case: &SignCase) -> Policy {
    Policy::new(case.region, case.service)
        .expect("valid scope")
        .with_rules(case.flavor.rules(case.token_rule))
}

#[test]
fn generic_presigned_targets_match_aws_sigv4() {
    let mut rng = Rng::new(3);
    let mut tally = Tally::default();
    let mut verified = Verifications::default();
    for index in 0..GENERIC_PRESIGN_CASES {
        let case = gen_sign_case(&mut rng, index, false);
        let checked = check_generic_presign_case(&case);
        if presigned_with_unsigned_token(&case) {
            // Verified apart: see `presigned_targets_with_an_unsigned_token_verify`.
            verified
                .ours
                .record(Ok(()), Some(UNSIGNED_TOKEN), String::new);
            verified
                .theirs
                .record(Ok(()), Some(UNSIGNED_TOKEN), String::new);
        } else {
            verify_generic_presign(&case, &checked, &mut verified);
        }
        tally.record(checked.outcome, checked.excluded);
    }
    finish_all(&[
        tally.summary("generic presigning vs aws-sigv4", GENERIC_PRESIGN_CASES),
        verified
            .ours
            .summary("our generic presigned targets", GENERIC_PRESIGN_CASES),
        verified.theirs.summary(
            "aws-sigv4's generic presigned targets",
            GENERIC_PRESIGN_CASES,
        ),
    ]);
}

/// The generic presign cases whose session token is added after signing
/// ([`exclusions::UNSIGNED_TOKEN`]): both signers leave the token out of
/// the canonical query, and the verifier must too.
#[test]
fn presigned_targets_with_an_unsigned_token_verify() {
    let mut rng = Rng::new(3);
    let mut verified = Verifications::default();
    let mut cases = 0;
    for index in 0..GENERIC_PRESIGN_CASES {
        let case = gen_sign_case(&mut rng, index, false);
        if presigned_with_unsigned_token(&case) {
            let checked = check_generic_presign_case(&case);
            verify_generic_presign(&case, &checked, &mut verified);
            cases += 1;
        }
    }
    assert!(cases > 0, "no case has an unsigned token");
    finish_all(&[
        verified.ours.summary(
            "our generic presigned targets with an unsigned session token",
            cases,
        ),
        verified.theirs.summary(
            "aws-sigv4's generic presigned targets with an unsigned session token",
            cases,
        ),
    ]);
}

/// Verifies our presigned target and aws-sigv4's, with the case's headers
/// (as each signer was given them) and its `Host`.
fn verify_generic_presign(
    case: &SignCase,
    checked: &GenericPresignChecked,
    tally: &mut Verifications,
) {
    let policy = sign_policy(case);
    let creds = case.creds.ours();
    let incoming = |signer, target: &str, headers: &[(String, String)]| {
        Incoming {
            signer,
            method: case.method,
            target,
            headers: with_host(headers.to_vec(), case.host),
            payload: case.body.ours(),
            form: Form::Presigned,
            access_key_id: &case.creds.access_key_id,
            region: case.region,
            service: case.service,
            unix: case.unix,
            expires: Some(case.expires),
            payload_hash: case.body.hash(),
        }
        .check(&policy, &creds)
    };
    let report = || format!("{case:#?}");
    let ours = match &checked.ours {
        Some(target) => incoming("our presigned", target, &case.headers),
        None => Err(format!("case {}: we made no target", case.index)),
    };
    tally.ours.record(ours, None, report);
    let theirs = incoming(
        "aws-sigv4's presigned",
        &checked.aws_target,
        &checked.aws_headers,
    );
    tally.theirs.record(theirs, checked.excluded, report);
}

#[test]
fn presigned_urls_match_rusty_s3() {
    let mut rng = Rng::new(4);
    let mut tally = Tally::default();
    let mut verified = Verifications::default();
    for index in 0..RUSTY_S3_CASES {
        let case = gen_rusty_case(&mut rng, index);
        let checked = check_rusty_case(&case);
        let policy = Policy::new(case.region, "s3").expect("valid scope");
        let creds = case.creds.ours();
        let incoming = |signer, url: &Option<String>| -> Result<(), String> {
            let Some(url) = url else {
                return Err(format!("case {index}: no URL"));
            };
            let (host, target) = split_url(url);
            Incoming {
                signer,
                method: case.action.method(),
                target,
                headers: with_host(case.headers.clone(), host),
                payload: Payload::Unsigned,
                form: Form::Presigned,
                access_key_id: &case.creds.access_key_id,
                region: case.region,
                service: "s3",
                unix: case.unix,
                expires: Some(case.expires),
                payload_hash: "UNSIGNED-PAYLOAD".to_string(),
            }
            .check(&policy, &creds)
        };
        let report = || format!("{case:#?}");
        verified
            .ours
            .record(incoming("our presigned S3", &checked.ours), None, report);
        verified.theirs.record(
            incoming("rusty-s3's presigned S3", &checked.theirs),
            None,
            report,
        );
        tally.record(checked.outcome, None);
    }
    finish_all(&[
        tally.summary("S3 presigned GET/PUT URLs vs rusty-s3", RUSTY_S3_CASES),
        verified.ours.summary(
            "our presigned S3 GET/PUT URLs (rusty-s3 stream)",
            RUSTY_S3_CASES,
        ),
        verified
            .theirs
            .summary("rusty-s3's presigned S3 GET/PUT URLs", RUSTY_S3_CASES),
    ]);
}
