//! Bad input gets a typed error: never a panic, never a silently wrong URL.

use std::time::Duration;

use presign::{AmzDate, Bucket, Credentials, Endpoint, Error, Payload, Request, Signer, UrlStyle};

fn creds() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").unwrap()
}

fn time() -> AmzDate {
    AmzDate::parse("20150830T123600Z").unwrap()
}

fn request<'a>(headers: &'a [(&'a str, &'a str)], query: &'a [(&'a str, &'a str)]) -> Request<'a> {
    Request {
        method: "GET",
        host: "example.amazonaws.com",
        path: "/",
        query,
        headers,
        payload: Payload::Empty,
    }
}

fn sign_err(req: &Request<'_>) -> Error {
    let s = Signer::new("us-east-1", "service").unwrap();
    let header = s.sign(&creds(), req, time()).unwrap_err();
    let query = s
        .presign(&creds(), req, time(), Duration::from_secs(60))
        .unwrap_err();
    assert_eq!(header, query, "both outputs refuse the same input");
    header
}

#[test]
fn expiry_must_be_between_one_second_and_seven_days() {
    let s = Signer::new("us-east-1", "s3").unwrap();
    let mut r = request(&[], &[]);
    r.payload = Payload::Unsigned;
    for secs in [0, 604_801, u64::MAX] {
        assert_eq!(
            s.presign(&creds(), &r, time(), Duration::from_secs(secs)),
            Err(Error::InvalidExpiry { seconds: secs })
        );
    }
    assert!(s
        .presign(&creds(), &r, time(), Duration::from_millis(999))
        .is_err());
    for secs in [1, 604_800] {
        assert!(s
            .presign(&creds(), &r, time(), Duration::from_secs(secs))
            .is_ok());
    }
    let bucket = Bucket::aws("examplebucket", "us-east-1").unwrap();
    assert_eq!(
        bucket
            .get_object("k")
            .presign(&creds(), time(), Duration::from_secs(604_801)),
        Err(Error::InvalidExpiry { seconds: 604_801 })
    );
}

#[test]
fn regions_and_services_with_illegal_characters_are_refused() {
    for region in ["", "US-EAST-1", "us east", "us/east", "us-east-1\n", "ü"] {
        assert_eq!(
            Signer::new(region, "s3"),
            Err(Error::InvalidRegion(region.to_string()))
        );
        assert!(Bucket::aws("examplebucket", region).is_err());
    }
    for service in ["", "S3", "s3/x", "s 3"] {
        assert_eq!(
            Signer::new("us-east-1", service),
            Err(Error::InvalidService(service.to_string()))
        );
    }
}

#[test]
fn header_names_and_values_with_cr_lf_are_refused() {
    for name in ["X-A\r\nX-B", "X A", "X:A", "", "X-\u{e9}"] {
        assert_eq!(
            sign_err(&request(&[(name, "v")], &[])),
            Error::InvalidHeaderName(name.to_string())
        );
    }
    for value in [
        "a\r\nX-Injected: 1",
        "a\nb",
        "a\rb",
        "a\0b",
        "a\u{7f}",
        "a\u{85}b",
        "a\u{a0}b",
        "a\u{2028}b",
        "a\u{3000}b",
    ] {
        assert_eq!(
            sign_err(&request(&[("X-A", value)], &[])),
            Error::InvalidHeaderValue {
                name: "X-A".to_string()
            }
        );
    }
}

#[test]
fn signer_owned_headers_cannot_be_contradicted() {
    for (name, value) in [
        ("Host", "evil.example.com"),
        ("X-Amz-Date", "20000101T000000Z"),
        ("Authorization", "AWS4-HMAC-SHA256 ..."),
        ("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"),
        ("X-Amz-Security-Token", "not-ours"),
    ] {
        assert_eq!(
            sign_err(&request(&[(name, value)], &[])),
            Error::ConflictingHeader(name.to_string()),
            "{name}"
        );
    }
}

#[test]
fn presign_parameters_cannot_be_given_by_the_caller() {
    let s = Signer::new("us-east-1", "s3").unwrap();
    for name in [
        "X-Amz-Signature",
        "x-amz-credential",
        "X-Amz-Expires",
        "X-Amz-Date",
    ] {
        let q = [(name, "x")];
        let mut r = request(&[], &q);
        r.payload = Payload::Unsigned;
        assert_eq!(
            s.presign(&creds(), &r, time(), Duration::from_secs(60)),
            Err(Error::ReservedQueryParameter(name.to_string()))
        );
    }
}

