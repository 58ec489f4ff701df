//! What header signing and presigning hand back: the request target to send,
//! only the headers the signer added, and `Debug` output without secrets.

use std::time::Duration;

use presign::{AmzDate, Credentials, Error, Payload, Request, Rules, Signer};

const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

fn creds() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").unwrap()
}

fn time() -> AmzDate {
    AmzDate::parse("20150830T123600Z").unwrap()
}

fn request<'a>(
    path: &'a str,
    query: &'a [(&'a str, &'a str)],
    headers: &'a [(&'a str, &'a str)],
) -> Request<'a> {
    Request {
        method: "GET",
        host: "example.amazonaws.com",
        path,
        query,
        headers,
        payload: Payload::Empty,
    }
}

fn names(signed: &presign::SignedRequest) -> Vec<&'static str> {
    signed.headers().map(|(name, _)| name).collect()
}

#[test]
fn the_target_is_written_by_the_encoder_that_signed_it() {
    let iam = Signer::new("us-east-1", "iam").unwrap();
    let query = [("b", "x y+z"), ("a", "ሴ/~"), ("a", "")];
    let signed = iam
        .sign(&creds(), &request("/a%20b/", &query, &[]), time())
        .unwrap();
    // Sorted as signed, a space as `%20` (never `+`), the path as given.
    assert_eq!(signed.target(), "/a%20b/?a=&a=%E1%88%B4%2F~&b=x%20y%2Bz");
    let steps = iam
        .explain_sign(&creds(), &request("/a%20b/", &query, &[]), time())
        .unwrap();
    let lines: Vec<&str> = steps.canonical_request.lines().collect();
    assert_eq!(
        lines[1], "/a%2520b/",
        "other services encode the path once more"
    );
    assert_eq!(format!("/a%20b/?{}", lines[2]), signed.target());

    // S3 sends the path it signs: decoded, then encoded once.
    let s3 = Signer::new("us-east-1", "s3").unwrap();
    let signed = s3
        .sign(&creds(), &request("/bucket/a\tb%24c$d", &[], &[]), time())
        .unwrap();
    assert_eq!(signed.target(), "/bucket/a%09b%24c%24d");
}

#[test]
fn headers_the_request_has_are_not_added_again() {
    let s3 = Signer::new("us-east-1", "s3").unwrap();
    let creds = creds().with_session_token("token/value+1").unwrap();
    let bare = s3.sign(&creds, &request("/k", &[], &[]), time()).unwrap();
    assert_eq!(
        names(&bare),
        [
            "authorization",
            "x-amz-date",
            "x-amz-content-sha256",
            "x-amz-security-token"
        ]
    );
    let given = [
        ("HOST", "Example.AmazonAWS.com"),
        ("X-Amz-Date", "20150830T123600Z"),
        ("x-amz-content-sha256", EMPTY),
        ("X-AMZ-SECURITY-TOKEN", "token/value+1"),
    ];
    for n in 1..=given.len() {
        let signed = s3
            .sign(&creds, &request("/k", &[], &given[..n]), time())
            .unwrap();
        for (name, _) in &given[..n] {
            assert!(
                !names(&signed).iter().any(|a| a.eq_ignore_ascii_case(name)),
                "{name} was given and added again: {:?}",
                names(&signed)
            );
        }
        assert_eq!(names(&signed).len(), 4 - n + 1, "{:?}", names(&signed));
        assert_eq!(names(&signed)[0], "authorization");
    }
    // A presigned URL's user sends the URL's host: one given in another
    // case would be signed as given and fail.
    let mut r = request("/k", &[], &given[..1]);
    r.payload = Payload::Unsigned;
    assert_eq!(
        s3.presign(&creds, &r, time(), Duration::from_secs(60)),
        Err(Error::ConflictingHeader("HOST".to_string()))
    );
    // A header-signed request sends the caller's Host as given: the same
    // host, signed.
    let signed = s3
        .sign(&creds, &request("/k", &[], &given[..1]), time())
        .unwrap();
    assert!(signed.authorization().contains("SignedHeaders=host;"));

    // A token added after signing is still added, unsigned.
    let iot = Signer::new("us-east-1", "iotdevicegateway")
        .unwrap()
        .with_rules(Rules {
            session_token: presign::SessionToken::AddedAfterSigning,
            ..Rules::DEFAULT
        });
    let signed = iot.sign(&creds, &request("/k", &[], &[]), time()).unwrap();
    assert!(!signed.authorization().contains("x-amz-security-token"));
    assert_eq!(
        signed.headers().last(),
        Some(("x-amz-security-token", "token/value+1"))
    );
}

