//! The AWS documentation's presigned GET, reproduced through the S3 front door.

mod common;

use std::time::Duration;

use presign::{AmzDate, Bucket, Credentials, Endpoint, UrlStyle};

#[test]
fn aws_doc_presigned_get_reproduces_exactly() {
    let Some(all) = common::doc_vectors() else {
        return;
    };
    let v = common::doc_vector(&all, "s3-presigned-get-object");
    let (inputs, expected) = (&v["inputs"], &v["expected"]);
    let creds = Credentials::new(
        inputs["access_key_id"].as_str().unwrap(),
        inputs["secret_access_key"].as_str().unwrap(),
    )
    .unwrap();
    // The example uses the legacy global endpoint, virtual-hosted.
    let bucket = Bucket::new(
        Endpoint::parse("https://s3.amazonaws.com").unwrap(),
        "examplebucket",
        inputs["region"].as_str().unwrap(),
        UrlStyle::VirtualHost,
    )
    .unwrap();
    assert_eq!(bucket.host(), inputs["host"].as_str().unwrap());
    let url = bucket
        .get_object(inputs["path"].as_str().unwrap().trim_start_matches('/'))
        .presign(
            &creds,
            AmzDate::parse(inputs["timestamp"].as_str().unwrap()).unwrap(),
            Duration::from_secs(inputs["expires"].as_u64().unwrap()),
        )
        .unwrap();
    assert_eq!(url, expected["url"].as_str().unwrap());
}
