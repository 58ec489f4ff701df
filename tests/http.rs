//! The `http` feature: `http::Request`s signed in place and URLs presigned
//! from an `http::Method` and an `http::Uri`, sent by `ureq` (which takes
//! `http` 1.x requests as they are) to the in-process s3s server, which
//! checks their signatures; and the same requests verified by
//! `presign::verify` through `Policy::verify_http`.
//!
//! Without the feature (`cargo test` alone) this says loudly that it did
//! not run, and fails under `CI=true`: CI runs `cargo test --all-features`.

#[cfg(not(feature = "http"))]
#[test]
fn the_http_feature_is_off() {
    let msg = "tests/http.rs needs the http feature: cargo test --all-features";
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{msg}; CI=true requires it"
    );
    eprintln!("\n!!! SKIPPED: {msg}\n");
}

#[cfg(feature = "http")]
mod common;

#[cfg(feature = "http")]
mod with_http {
    use std::time::Duration;

    use http::{Method, Request, Uri};
    use presign::verify::{Form, Policy};
    use presign::{AmzDate, Error, Payload, Signer};

    use crate::common::server::{agent, credentials, TestServer, REGION, SECRET_KEY};

    /// Sends `request` with `ureq` and returns the status and the body.
    fn send(request: Request<Vec<u8>>) -> (u16, Vec<u8>) {
        let mut response = agent().run(request).expect("ureq sends the request");
        let status = response.status().as_u16();
        let body = response.body_mut().read_to_vec().expect("the body");
        (status, body)
    }

    fn s3() -> Signer {
        Signer::new(REGION, "s3").unwrap()
    }

    fn names(request: &Request<Vec<u8>>) -> Vec<String> {
        let mut names: Vec<String> = request.headers().keys().map(|n| n.to_string()).collect();
        names.sort();
        names
    }

    #[test]
    fn header_signed_put_and_get_are_accepted_and_verify() {
        let server = TestServer::start();
        let _bucket = server.create_bucket("http-headers");
        let uri = format!("{}/http-headers/notes/hello.txt", server.endpoint());
        let body = b"hello from an http::Request\n".to_vec();
        let creds = credentials();
        let policy = Policy::new(REGION, "s3").unwrap();

        let mut put = Request::put(&uri)
            .header("content-type", "text/plain")
            .header("x-amz-meta-colour", "blue")
            .body(body.clone())
            .unwrap();
        let before = names(&put);
        let now = AmzDate::now();
        s3().sign_http(&creds, &mut put, Payload::Bytes(&body), now)
            .unwrap();
        // Exactly the signer's headers were added; nothing else changed.
        let mut want = before.clone();
        want.extend(["authorization", "x-amz-content-sha256", "x-amz-date"].map(String::from));
        want.sort();
        assert_eq!(names(&put), want);
        assert_eq!(put.uri(), uri.as_str());
        assert_eq!(put.headers()["x-amz-meta-colour"], "blue");
        assert_eq!(put.headers()["x-amz-date"], now.timestamp());
        let verified = policy
            .verify_http(&put, Payload::Bytes(&body), &creds, now)
            .expect("our verifier accepts the signed PUT");
        assert_eq!(verified.form, Form::Header);
        assert_eq!(
            verified.signed_headers,
            "content-type;host;x-amz-content-sha256;x-amz-date;x-amz-meta-colour"
        );
        verified
            .check_body(&body)
            .expect("the body is the signed one");
        // A signed header changed after signing: refused by both.
        let mut tampered = put.clone();
        tampered
            .headers_mut()
            .insert("x-amz-meta-colour", "red".parse().unwrap());
        let refused = policy
            .verify_http(&tampered, Payload::Bytes(&body), &creds, now)
            .unwrap_err();
        assert_eq!(refused.code(), "SignatureDoesNotMatch");
        assert_eq!(send(tampered).0, 403);
        let (status, text) = send(put);
        assert_eq!(status, 200, "PUT: {}", String::from_utf8_lossy(&text));

        let mut get = Request::get(&uri).body(Vec::new()).unwrap();
        let now = AmzDate::now();
        s3().sign_http(&creds, &mut get, Payload::Empty, now)
            .unwrap();
        policy
            .verify_http(&get, Payload::Empty, &creds, now)
            .expect("our verifier accepts the signed GET");
        let (status, got) = send(get);
        assert_eq!(status, 200, "GET: {}", String::from_utf8_lossy(&got));
        assert_eq!(got, body);
    }