#[test]
fn malformed_methods_hosts_paths_and_hashes_are_refused() {
    let mut r = request(&[], &[]);
    r.method = "GET /x";
    assert_eq!(sign_err(&r), Error::InvalidMethod("GET /x".to_string()));
    for host in ["", "a b", "a/b", "user@host", "h\r\n", "h\u{e9}"] {
        let mut r = request(&[], &[]);
        r.host = host;
        assert_eq!(sign_err(&r), Error::InvalidHost(host.to_string()));
    }
    for path in ["", "x", "/a?b", "/a#b", "/a\nb", "/%zz", "/%"] {
        let mut r = request(&[], &[]);
        r.path = path;
        assert_eq!(sign_err(&r), Error::InvalidPath(path.to_string()));
    }
    for hash in [
        "",
        "abc",
        "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "unsigned-payload",
    ] {
        let mut r = request(&[], &[]);
        r.payload = Payload::Hash(hash);
        assert_eq!(sign_err(&r), Error::InvalidPayloadHash);
    }
}

#[test]
fn bucket_names_follow_s3_rules() {
    for name in [
        "",
        "ab",
        "a".repeat(64).as_str(),
        "-lead",
        "trail-",
        ".dot",
        "a..b",
        "a.-b",
        "a-.b",
        "192.168.5.4",
        "xn--abc",
        "sp ace",
        "caf\u{e9}",
        "a/b",
    ] {
        let err = Bucket::aws(name, "eu-west-1").unwrap_err();
        assert!(
            matches!(err, Error::InvalidBucketName { .. }),
            "{name:?}: {err}"
        );
        assert!(err.to_string().contains("invalid bucket name"));
    }
    for name in [
        "abc",
        "my-bucket",
        "a".repeat(63).as_str(),
        "123",
        // Access point and Object Lambda aliases, which S3 serves, and a
        // prefix that only bucket creation refuses.
        "my-ap-hrzrlukc5m36ft7okagglf3gmwluquse1b-s3alias",
        "my-olap-x7y2xb7bw4ebwfcltmg49zncxhmqq--ol-s3",
        "sthree-x",
    ] {
        let bucket = Bucket::aws(name, "us-east-1").unwrap();
        assert_eq!(bucket.style(), UrlStyle::VirtualHost, "{name}");
        assert_eq!(bucket.host(), format!("{name}.s3.us-east-1.amazonaws.com"));
    }
    // Dotted names and the legacy names of us-east-1 (upper case, `_`, up
    // to 255 characters) get path style.
    let long = "A".repeat(255);
    for name in ["my.bucket.v2", "Upper", "under_score", long.as_str()] {
        let bucket = Bucket::aws(name, "us-east-1").unwrap();
        assert_eq!(bucket.style(), UrlStyle::Path, "{name}");
        assert_eq!(
            bucket.url(),
            format!("https://s3.us-east-1.amazonaws.com/{name}/")
        );
    }
    for name in ["Upper", "under_score"] {
        assert!(Bucket::aws(name, "eu-west-1").is_err(), "{name}");
    }
    for name in ["A".repeat(256).as_str(), "Up", "sp ace", "a..b"] {
        assert!(Bucket::aws(name, "us-east-1").is_err(), "{name}");
    }
}

#[test]
fn other_endpoints_take_any_name_a_url_path_carries() {
    let endpoint = Endpoint::parse("https://storage.example.com").unwrap();
    for (name, style) in [
        ("my-bucket", UrlStyle::VirtualHost),
        ("UPPER", UrlStyle::Path),
        ("under_score", UrlStyle::Path),
        ("tilde~", UrlStyle::Path),
        ("-lead", UrlStyle::Path),
        ("a", UrlStyle::VirtualHost),
        ("x-s3alias", UrlStyle::VirtualHost),
        ("xn--abc", UrlStyle::Path),
    ] {
        let bucket = Bucket::new(endpoint.clone(), name, "auto", UrlStyle::VirtualHost).unwrap();
        assert_eq!(bucket.style(), style, "{name}");
    }
    for name in ["", ".", "..", "a/b", "a b", "caf\u{e9}", "a%b", "a?b"] {
        let got = Bucket::new(endpoint.clone(), name, "auto", UrlStyle::Path);
        assert!(
            matches!(got, Err(Error::InvalidBucketName { .. })),
            "{name:?}"
        );
    }
}

