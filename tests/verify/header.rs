//! `Authorization` headers: the AWS documentation's examples, our signer's
//! requests, and each part of them changed.

use std::time::Duration;

use presign::verify::{Form, Policy, Received, Rejection, Verified};
use presign::{
    AmzDate, ContentSha256, Credentials, Payload, Request, Rules, SignedRequest, Signer,
};

use crate::{
    at, creds, creds_with_token, flip_digit, t0, AKID, AKID_2, IAM_AKID, IAM_SECRET, OTHER_TOKEN,
    SECRET_2, WRONG_SECRET,
};

/// SHA-256 of no bytes.
const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// "Example: GET Object" of "Signature Calculations for the Authorization
/// Header: Transferring Payload in a Single Chunk"
/// (<https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html>).
const GET_RANGE: &[(&str, &str)] = &[
    ("Host", "examplebucket.s3.amazonaws.com"),
    ("Range", "bytes=0-9"),
    ("x-amz-content-sha256", EMPTY),
    ("x-amz-date", "20130524T000000Z"),
    (
        "Authorization",
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    ),
];
const GET_RANGE_SIGNATURE: &str =
    "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";

/// "Example: PUT Object" of the same page: a 21-byte body, a `Date` header
/// and a storage class, to `/test$file.text`.
const PUT_BODY: &[u8] = b"Welcome to Amazon S3.";
const PUT_HEADERS: &[(&str, &str)] = &[
    ("Host", "examplebucket.s3.amazonaws.com"),
    ("Date", "Fri, 24 May 2013 00:00:00 GMT"),
    ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"),
    ("x-amz-date", "20130524T000000Z"),
    ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
    (
        "x-amz-content-sha256",
        "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
    ),
];

/// "Example: GET Bucket (List Objects)" of the same page, to
/// `/?max-keys=2&prefix=J`.
const LIST_HEADERS: &[(&str, &str)] = &[
    ("Host", "examplebucket.s3.amazonaws.com"),
    ("x-amz-date", "20130524T000000Z"),
    ("x-amz-content-sha256", EMPTY),
    ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"),
];

/// "Example: GET Bucket Lifecycle" of the same page, to `/?lifecycle`.
const LIFECYCLE_HEADERS: &[(&str, &str)] = &[
    ("Host", "examplebucket.s3.amazonaws.com"),
    ("x-amz-date", "20130524T000000Z"),
    ("x-amz-content-sha256", EMPTY),
    ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"),
];

/// The SigV4 walk-through's IAM `ListUsers` (the AWS General Reference,
/// "Create a canonical request" to "Add the signature",
/// <https://docs.aws.amazon.com/general/latest/gr/sigv4-create-canonical-request.html>),
/// at 20150830T123600Z.
const IAM_TARGET: &str = "/?Action=ListUsers&Version=2010-05-08";
const IAM_HEADERS: &[(&str, &str)] = &[
    ("Host", "iam.amazonaws.com"),
    (
        "Content-Type",
        "application/x-www-form-urlencoded; charset=utf-8",
    ),
    ("X-Amz-Date", "20150830T123600Z"),
    ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"),
];

fn s3() -> Policy {
    Policy::new("us-east-1", "s3").unwrap()
}

fn received<'a>(
    method: &'a str,
    target: &'a str,
    headers: &'a [(&'a str, &'a str)],
) -> Received<'a> {
    Received {
        method,
        target,
        headers,
        payload: Payload::Unsigned,
    }
}

/// `headers` with the value of `name` (any case) replaced, or the header
/// dropped when `value` is `None`.
fn edit<'a>(
    headers: &[(&'a str, &'a str)],
    name: &str,
    value: Option<&'a str>,
) -> Vec<(&'a str, &'a str)> {
    assert!(headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)));
    headers
        .iter()
        .filter_map(|&(n, v)| match n.eq_ignore_ascii_case(name) {
            true => value.map(|value| (n, value)),
            false => Some((n, v)),
        })
        .collect()
}