    #[test]
    fn a_query_is_signed_as_sent_in_any_order() {
        let server = TestServer::start();
        let _bucket = server.create_bucket("http-query");
        let creds = credentials();
        let uri = format!("{}/http-query/a.txt", server.endpoint());
        let mut put = Request::put(&uri).body(b"a".to_vec()).unwrap();
        s3().sign_http(&creds, &mut put, Payload::Bytes(b"a"), AmzDate::now())
            .unwrap();
        assert_eq!(send(put).0, 200);

        // ListObjectsV2, its parameters out of order and one value encoded:
        // sent as written, signed as sent.
        let list = format!(
            "{}/http-query?start-after=%21&prefix=a.&list-type=2",
            server.endpoint()
        );
        let mut get = Request::get(&list).body(Vec::new()).unwrap();
        let now = AmzDate::now();
        s3().sign_http(&creds, &mut get, Payload::Empty, now)
            .unwrap();
        assert_eq!(get.uri(), list.as_str());
        Policy::new(REGION, "s3")
            .unwrap()
            .verify_http(&get, Payload::Empty, &creds, now)
            .expect("our verifier accepts the listing");
        let (status, xml) = send(get);
        let xml = String::from_utf8_lossy(&xml).into_owned();
        assert_eq!(status, 200, "{xml}");
        assert!(xml.contains("<Key>a.txt</Key>"), "{xml}");
    }

    #[test]
    fn presigned_put_and_get_from_a_method_and_a_uri_are_accepted_and_verify() {
        let server = TestServer::start();
        let _bucket = server.create_bucket("http-presigned");
        let creds = credentials();
        let policy = Policy::new(REGION, "s3").unwrap();
        let lifetime = Duration::from_secs(300);
        // A key with a space and non-ASCII text, percent-encoded in the URI.
        let uri: Uri = format!(
            "{}/http-presigned/caf%C3%A9%20menu.txt?response-content-type=text%2Fplain",
            server.endpoint()
        )
        .parse()
        .unwrap();
        let body = b"soup of the day\n".to_vec();

        let now = AmzDate::now();
        let put_uri = s3()
            .presign_http(&creds, &Method::PUT, &uri, now, lifetime)
            .unwrap();
        assert_eq!(put_uri.authority(), uri.authority());
        assert_eq!(put_uri.path(), uri.path());
        let put = Request::put(put_uri).body(body.clone()).unwrap();
        let verified = policy
            .verify_http(&put, Payload::Unsigned, &creds, now)
            .expect("our verifier accepts the presigned PUT");
        assert_eq!(
            (verified.form, &*verified.signed_headers),
            (Form::Presigned, "host")
        );
        let (status, text) = send(put);
        assert_eq!(status, 200, "PUT: {}", String::from_utf8_lossy(&text));

        let now = AmzDate::now();
        let get_uri = s3()
            .presign_http(&creds, &Method::GET, &uri, now, lifetime)
            .unwrap();
        let get = Request::get(get_uri).body(Vec::new()).unwrap();
        policy
            .verify_http(&get, Payload::Unsigned, &creds, now)
            .expect("our verifier accepts the presigned GET");
        let mut response = agent().run(get).expect("ureq GET");
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/plain");
        assert_eq!(response.body_mut().read_to_vec().unwrap(), body);

        // Used for another method, the URL is refused by both.
        let now = AmzDate::now();
        let get_uri = s3()
            .presign_http(&creds, &Method::GET, &uri, now, lifetime)
            .unwrap();
        let delete = Request::delete(get_uri).body(Vec::new()).unwrap();
        let refused = policy
            .verify_http(&delete, Payload::Unsigned, &creds, now)
            .unwrap_err();
        assert_eq!(refused.code(), "SignatureDoesNotMatch");
        let (status, _) = send(delete);
        assert_eq!(status, 403);
    }