#[test]
fn malformed_endpoints_are_refused() {
    for url in [
        "",
        "s3.amazonaws.com",
        "ftp://host",
        "http://",
        "http://:9000",
        "http://host:port",
        "http://host:0",
        "http://host:65536",
        "http://us er@host",
        "http://user@host",
        "http://host/a b",
        "http://host/a?b=c",
        "http://host/a#frag",
        "http://host//double",
    ] {
        assert!(
            matches!(Endpoint::parse(url), Err(Error::InvalidEndpoint(_))),
            "{url:?}"
        );
    }
    let e = Endpoint::parse("HTTPS://Example.COM:443/prefix/").unwrap();
    assert_eq!(
        (e.scheme(), e.host(), e.prefix()),
        ("https", "example.com", "/prefix")
    );
    let e = Endpoint::parse("http://[::1]:9000").unwrap();
    assert_eq!(e.host(), "[::1]:9000");
}

#[test]
fn object_keys_are_checked() {
    let bucket = Bucket::new(
        Endpoint::parse("http://127.0.0.1:9000").unwrap(),
        "bucket",
        "us-east-1",
        UrlStyle::Path,
    )
    .unwrap();
    for key in ["", "k".repeat(1025).as_str()] {
        assert!(
            matches!(
                bucket
                    .get_object(key)
                    .presign(&creds(), time(), Duration::from_secs(60)),
                Err(Error::InvalidObjectKey(_))
            ),
            "{key:?}"
        );
    }
    // Any UTF-8 of 1 to 1024 bytes is a key S3 takes, control characters
    // included: they are percent-encoded.
    for (key, path) in [
        ("a\tb", "/bucket/a%09b"),
        ("a\nb\r", "/bucket/a%0Ab%0D"),
        ("\u{0}", "/bucket/%00"),
        ("\u{1}\u{7f}\u{85}", "/bucket/%01%7F%C2%85"),
        (
            "k".repeat(1024).as_str(),
            &format!("/bucket/{}", "k".repeat(1024)),
        ),
    ] {
        let url = bucket
            .get_object(key)
            .presign(&creds(), time(), Duration::from_secs(60))
            .unwrap();
        let want = format!("http://127.0.0.1:9000{path}?");
        assert!(url.starts_with(&want), "{key:?}: {url}");
    }
}

#[test]
fn times_outside_the_four_digit_years_are_refused() {
    assert!(matches!(
        AmzDate::from_unix_seconds(-62_167_219_201),
        Err(Error::InvalidTime(_))
    ));
    assert!(matches!(
        AmzDate::from_unix_seconds(253_402_300_800),
        Err(Error::InvalidTime(_))
    ));
}

#[test]
fn errors_never_show_secrets() {
    let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    let token = "SESSIONTOKENVALUE";
    let creds = Credentials::new("AKIDEXAMPLE", secret)
        .unwrap()
        .with_session_token(token)
        .unwrap();
    let s = Signer::new("us-east-1", "s3").unwrap();
    let bad = [("X-Amz-Security-Token", "other")];
    let err = s.sign(&creds, &request(&bad, &[]), time()).unwrap_err();
    for shown in [err.to_string(), format!("{err:?}"), format!("{creds:?}")] {
        assert!(!shown.contains(secret) && !shown.contains(token), "{shown}");
    }
    let signed = s.sign(&creds, &request(&[], &[]), time()).unwrap();
    assert!(!format!("{signed:?}").contains(token));
}

#[test]
fn presigned_s3_urls_sign_unsigned_payload_unless_a_hash_header_is_signed() {
    let s = Signer::new("us-east-1", "s3").unwrap();
    let minute = Duration::from_secs(60);
    for payload in [Payload::Empty, Payload::Bytes(b"body")] {
        let mut r = request(&[], &[]);
        r.payload = payload;
        assert_eq!(
            s.presign(&creds(), &r, time(), minute),
            Err(Error::PresignedPayloadNotUnsigned)
        );
    }
    // Signing the hash as a header makes S3 check it: allowed.
    let hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    let h = [("x-amz-content-sha256", hash)];
    let mut r = request(&h, &[]);
    r.payload = Payload::Empty;
    assert!(s.presign(&creds(), &r, time(), minute).is_ok());
}

#[test]
fn headers_the_signer_owns_may_not_repeat() {
    for name in ["Host", "X-Amz-Date"] {
        let value = if name == "Host" {
            "example.amazonaws.com"
        } else {
            "20150830T123600Z"
        };
        assert_eq!(
            sign_err(&request(&[(name, value), (name, value)], &[])),
            Error::ConflictingHeader(name.to_string())
        );
    }
}