#[test]
fn s3_signing_names_sign_as_s3() {
    for service in ["s3", "s3-object-lambda", "s3-outposts", "s3express"] {
        let signer = Signer::new("us-west-2", service).unwrap();
        assert_eq!(signer.rules(), Rules::S3, "{service}");
        let signed = signer
            .sign(&creds(), &request("/a%2Fb", &[], &[]), time())
            .unwrap();
        assert!(
            names(&signed).contains(&"x-amz-content-sha256"),
            "{service}"
        );
        assert_eq!(
            signed.target(),
            "/a/b",
            "{service}: the path is decoded once"
        );
    }
}

#[test]
fn unsigned_payload_given_as_a_hash_presigns_for_s3() {
    let s3 = Signer::new("us-east-1", "s3").unwrap();
    let mut r = request("/k", &[], &[]);
    let expires = Duration::from_secs(60);
    r.payload = Payload::Unsigned;
    let unsigned = s3.presign(&creds(), &r, time(), expires).unwrap();
    r.payload = Payload::Hash("UNSIGNED-PAYLOAD");
    assert_eq!(s3.presign(&creds(), &r, time(), expires).unwrap(), unsigned);
    r.payload = Payload::Hash(EMPTY);
    assert_eq!(
        s3.presign(&creds(), &r, time(), expires),
        Err(Error::PresignedPayloadNotUnsigned)
    );
    r.payload = Payload::Hash("NOT-A-LITERAL");
    assert_eq!(
        s3.presign(&creds(), &r, time(), expires),
        Err(Error::InvalidPayloadHash)
    );
}

#[test]
fn a_presigned_target_is_always_a_url() {
    let service = Signer::new("us-east-1", "execute-api").unwrap();
    let expires = Duration::from_secs(60);
    for raw in ["/a b", "/ሴ", "/a{b}", "/a\u{85}b", "/a\nb"] {
        let r = request(raw, &[], &[]);
        assert_eq!(
            service.presign(&creds(), &r, time(), expires),
            Err(Error::InvalidPath(raw.to_string())),
            "{raw:?}"
        );
    }
    // Encoded, as a client sends it, each is fine.
    let target = service
        .presign(
            &creds(),
            &request("/a%20b/%E1%88%B4", &[], &[]),
            time(),
            expires,
        )
        .unwrap();
    assert!(
        target.starts_with("/a%20b/%E1%88%B4?X-Amz-Algorithm="),
        "{target}"
    );
    assert!(target.bytes().all(|b| b.is_ascii_graphic()), "{target}");
    // S3 encodes whatever the path holds.
    let s3 = Signer::new("us-east-1", "s3").unwrap();
    let mut r = request("/a b/ሴ\u{85}", &[], &[]);
    r.payload = Payload::Unsigned;
    let target = s3.presign(&creds(), &r, time(), expires).unwrap();
    assert!(target.starts_with("/a%20b/%E1%88%B4%C2%85?"), "{target}");
}

#[test]
fn non_ascii_header_values_are_signed_as_their_bytes() {
    let s3 = Signer::new("us-east-1", "s3").unwrap();
    let headers = [("x-amz-meta-city", "  Zürich   😀 ")];
    let steps = s3
        .explain_sign(&creds(), &request("/k", &[], &headers), time())
        .unwrap();
    assert!(
        steps
            .canonical_request
            .contains("\nx-amz-meta-city:Zürich 😀\n"),
        "{}",
        steps.canonical_request
    );
}

#[test]
fn debug_output_hides_tokens_and_customer_keys() {
    let token = "SECRET-TOKEN-abc";
    let sse_key = "SECRET-SSE-KEY-xyz";
    let creds = creds().with_session_token(token).unwrap();
    let headers = [
        ("x-amz-server-side-encryption-customer-key", sse_key),
        ("x-amz-meta-visible", "shown"),
    ];
    let query = [("X-Amz-Security-Token", token), ("visible", "shown")];
    let r = request("/k", &query, &headers);
    let s3 = Signer::new("us-east-1", "s3").unwrap();
    let signed = s3.sign(&creds, &r, time()).unwrap();
    let steps = s3.explain_sign(&creds, &r, time()).unwrap();
    assert!(
        steps.canonical_request.contains(sse_key),
        "the steps hold it"
    );
    assert!(signed.target().contains(token), "the target holds it");
    for shown in [
        format!("{r:?}"),
        format!("{steps:?}"),
        format!("{signed:?}"),
        format!("{creds:?}"),
    ] {
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("redacted"), "{shown}");
    }
    assert!(format!("{r:?}").contains("shown"));
    // A presigned query's token is hidden too.
    let mut r = request("/k", &[], &[]);
    r.payload = Payload::Unsigned;
    let steps = s3
        .explain_presign(&creds, &r, time(), Duration::from_secs(60))
        .unwrap();
    assert!(steps.canonical_request.contains(token));
    assert!(!format!("{steps:?}").contains(token), "{steps:?}");
}