/// The Authorization value of `headers`.
fn authorization<'a>(headers: &[(&'a str, &'a str)]) -> &'a str {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        .unwrap()
        .1
}

/// The request's own headers (with `Host`) and those the signer added.
fn sent_headers(host: &str, own: &[(&str, &str)], signed: &SignedRequest) -> Vec<(String, String)> {
    let mut all = vec![("Host".to_string(), host.to_string())];
    all.extend(own.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    all.extend(
        signed
            .headers()
            .map(|(n, v)| (n.to_string(), v.to_string())),
    );
    all
}

fn as_pairs(headers: &[(String, String)]) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

/// A PUT with `body`, signed by our S3 signer in `region` at `time`.
fn signed_put(
    credentials: &Credentials,
    region: &str,
    service: &str,
    body: &[u8],
    time: AmzDate,
) -> (String, Vec<(String, String)>) {
    let host = "examplebucket.s3.amazonaws.com";
    let own = [("Content-Type", "text/csv")];
    let signed = Signer::new(region, service)
        .unwrap()
        .sign(
            credentials,
            &Request {
                method: "PUT",
                host,
                path: "/reports/2013 Q2.csv",
                query: &[],
                headers: &own,
                payload: Payload::Bytes(body),
            },
            time,
        )
        .unwrap();
    (
        signed.target().to_string(),
        sent_headers(host, &own, &signed),
    )
}

#[test]
fn the_aws_documentation_get_object_verifies() {
    let verified = s3()
        .verify(&received("GET", "/test.txt", GET_RANGE), &creds(), t0())
        .expect("AWS's own example verifies");
    assert_eq!(
        verified,
        Verified {
            form: Form::Header,
            access_key_id: AKID.into(),
            date: t0(),
            region: "us-east-1".into(),
            service: "s3".into(),
            signed_headers: "host;range;x-amz-content-sha256;x-amz-date".into(),
            expires: None,
            payload_hash: EMPTY.into(),
            signature: GET_RANGE_SIGNATURE.into(),
        }
    );
    assert_eq!(verified.check_body(b""), Ok(()));
    rejected!(
        verified.check_body(b"x"),
        Rejection::ContentSha256Mismatch,
        "XAmzContentSHA256Mismatch",
        400
    );
    // Another range is another canonical request.
    rejected!(
        s3().verify(
            &received(
                "GET",
                "/test.txt",
                &edit(GET_RANGE, "range", Some("bytes=0-10"))
            ),
            &creds(),
            t0()
        ),
        Rejection::SignatureDoesNotMatch,
        "SignatureDoesNotMatch",
        403
    );
}

#[test]
fn the_aws_documentation_put_object_verifies_and_checks_its_body() {
    // S3 decodes the path and encodes it once: `$` raw and as `%24` name
    // the same key, and are the same canonical URI `/test%24file.text`.
    for target in ["/test$file.text", "/test%24file.text"] {
        let verified = s3()
            .verify(&received("PUT", target, PUT_HEADERS), &creds(), t0())
            .unwrap_or_else(|r| panic!("{target}: {r:?}"));
        assert_eq!(
            verified.payload_hash,
            "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"
        );
        assert_eq!(verified.check_body(PUT_BODY), Ok(()));
        rejected!(
            verified.check_body(b"Welcome to Amazon S3!"),
            Rejection::ContentSha256Mismatch,
            "XAmzContentSHA256Mismatch",
            400
        );
    }
    let put = |headers: &[(&str, &str)]| {
        s3().verify(&received("PUT", "/test$file.text", headers), &creds(), t0())
            .map(Verified::into_owned)
    };
    rejected!(
        put(&edit(PUT_HEADERS, "x-amz-storage-class", Some("STANDARD"))),
        Rejection::SignatureDoesNotMatch,
        "SignatureDoesNotMatch",
        403
    );
    // The body's claimed hash is signed: another one is refused.
    rejected!(
        put(&edit(PUT_HEADERS, "x-amz-content-sha256", Some(EMPTY))),
        Rejection::SignatureDoesNotMatch,
        "SignatureDoesNotMatch",
        403
    );
    let r = rejected!(
        put(&edit(PUT_HEADERS, "date", None)),
        Rejection::MissingSignedHeader(_),
        "SignatureDoesNotMatch",
        403
    );
    assert_eq!(r, Rejection::MissingSignedHeader("date".into()));
    rejected!(
        s3().verify(
            &received("PUT", "/test$file.txt", PUT_HEADERS),
            &creds(),
            t0()
        ),
        Rejection::SignatureDoesNotMatch,
        "SignatureDoesNotMatch",
        403
    );
}

#[test]
fn the_aws_documentation_bucket_queries_verify_in_any_order() {
    for target in ["/?max-keys=2&prefix=J", "/?prefix=J&max-keys=2"] {
        s3().verify(&received("GET", target, LIST_HEADERS), &creds(), t0())
            .unwrap_or_else(|r| panic!("{target}: {r:?}"));
    }
    for target in [
        "/?max-keys=3&prefix=J",
        "/?max-keys=2",
        "/?max-keys=2&prefix=j",
        "/",
    ] {
        rejected!(
            s3().verify(&received("GET", target, LIST_HEADERS), &creds(), t0()),
            Rejection::SignatureDoesNotMatch,
            "SignatureDoesNotMatch",
            403
        );
    }
    // A parameter without a value is signed as `lifecycle=`.
    for target in ["/?lifecycle", "/?lifecycle="] {
        s3().verify(&received("GET", target, LIFECYCLE_HEADERS), &creds(), t0())
            .unwrap_or_else(|r| panic!("{target}: {r:?}"));
    }
    rejected!(
        s3().verify(
            &received("GET", "/?policy", LIFECYCLE_HEADERS),
            &creds(),
            t0()
        ),
        Rejection::SignatureDoesNotMatch,
        "SignatureDoesNotMatch",
        403
    );
}

#[test]
fn the_aws_iam_walk_through_verifies_without_a_content_sha256_header() {
    let keys = Credentials::new(IAM_AKID, IAM_SECRET).unwrap();
    let iam = Policy::new("us-east-1", "iam").unwrap();
    let now = at("20150830T123600Z");
    let request = Received {
        payload: Payload::Empty,
        ..received("GET", IAM_TARGET, IAM_HEADERS)
    };
    let verified = iam.verify(&request, &keys, now).expect("AWS's example");
    assert_eq!(verified.service, "iam");
    assert_eq!(verified.payload_hash, EMPTY);
    assert_eq!(verified.signed_headers, "content-type;host;x-amz-date");
    // The body is signed through the payload the caller gives.
    let with_body = Received {
        payload: Payload::Bytes(b"Action=ListUsers"),
        ..request
    };
    rejected!(
        iam.verify(&with_body, &keys, now),
        Rejection::SignatureDoesNotMatch,
        "SignatureDoesNotMatch",
        403
    );
    rejected!(
        iam.verify(
            &Received {
                target: "/?Action=ListUsers&Version=2010-05-09",
                ..request
            },
            &keys,
            now
        ),
        Rejection::SignatureDoesNotMatch,
        "SignatureDoesNotMatch",
        403
    );
}

#[test]
fn our_iam_list_users_round_trips() {
    let keys = Credentials::new(IAM_AKID, IAM_SECRET).unwrap();
    let now = at("20150830T123600Z");
    let own = [(
        "Content-Type",
        "application/x-www-form-urlencoded; charset=utf-8",
    )];
    let signed = Signer::new("us-east-1", "iam")
        .unwrap()
        .sign(
            &keys,
            &Request {
                method: "GET",
                host: "iam.amazonaws.com",
                path: "/",
                query: &[("Action", "ListUsers"), ("Version", "2010-05-08")],
                headers: &own,
                payload: Payload::Empty,
            },
            now,
        )
        .unwrap();
    // The walk-through's request, so its published signature.
    assert_eq!(
        signed.signature(),
        "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
    );
    let headers = sent_headers("iam.amazonaws.com", &own, &signed);
    let headers = as_pairs(&headers);
    let request = Received {
        payload: Payload::Empty,
        ..received("GET", signed.target(), &headers)
    };
    let iam = Policy::new("us-east-1", "iam").unwrap();
    iam.verify(&request, &keys, now)
        .expect("signed here, verified here");
}

#[test]
fn our_s3_put_with_a_body_round_trips_and_checks_the_body() {
    let body = b"quarter,revenue\nQ2,42\n";
    let (target, headers) = signed_put(&creds(), "us-east-1", "s3", body, t0());
    let pairs = as_pairs(&headers);
    let verified = s3()
        .verify(&received("PUT", &target, &pairs), &creds(), t0())
        .expect("signed here, verified here");
    assert_eq!(verified.form, Form::Header);
    assert_eq!(
        verified.signed_headers,
        "content-type;host;x-amz-content-sha256;x-amz-date"
    );
    assert_eq!(verified.check_body(body), Ok(()));
    for other in [
        &b""[..],
        b"quarter,revenue\nQ2,43\n",
        b"quarter,revenue\nQ2,42",
    ] {
        rejected!(
            verified.check_body(other),
            Rejection::ContentSha256Mismatch,
            "XAmzContentSHA256Mismatch",
            400
        );
    }
}

#[test]
fn an_s3_request_without_x_amz_content_sha256_is_refused() {
    let host = "examplebucket.s3.amazonaws.com";
    let signer = Signer::new("us-east-1", "s3").unwrap().with_rules(Rules {
        content_sha256: ContentSha256::Omitted,
        ..Rules::S3
    });
    let signed = signer
        .sign(
            &creds(),
            &Request {
                method: "GET",
                host,
                path: "/k",
                query: &[],
                headers: &[],
                payload: Payload::Empty,
            },
            t0(),
        )
        .unwrap();
    let headers = sent_headers(host, &[], &signed);
    let headers = as_pairs(&headers);
    let request = Received {
        payload: Payload::Empty,
        ..received("GET", signed.target(), &headers)
    };
    rejected!(
        s3().verify(&request, &creds(), t0()),
        Rejection::MissingContentSha256,
        "InvalidRequest",
        400
    );
    // The same request under rules that do not need the header.
    s3().with_rules(Rules {
        content_sha256: ContentSha256::Omitted,
        ..Rules::S3
    })
    .verify(&request, &creds(), t0())
    .expect("validly signed without it");
    // The header removed from a request that signed it.
    let dropped = edit(GET_RANGE, "x-amz-content-sha256", None);
    rejected!(
        s3().verify(&received("GET", "/test.txt", &dropped), &creds(), t0()),
        Rejection::MissingContentSha256,
        "InvalidRequest",
        400
    );
}

#[test]
fn a_header_signed_request_may_be_skewed_15_minutes_either_way() {
    let get = |now: &str| s3().verify(&received("GET", "/test.txt", GET_RANGE), &creds(), at(now));
    for now in ["20130524T001500Z", "20130523T234500Z"] {
        get(now).unwrap_or_else(|r| panic!("{now}: {r:?}"));
    }
    for now in ["20130524T001501Z", "20130523T234459Z", "20130525T000000Z"] {
        rejected!(
            get(now),
            Rejection::TimeTooSkewed,
            "RequestTimeTooSkewed",
            403
        );
    }
    let minute = s3().with_clock_skew(Duration::from_secs(60));
    minute
        .verify(
            &received("GET", "/test.txt", GET_RANGE),
            &creds(),
            at("20130524T000100Z"),
        )
        .expect("within a minute");
    rejected!(
        minute.verify(
            &received("GET", "/test.txt", GET_RANGE),
            &creds(),
            at("20130524T000101Z")
        ),
        Rejection::TimeTooSkewed,
        "RequestTimeTooSkewed",
        403
    );
}

#[test]
fn a_session_token_header_must_be_the_credentials_own() {
    let with_token = creds_with_token();
    let (target, headers) = signed_put(&with_token, "us-east-1", "s3", b"x", t0());
    assert!(headers.iter().any(|(n, _)| n == "x-amz-security-token"));
    let pairs = as_pairs(&headers);
    let put = |headers: &[(&str, &str)], keys: &Credentials| {
        s3().verify(&received("PUT", &target, headers), keys, t0())
            .map(Verified::into_owned)
    };
    put(&pairs, &with_token).expect("the token of the credentials");
    let other = creds().with_session_token(OTHER_TOKEN).unwrap();
    let missing = edit(&pairs, "x-amz-security-token", None);
    let changed = edit(&pairs, "x-amz-security-token", Some(OTHER_TOKEN));
    for (headers, keys) in [
        (&missing, &with_token),
        (&changed, &with_token),
        (&pairs, &other),
        (&pairs, &creds()),
    ] {
        rejected!(
            put(headers, keys),
            Rejection::InvalidToken,
            "InvalidToken",
            400
        );
    }
}

#[test]
fn a_wrong_secret_an_unknown_key_or_a_changed_signature_is_refused() {
    let get = |headers: &[(&str, &str)], keys: &Credentials| {
        s3().verify(&received("GET", "/test.txt", headers), keys, t0())
            .map(Verified::into_owned)
    };
    let wrong = Credentials::new(AKID, WRONG_SECRET).unwrap();
    rejected!(
        get(GET_RANGE, &wrong),
        Rejection::SignatureDoesNotMatch,
        "SignatureDoesNotMatch",
        403
    );
    let stranger = Credentials::new(AKID_2, SECRET_2).unwrap();
    let r = rejected!(
        get(GET_RANGE, &stranger),
        Rejection::UnknownAccessKey(_),
        "InvalidAccessKeyId",
        403
    );
    assert_eq!(r, Rejection::UnknownAccessKey(AKID.into()));
    let auth = authorization(GET_RANGE);
    for index in [0, 32, 63] {
        let changed = auth.replace(GET_RANGE_SIGNATURE, &flip_digit(GET_RANGE_SIGNATURE, index));
        rejected!(
            get(&edit(GET_RANGE, "authorization", Some(&changed)), &creds()),
            Rejection::SignatureDoesNotMatch,
            "SignatureDoesNotMatch",
            403
        );
    }
}

#[test]
fn another_region_service_or_credential_date_is_malformed() {
    // S3's answers: "The authorization header is malformed; the region
    // 'us-east-1' is wrong; expecting 'eu-west-1'" (aws/aws-sdk-js#1786,
    // TTLabs/EvaporateJS#364), and the same code for another service and
    // another date (versity/versitygw#1513, treeverse/lakeFS#9813).
    let (target, headers) = signed_put(&creds(), "eu-west-1", "s3", b"x", t0());
    let r = rejected!(
        s3().verify(
            &received("PUT", &target, &as_pairs(&headers)),
            &creds(),
            t0()
        ),
        Rejection::WrongRegion { .. },
        "AuthorizationHeaderMalformed",
        400
    );
    assert_eq!(
        r,
        Rejection::WrongRegion {
            given: "eu-west-1".into(),
            expected: "us-east-1".into(),
            form: Form::Header,
        }
    );
    let (target, headers) = signed_put(&creds(), "us-east-1", "s4", b"x", t0());
    let r = rejected!(
        s3().verify(
            &received("PUT", &target, &as_pairs(&headers)),
            &creds(),
            t0()
        ),
        Rejection::WrongService { .. },
        "AuthorizationHeaderMalformed",
        400
    );
    assert_eq!(
        r,
        Rejection::WrongService {
            given: "s4".into(),
            expected: "s3".into(),
            form: Form::Header,
        }
    );
    let auth = authorization(GET_RANGE).replace("/20130524/", "/20130523/");
    rejected!(
        s3().verify(
            &received(
                "GET",
                "/test.txt",
                &edit(GET_RANGE, "authorization", Some(&auth))
            ),
            &creds(),
            t0()
        ),
        Rejection::CredentialDateMismatch { form: Form::Header },
        "AuthorizationHeaderMalformed",
        400
    );
}

#[test]
fn a_policy_for_two_regions_takes_both_and_no_third() {
    let policy = Policy::for_regions(&["us-east-1", "eu-west-1"], "s3").unwrap();
    for region in ["us-east-1", "eu-west-1"] {
        let (target, headers) = signed_put(&creds(), region, "s3", b"x", t0());
        let pairs = as_pairs(&headers);
        let verified = policy
            .verify(&received("PUT", &target, &pairs), &creds(), t0())
            .unwrap_or_else(|r| panic!("{region}: {r:?}"));
        assert_eq!(verified.region, region);
    }
    let (target, headers) = signed_put(&creds(), "ap-south-1", "s3", b"x", t0());
    let r = rejected!(
        policy.verify(
            &received("PUT", &target, &as_pairs(&headers)),
            &creds(),
            t0()
        ),
        Rejection::WrongRegion { .. },
        "AuthorizationHeaderMalformed",
        400
    );
    assert!(matches!(r, Rejection::WrongRegion { ref given, .. } if given == "ap-south-1"));
}

#[test]
fn a_malformed_authorization_header_is_refused() {
    let auth = authorization(GET_RANGE);
    let get = |headers: &[(&str, &str)]| {
        s3().verify(&received("GET", "/test.txt", headers), &creds(), t0())
            .map(Verified::into_owned)
    };
    let no_terminator = auth.replace("/s3/aws4_request", "/s3");
    let no_signature = auth.replace(&format!(",Signature={GET_RANGE_SIGNATURE}"), "");
    let twice = format!("{auth},Signature={GET_RANGE_SIGNATURE}");
    let unknown_part = format!("{auth},Extra=1");
    for value in [
        no_terminator.as_str(),
        no_signature.as_str(),
        twice.as_str(),
        unknown_part.as_str(),
        "AWS4-HMAC-SHA256",
    ] {
        rejected!(
            get(&edit(GET_RANGE, "authorization", Some(value))),
            Rejection::MalformedHeader(_),
            "AuthorizationHeaderMalformed",
            400
        );
    }
    // Two Authorization headers, and no x-amz-date.
    let mut doubled = GET_RANGE.to_vec();
    doubled.push(("authorization", auth));
    rejected!(
        get(&doubled),
        Rejection::MalformedHeader(_),
        "AuthorizationHeaderMalformed",
        400
    );
    rejected!(
        get(&edit(GET_RANGE, "x-amz-date", None)),
        Rejection::MalformedHeader(_),
        "AuthorizationHeaderMalformed",
        400
    );
    rejected!(
        get(&edit(
            GET_RANGE,
            "x-amz-date",
            Some("Fri, 24 May 2013 00:00:00 GMT")
        )),
        Rejection::MalformedHeader(_),
        "AuthorizationHeaderMalformed",
        400
    );
}

#[test]
fn signed_headers_unsorted_upper_case_or_without_host_are_malformed() {
    let auth = authorization(GET_RANGE);
    let signed = "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date";
    for list in [
        "range;host;x-amz-content-sha256;x-amz-date",
        "Host;range;x-amz-content-sha256;x-amz-date",
        "host;Range;x-amz-content-sha256;x-amz-date",
        "range;x-amz-content-sha256;x-amz-date",
        "host;host;range;x-amz-content-sha256;x-amz-date",
        "",
    ] {
        let value = auth.replace(signed, &format!("SignedHeaders={list}"));
        let r = rejected!(
            s3().verify(
                &received(
                    "GET",
                    "/test.txt",
                    &edit(GET_RANGE, "authorization", Some(&value))
                ),
                &creds(),
                t0()
            ),
            Rejection::MalformedSignedHeaders { .. },
            "AuthorizationHeaderMalformed",
            400
        );
        assert_eq!(
            r,
            Rejection::MalformedSignedHeaders {
                list: list.into(),
                form: Form::Header
            }
        );
    }
}

#[test]
fn another_algorithm_is_unsupported() {
    let auth = authorization(GET_RANGE);
    for algorithm in ["AWS4-HMAC-SHA1", "AWS4-ECDSA-P256-SHA256", "Bearer"] {
        let value = auth.replacen("AWS4-HMAC-SHA256", algorithm, 1);
        let r = s3()
            .verify(
                &received(
                    "GET",
                    "/test.txt",
                    &edit(GET_RANGE, "authorization", Some(&value)),
                ),
                &creds(),
                t0(),
            )
            .unwrap_err();
        assert_eq!(
            r,
            Rejection::UnsupportedAlgorithm {
                algorithm: algorithm.into(),
                form: Form::Header
            }
        );
        assert_eq!(r.status(), 400);
        crate::check_outputs(&r);
    }
}

/// S3 answers an `Authorization` header of another scheme with
/// `InvalidArgument` ("Unsupported Authorization Type", 400), as the
/// direct-to-S3 response quoted in versity/versitygw#1705 shows for
/// `AWS-HMAC-SHA25 Credential=...`, and those in
/// danialfarid/ng-file-upload#615 (`Basic`) and Einstore/Einstore#152
/// (`Bearer`). `AuthorizationQueryParametersError` is its code for
/// `X-Amz-Algorithm` in a presigned URL.
#[test]
fn another_algorithm_in_the_header_is_s3s_invalid_argument() {
    let value = authorization(GET_RANGE).replacen("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1", 1);
    rejected!(
        s3().verify(
            &received(
                "GET",
                "/test.txt",
                &edit(GET_RANGE, "authorization", Some(&value))
            ),
            &creds(),
            t0()
        ),
        Rejection::UnsupportedAlgorithm { .. },
        "InvalidArgument",
        400
    );
}

/// SigV4 by hand, from the specification: the signature of
/// `canonical_request` at `stamp` in us-east-1's S3, with [`crate::SECRET`].
fn sign_by_hand(canonical_request: &str, stamp: &str) -> String {
    use sha2::Digest;
    let date = &stamp[..8];
    let hash = hex::encode(sha2::Sha256::digest(canonical_request.as_bytes()));
    let string_to_sign =
        format!("AWS4-HMAC-SHA256\n{stamp}\n{date}/us-east-1/s3/aws4_request\n{hash}");
    presign::SigningKey::derive(crate::SECRET, date, "us-east-1", "s3")
        .sign_hex(string_to_sign.as_bytes())
}

#[test]
fn signing_by_hand_reproduces_the_aws_documentation_get_object() {
    // The canonical request the AWS page prints for its GET Object example.
    let canonical = format!(
        "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\nx-amz-content-sha256:{EMPTY}\nx-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n{EMPTY}"
    );
    assert_eq!(
        sign_by_hand(&canonical, "20130524T000000Z"),
        GET_RANGE_SIGNATURE
    );
}

/// S3's "Common Request Headers"
/// (<https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonRequestHeaders.html>):
/// "If the Date header is to be used for signing it must be specified in
/// the ISO 8601 basic format. In this case, the x-amz-date header is not
/// needed." (and `x-amz-date`, when present, overrides `Date`).
#[test]
fn a_date_header_in_iso_8601_dates_a_header_signed_request() {
    let canonical = format!(
        "GET\n/test.txt\n\ndate:20130524T000000Z\nhost:examplebucket.s3.amazonaws.com\nx-amz-content-sha256:{EMPTY}\n\ndate;host;x-amz-content-sha256\n{EMPTY}"
    );
    let signature = sign_by_hand(&canonical, "20130524T000000Z");
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=date;host;x-amz-content-sha256, Signature={signature}"
    );
    let headers = [
        ("Host", "examplebucket.s3.amazonaws.com"),
        ("Date", "20130524T000000Z"),
        ("x-amz-content-sha256", EMPTY),
        ("Authorization", authorization.as_str()),
    ];
    let verified = s3()
        .verify(&received("GET", "/test.txt", &headers), &creds(), t0())
        .expect("dated by Date, as S3 allows");
    assert_eq!(verified.date, t0());
}