#[test]
fn expiry_errors_round_fractions_up() {
    let s = Signer::new("us-east-1", "service").unwrap();
    assert_eq!(
        s.presign(
            &creds(),
            &request(&[], &[]),
            time(),
            Duration::from_millis(604_800_500)
        ),
        Err(Error::InvalidExpiry { seconds: 604_801 })
    );
}

#[test]
fn access_key_ids_that_would_break_the_authorization_header_are_refused() {
    for id in ["AK,ID", "AK/ID", "AK ID"] {
        assert_eq!(
            Credentials::new(id, "secret").unwrap_err(),
            Error::InvalidAccessKeyId
        );
    }
}

#[test]
fn part_numbers_outside_1_to_10000_are_refused() {
    let bucket = Bucket::aws("examplebucket", "us-east-1").unwrap();
    let minute = Duration::from_secs(60);
    for n in [0, 10_001, u16::MAX] {
        assert_eq!(
            bucket
                .upload_part("k", n, "id")
                .presign(&creds(), time(), minute),
            Err(Error::InvalidPartNumber(n))
        );
    }
    for n in [1, 10_000] {
        assert!(bucket
            .upload_part("k", n, "id")
            .presign(&creds(), time(), minute)
            .is_ok());
    }
}

#[test]
fn virtual_hosted_style_needs_a_dns_name() {
    for url in [
        "http://127.0.0.1:9000",
        "http://[::1]:9000",
        "https://10.0.0.1",
    ] {
        let endpoint = Endpoint::parse(url).unwrap();
        assert!(endpoint.is_ip(), "{url}");
        assert!(matches!(
            Bucket::new(
                endpoint.clone(),
                "bucket",
                "us-east-1",
                UrlStyle::VirtualHost
            ),
            Err(Error::InvalidEndpoint(_))
        ));
        assert!(Bucket::new(endpoint, "bucket", "us-east-1", UrlStyle::Path).is_ok());
    }
    assert!(!Endpoint::parse("http://localhost:9000").unwrap().is_ip());
    assert!(matches!(
        Endpoint::parse("https://::1"),
        Err(Error::InvalidEndpoint(_))
    ));
}

#[test]
fn china_regions_use_the_amazonaws_com_cn_domain() {
    let bucket = Bucket::aws("examplebucket", "cn-north-1").unwrap();
    assert_eq!(
        bucket.url(),
        "https://examplebucket.s3.cn-north-1.amazonaws.com.cn/"
    );
}

#[test]
fn endpoint_errors_hide_passwords() {
    let err = Endpoint::parse("https://AKIA:verysecret@minio.local:9000").unwrap_err();
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains("verysecret"), "{shown}");
        assert!(shown.contains("minio.local"), "{shown}");
    }
}

#[test]
fn debug_hides_sse_c_keys() {
    let bucket = Bucket::aws("examplebucket", "us-east-1").unwrap();
    let action = bucket
        .put_object("k")
        .with_header("x-amz-server-side-encryption-customer-key", "SSECKEYSECRET");
    assert!(!format!("{action:?}").contains("SSECKEYSECRET"));
}

/// Found by the fuzzer (`fuzz/`, target `sign`): header signing took an
/// `X-Amz-Signature` (or `X-Amz-Algorithm`) query parameter, and wrote a
/// request signed both ways, which S3 and `presign::verify` refuse.
#[test]
fn header_signing_refuses_the_parameters_that_mark_a_presigned_url() {
    let s = Signer::new("us-east-1", "service").unwrap();
    for name in ["X-Amz-Signature", "X-Amz-Algorithm"] {
        let q = [(name, "x")];
        assert_eq!(
            s.sign(&creds(), &request(&[], &q), time()),
            Err(Error::ReservedQueryParameter(name.to_string())),
            "{name}"
        );
    }
    // Other names, and these in another case, are ordinary parameters of a
    // header-signed request (as aws-sigv4 signs them, and verifiers read
    // them).
    for name in [
        "x-amz-signature",
        "X-Amz-Date",
        "X-Amz-Credential",
        "X-Amz-Expires",
    ] {
        let q = [(name, "x")];
        assert!(
            s.sign(&creds(), &request(&[], &q), time()).is_ok(),
            "{name}"
        );
    }
}
