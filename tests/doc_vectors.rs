//! The AWS documentation's worked examples (`../shared/vectors/s3-doc-examples.json`,
//! or `$PRESIGN_VECTORS/s3-doc-examples.json`), reproduced by the generic signer.

mod common;

use std::time::Duration;

use presign::{AmzDate, Credentials, Payload, Request, Signer, SigningKey};
use serde_json::Value;

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_string(),
                p[1].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

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
    let query = pairs(&inputs["query"]);
    let headers = pairs(&inputs["headers"]);
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
    let headers = pairs(&inputs["headers"]);
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
