//! The AWS documentation's worked examples (`../shared/vectors/s3-doc-examples.json`,
//! or `$PRESIGN_VECTORS/s3-doc-examples.json`), reproduced by the generic signer,
//! and their signed requests (and the POST example's form) verified by
//! `presign::verify`.

mod common;

use std::time::Duration;

use presign::verify::{Form, Policy, PostForm, Received, Verified};
use presign::{AmzDate, Credentials, Payload, Request, Signer, SigningKey};
use serde_json::Value;

fn borrow(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

fn credentials(inputs: &Value) -> Credentials {
    Credentials::new(
        inputs["access_key_id"].as_str().unwrap(),
        inputs["secret_access_key"].as_str().unwrap(),
    )
    .unwrap()
}

/// Signs one header-authorization example and checks every step.
fn check_header_example(name: &str) {
    let Some(all) = common::doc_vectors() else {
        return;
    };
    let v = common::doc_vector(&all, name);
    let (inputs, expected) = (&v["inputs"], &v["expected"]);
    let query = common::vector_pairs(&inputs["query"]);
    let headers = common::vector_pairs(&inputs["headers"]);
    let (query, headers) = (borrow(&query), borrow(&headers));
    let hash = inputs["payload_sha256"].as_str().unwrap();
    let request = Request {
        method: inputs["method"].as_str().unwrap(),
        host: inputs["host"].as_str().unwrap(),
        path: inputs["path"].as_str().unwrap(),
        query: &query,
        headers: &headers,
        payload: Payload::Hash(hash),
    };
    let creds = credentials(inputs);
    let signer = Signer::new(
        inputs["region"].as_str().unwrap(),
        inputs["service"].as_str().unwrap(),
    )
    .unwrap();
    let time = AmzDate::parse(inputs["timestamp"].as_str().unwrap()).unwrap();

    let steps = signer.explain_sign(&creds, &request, time).unwrap();
    assert_eq!(
        steps.canonical_request,
        expected["canonical_request"].as_str().unwrap(),
        "{name}: canonical request"
    );
    assert_eq!(
        steps.string_to_sign,
        expected["string_to_sign"].as_str().unwrap(),
        "{name}: string to sign"
    );
    let signed = signer.sign(&creds, &request, time).unwrap();
    assert_eq!(
        signed.authorization(),
        expected["authorization_header"].as_str().unwrap(),
        "{name}: authorization header"
    );
    let want = expected
        .get("signature")
        .unwrap_or(&expected["seed_signature"]);
    assert_eq!(signed.signature(), want.as_str().unwrap());
    assert_eq!(signed.x_amz_date(), inputs["timestamp"].as_str().unwrap());
    let key = creds.signing_key(
        inputs["date"].as_str().unwrap(),
        inputs["region"].as_str().unwrap(),
        inputs["service"].as_str().unwrap(),
    );
    assert_eq!(
        hex::encode(key.to_bytes()),
        expected["signing_key_hex"].as_str().unwrap()
    );
}

#[test]
fn s3_get_object_with_range() {
    check_header_example("s3-get-object-range");
}

#[test]
fn s3_put_object_encodes_dollar_once() {
    check_header_example("s3-put-object");
}

#[test]
fn s3_get_bucket_lifecycle_signs_valueless_parameter() {
    check_header_example("s3-get-bucket-lifecycle");
}

#[test]
fn s3_list_objects() {
    check_header_example("s3-get-bucket-list-objects");
}

#[test]
fn iam_list_users() {
    check_header_example("iam-list-users-general-example");
}

#[test]
fn s3_chunked_upload_seed_signature() {
    check_header_example("s3-put-object-chunked");
}

#[test]
fn s3_chunked_upload_with_trailer_seed_signature() {
    let Some(all) = common::doc_vectors() else {
        return;
    };
    // This example records no Authorization header; check the seed signature.
    let v = common::doc_vector(&all, "s3-put-object-chunked-with-trailer");
    let (inputs, expected) = (&v["inputs"], &v["expected"]);
    let headers = common::vector_pairs(&inputs["headers"]);
    let headers = borrow(&headers);
    let request = Request {
        method: "PUT",
        host: inputs["host"].as_str().unwrap(),
        path: inputs["path"].as_str().unwrap(),
        query: &[],
        headers: &headers,
        payload: Payload::Hash(inputs["payload_sha256"].as_str().unwrap()),
    };
    let signer = Signer::new("us-east-1", "s3").unwrap();
    let time = AmzDate::parse("20130524T000000Z").unwrap();
    let steps = signer
        .explain_sign(&credentials(inputs), &request, time)
        .unwrap();
    assert_eq!(
        steps.canonical_request,
        expected["canonical_request"].as_str().unwrap()
    );
    assert_eq!(
        steps.signature,
        expected["seed_signature"].as_str().unwrap()
    );
}

#[test]
fn signing_key_derivation() {
    let Some(all) = common::doc_vectors() else {
        return;
    };
    let v = common::doc_vector(&all, "signing-key-derivation");
    let secret = v["inputs"]["secret_access_key"].as_str().unwrap();
    let cases = v["inputs"]["cases"].as_array().unwrap();
    let want = v["expected"]["signing_keys_hex"].as_array().unwrap();
    assert_eq!(cases.len(), want.len());
    for (case, want) in cases.iter().zip(want) {
        let key = SigningKey::derive(
            secret,
            case[0].as_str().unwrap(),
            case[1].as_str().unwrap(),
            case[2].as_str().unwrap(),
        );
        assert_eq!(hex::encode(key.to_bytes()), want.as_str().unwrap());
    }
}

#[test]
fn s3_presigned_get_through_the_generic_signer() {
    let Some(all) = common::doc_vectors() else {
        return;
    };
    let v = common::doc_vector(&all, "s3-presigned-get-object");
    let (inputs, expected) = (&v["inputs"], &v["expected"]);
    let request = Request {
        method: "GET",
        host: inputs["host"].as_str().unwrap(),
        path: inputs["path"].as_str().unwrap(),
        query: &[],
        headers: &[],
        payload: Payload::Unsigned,
    };
    let signer = Signer::new("us-east-1", "s3").unwrap();
    let time = AmzDate::parse(inputs["timestamp"].as_str().unwrap()).unwrap();
    let expires = Duration::from_secs(inputs["expires"].as_u64().unwrap());
    let creds = credentials(inputs);
    let steps = signer
        .explain_presign(&creds, &request, time, expires)
        .unwrap();
    assert_eq!(
        steps.canonical_request,
        expected["canonical_request"].as_str().unwrap()
    );
    assert_eq!(
        steps.string_to_sign,
        expected["string_to_sign"].as_str().unwrap()
    );
    let target = signer.presign(&creds, &request, time, expires).unwrap();
    let url = format!("https://{}{}", inputs["host"].as_str().unwrap(), target);
    assert_eq!(url, expected["url"].as_str().unwrap());
}

// The server's side: each example's signed request, as the AWS page shows
// it sent, verified by `presign::verify` at the example's time.

/// A header-signed example as received: the page's request line (the path
/// as written, its parameters in the page's order, a parameter without a
/// value sent bare, as in `/?lifecycle`), its headers and the published
/// `Authorization` header (`comma` between its parts: `", "` as the vector
/// records it, or `","` as the page prints it).
fn verify_header_example(name: &str, body: &[u8], comma: &str) -> Verified<'static> {
    let Some(all) = common::doc_vectors() else {
        panic!("no vectors");
    };
    let v = common::doc_vector(&all, name);
    let (inputs, expected) = (&v["inputs"], &v["expected"]);
    let mut target = inputs["path"].as_str().unwrap().to_string();
    let query: Vec<String> = common::vector_pairs(&inputs["query"])
        .into_iter()
        .map(|(k, v)| if v.is_empty() { k } else { format!("{k}={v}") })
        .collect();
    if !query.is_empty() {
        target.push('?');
        target.push_str(&query.join("&"));
    }
    let authorization = expected["authorization_header"]
        .as_str()
        .unwrap()
        .replace(", ", comma);
    let mut headers = common::vector_pairs(&inputs["headers"]);
    headers.push(("Authorization".to_string(), authorization));
    let headers = borrow(&headers);
    let received = Received {
        method: inputs["method"].as_str().unwrap(),
        target: &target,
        headers: &headers,
        payload: Payload::Bytes(body),
    };
    let policy = Policy::new(
        inputs["region"].as_str().unwrap(),
        inputs["service"].as_str().unwrap(),
    )
    .unwrap();
    let time = AmzDate::parse(inputs["timestamp"].as_str().unwrap()).unwrap();
    let verified = policy
        .verify(&received, &credentials(inputs), time)
        .unwrap_or_else(|r| panic!("{name}: refused: {} ({r:?}: {r})", r.code()));
    assert_eq!(verified.form, Form::Header, "{name}");
    assert_eq!(
        verified.access_key_id,
        inputs["access_key_id"].as_str().unwrap(),
        "{name}"
    );
    assert_eq!(verified.date, time, "{name}");
    assert_eq!(
        verified.signed_headers,
        expected["signed_headers"].as_str().unwrap(),
        "{name}: signed headers"
    );
    assert_eq!(
        verified.payload_hash,
        inputs["payload_sha256"].as_str().unwrap(),
        "{name}: payload hash"
    );
    verified.into_owned()
}