    #[test]
    fn a_target_the_signer_would_write_otherwise_is_refused_and_the_request_left_alone() {
        let creds = credentials();
        // S3's rules sign `$` as `%24`, and `%2F` as `/`: sent as written,
        // neither would be the signed target.
        for (uri, signed) in [
            ("http://127.0.0.1:9000/b/price$list", "/b/price%24list"),
            ("http://127.0.0.1:9000/b/a%2Fb", "/b/a/b"),
            ("http://127.0.0.1:9000/b/k?x=a+b", "/b/k?x=a%2Bb"),
            ("http://127.0.0.1:9000/b/k?x=%7e", "/b/k?x=~"),
        ] {
            let mut request = Request::get(uri).body(Vec::<u8>::new()).unwrap();
            let err = s3()
                .sign_http(&creds, &mut request, Payload::Empty, AmzDate::now())
                .unwrap_err();
            let sent = &uri["http://127.0.0.1:9000".len()..];
            assert_eq!(
                err,
                Error::TargetMismatch {
                    sent: sent.to_string(),
                    signed: signed.to_string()
                },
                "{uri}"
            );
            assert!(
                request.headers().is_empty(),
                "{uri}: {:?}",
                request.headers()
            );
        }
    }

    #[test]
    fn hosts_that_would_not_be_sent_as_signed_are_refused() {
        let creds = credentials();
        let sign = |request: &mut Request<Vec<u8>>| {
            s3().sign_http(&creds, request, Payload::Empty, AmzDate::now())
        };

        let mut other_host = Request::get("http://127.0.0.1:9000/b/k")
            .header("host", "example.com")
            .body(Vec::new())
            .unwrap();
        assert_eq!(
            sign(&mut other_host),
            Err(Error::ConflictingHeader("host".to_string()))
        );

        // The same host in another case is the same host.
        let mut same_host = Request::get("http://Example.com/b/k")
            .header("host", "example.com")
            .body(Vec::new())
            .unwrap();
        sign(&mut same_host).expect("signs");

        let mut no_host = Request::get("/b/k").body(Vec::new()).unwrap();
        assert!(matches!(sign(&mut no_host), Err(Error::InvalidUri(_))));

        // A bare target with a Host header is what a proxy would forward.
        let mut with_header = Request::get("/b/k")
            .header("host", "127.0.0.1:9000")
            .body(Vec::new())
            .unwrap();
        sign(&mut with_header).expect("signs");

        for uri in [
            "http://127.0.0.1:80/b/k",
            "https://s3.amazonaws.com:443/b/k",
        ] {
            let mut request = Request::get(uri).body(Vec::new()).unwrap();
            let err = sign(&mut request).unwrap_err();
            assert!(
                matches!(&err, Error::InvalidUri(m) if m.contains("default port")),
                "{uri}: {err}"
            );
            let presigned = s3().presign_http(
                &creds,
                &Method::GET,
                &uri.parse().unwrap(),
                AmzDate::now(),
                Duration::from_secs(60),
            );
            assert!(matches!(presigned, Err(Error::InvalidUri(_))), "{uri}");
        }

        // User info is not sent in `Host`, and never shown; nor is a
        // password with a `/`, which ends the authority early (the rest of
        // it reads as a port that is no number, and a path).
        for password in ["hunter2", SECRET_KEY] {
            let uri = format!("http://user:{password}@127.0.0.1:9000/b/k");
            let mut request = Request::get(&uri).body(Vec::new()).unwrap();
            let err = sign(&mut request).unwrap_err();
            assert!(matches!(err, Error::InvalidUri(_)), "{err}");
            let shown = format!("{err} {err:?}");
            for part in password.split('/') {
                assert!(!shown.contains(part), "{shown}");
            }
            let presigned = s3().presign_http(
                &creds,
                &Method::GET,
                &uri.parse().unwrap(),
                AmzDate::now(),
                Duration::from_secs(60),
            );
            assert!(matches!(presigned, Err(Error::InvalidUri(_))), "{uri}");
        }
    }