/// Every header example verifies, with both separators, and its body is
/// the one it signs.
fn check_verifies(name: &str, body: &[u8]) {
    if common::doc_vectors().is_none() {
        return;
    }
    for comma in [", ", ","] {
        let verified = verify_header_example(name, body, comma);
        if verified.payload_hash.starts_with("STREAMING-") {
            // Chunks are signed one by one: the seed signature does not
            // cover the body.
            assert_eq!(
                verified.check_body(body),
                Err(presign::verify::Rejection::ContentSha256Mismatch)
            );
        } else {
            assert_eq!(verified.check_body(body), Ok(()), "{name}: body");
        }
    }
}

#[test]
fn s3_get_object_with_range_verifies() {
    check_verifies("s3-get-object-range", b"");
}

#[test]
fn s3_put_object_verifies() {
    // The body the page uploads: its SHA-256 is the published
    // x-amz-content-sha256.
    check_verifies("s3-put-object", b"Welcome to Amazon S3.");
}

#[test]
fn s3_get_bucket_lifecycle_verifies() {
    check_verifies("s3-get-bucket-lifecycle", b"");
}

#[test]
fn s3_list_objects_verifies() {
    check_verifies("s3-get-bucket-list-objects", b"");
}

#[test]
fn iam_list_users_verifies() {
    // No x-amz-content-sha256 header: the verifier hashes the (empty) body.
    check_verifies("iam-list-users-general-example", b"");
}