    #[test]
    fn header_values_that_are_not_text_are_refused() {
        let raw = http::HeaderValue::from_bytes(b"caf\xe9").unwrap();
        let mut request = Request::get("http://127.0.0.1:9000/b/k")
            .header("x-amz-meta-raw", raw.clone())
            .body(Vec::<u8>::new())
            .unwrap();
        let err = s3()
            .sign_http(&credentials(), &mut request, Payload::Empty, AmzDate::now())
            .unwrap_err();
        assert_eq!(
            err,
            Error::InvalidHeaderValue {
                name: "x-amz-meta-raw".to_string()
            }
        );
        assert!(!request.headers().contains_key("authorization"));

        // The verifier leaves such a header out: unsigned, it is ignored;
        // signed (the header a signature names, its value replaced by
        // bytes that are not text), it is missing.
        let policy = Policy::new(REGION, "s3").unwrap();
        let now = AmzDate::now();
        let mut signed = Request::get("http://127.0.0.1:9000/b/k")
            .header("x-amz-meta-colour", "blue")
            .body(Vec::<u8>::new())
            .unwrap();
        s3().sign_http(&credentials(), &mut signed, Payload::Empty, now)
            .unwrap();
        let mut extra = signed.clone();
        extra.headers_mut().insert("x-unsigned", raw.clone());
        policy
            .verify_http(&extra, Payload::Empty, &credentials(), now)
            .expect("an unsigned header is not checked");
        signed.headers_mut().insert("x-amz-meta-colour", raw);
        let refused = policy
            .verify_http(&signed, Payload::Empty, &credentials(), now)
            .unwrap_err();
        assert_eq!(
            refused,
            presign::verify::Rejection::MissingSignedHeader("x-amz-meta-colour".to_string())
        );
        // UTF-8 text that is not ASCII is text: signed as its bytes.
        let mut text = Request::get("http://127.0.0.1:9000/b/k")
            .header(
                "x-amz-meta-city",
                http::HeaderValue::from_bytes("Zürich".as_bytes()).unwrap(),
            )
            .body(Vec::<u8>::new())
            .unwrap();
        s3().sign_http(&credentials(), &mut text, Payload::Empty, now)
            .expect("UTF-8 text is signed");
        let verified = policy
            .verify_http(&text, Payload::Empty, &credentials(), now)
            .expect("and verifies");
        assert!(verified.signed_headers.contains("x-amz-meta-city"));
    }

    #[test]
    fn presigning_needs_an_http_url() {
        let creds = credentials();
        for uri in ["/b/k", "ftp://example.com/b/k"] {
            let got = s3().presign_http(
                &creds,
                &Method::GET,
                &uri.parse().unwrap(),
                AmzDate::now(),
                Duration::from_secs(60),
            );
            assert!(matches!(got, Err(Error::InvalidUri(_))), "{uri}: {got:?}");
        }
        // A query escape of bytes that are not UTF-8 cannot be a parameter.
        let got = s3().presign_http(
            &creds,
            &Method::GET,
            &"https://example.com/b/k?x=%FF".parse().unwrap(),
            AmzDate::now(),
            Duration::from_secs(60),
        );
        assert!(matches!(got, Err(Error::InvalidUri(_))), "{got:?}");
    }
}