#[test]
fn s3_chunked_upload_seed_request_verifies() {
    // The seed request of a chunked upload: its Authorization header signs
    // STREAMING-AWS4-HMAC-SHA256-PAYLOAD, not the body.
    check_verifies("s3-put-object-chunked", &[b'a'; 66_560]);
}

#[test]
fn s3_presigned_get_verifies() {
    let Some(all) = common::doc_vectors() else {
        return;
    };
    let v = common::doc_vector(&all, "s3-presigned-get-object");
    let (inputs, expected) = (&v["inputs"], &v["expected"]);
    let host = inputs["host"].as_str().unwrap();
    let url = expected["url"].as_str().unwrap();
    let target = url
        .strip_prefix(&format!("https://{host}"))
        .expect("the URL is on the example's host");
    let headers = common::vector_pairs(&inputs["headers"]);
    let headers = borrow(&headers);
    let received = Received {
        method: "GET",
        target,
        headers: &headers,
        payload: Payload::Unsigned,
    };
    let policy = Policy::new("us-east-1", "s3").unwrap();
    let creds = credentials(inputs);
    let time = AmzDate::parse(inputs["timestamp"].as_str().unwrap()).unwrap();
    let expires = inputs["expires"].as_i64().unwrap();
    let at = |unix| AmzDate::from_unix_seconds(unix).unwrap();
    for now in [time, at(time.unix_seconds() + expires)] {
        let verified = policy
            .verify(&received, &creds, now)
            .unwrap_or_else(|r| panic!("refused at {}: {} ({r:?})", now.timestamp(), r.code()));
        assert_eq!(verified.form, Form::Presigned);
        assert_eq!(verified.date, time);
        assert_eq!(verified.expires, Some(at(time.unix_seconds() + expires)));
        assert_eq!(
            verified.signed_headers,
            expected["signed_headers"].as_str().unwrap()
        );
        assert_eq!(verified.payload_hash, "UNSIGNED-PAYLOAD");
    }
    assert_eq!(
        policy.verify(&received, &creds, at(time.unix_seconds() + expires + 1)),
        Err(presign::verify::Rejection::Expired)
    );
}

/// The browser upload of the POST example: the page's form fields, with
/// the placeholders `(policy_base64)` and `(signature)` filled with the
/// published values as the vector's notes say, verified at the example's
/// time. The file is not among a `PostForm`'s fields; the vector gives no
/// file name or size (the page's form lets the browser choose the file),
/// so any will do: no condition covers them but `starts-with $key
/// user/user1/`, which `user/user1/${filename}` meets whatever the name.
#[test]
fn s3_post_policy_verifies() {
    let Some(all) = common::doc_vectors() else {
        return;
    };
    let v = common::doc_vector(&all, "s3-post-policy-browser-upload");
    let (inputs, expected) = (&v["inputs"], &v["expected"]);
    let fields: Vec<(String, String)> = common::vector_pairs(&inputs["form_fields"])
        .into_iter()
        .filter(|(name, _)| name != "file")
        .map(|(name, value)| {
            let value = match value.as_str() {
                "(policy_base64)" => expected["policy_base64"].as_str().unwrap().to_string(),
                "(signature)" => expected["signature"].as_str().unwrap().to_string(),
                _ => value,
            };
            (name, value)
        })
        .collect();
    assert!(
        fields.iter().all(|(_, v)| !v.starts_with('(')),
        "a placeholder is left: {fields:?}"
    );
    let fields = borrow(&fields);
    let form = PostForm {
        bucket: inputs["bucket"].as_str().unwrap(),
        fields: &fields,
        file_name: "photo.jpg",
        file_size: 1024,
    };
    let policy = Policy::new("us-east-1", "s3").unwrap();
    let creds = credentials(inputs);
    let time = AmzDate::parse(inputs["timestamp"].as_str().unwrap()).unwrap();
    let verified = policy
        .verify_post(&form, &creds, time)
        .unwrap_or_else(|r| panic!("refused: {} ({r:?}: {r})", r.code()));
    assert_eq!(verified.form, Form::Post);
    assert_eq!(verified.date, time);
    assert_eq!(
        verified.expires,
        Some(AmzDate::parse("20151230T120000Z").unwrap()),
        "the policy's expiration"
    );
    // Past its expiration, the same upload is refused.
    let late = AmzDate::parse("20151230T120001Z").unwrap();
    assert_eq!(
        policy.verify_post(&form, &creds, late),
        Err(presign::verify::Rejection::PolicyExpired)
    );
}
