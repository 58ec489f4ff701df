//! What the crate does without `std` (`cargo test --no-default-features
//! --lib`, which CI runs): presigning, header signing and POST policies,
//! against the AWS documentation's published examples. The same tests run
//! with `std`.

use core::time::Duration;

use crate::prelude::*;
use crate::{
    AmzDate, Bucket, Credentials, Endpoint, Payload, PostPolicy, Request, Signer, SigningKey,
    UrlStyle,
};

const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

#[test]
fn presigns_the_documented_get_object_url() {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
    let creds = Credentials::new(ACCESS_KEY, SECRET).unwrap();
    let endpoint = Endpoint::parse("https://s3.amazonaws.com").unwrap();
    let bucket = Bucket::new(
        endpoint,
        "examplebucket",
        "us-east-1",
        UrlStyle::VirtualHost,
    )
    .unwrap();
    let time = AmzDate::parse("20130524T000000Z").unwrap();
    let url = bucket
        .get_object("test.txt")
        .presign(&creds, time, Duration::from_secs(86_400))
        .unwrap();
    assert_eq!(
        url,
        "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256\
         &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
         &X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
         &X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
    );
}

#[test]
fn signs_the_documented_iam_request() {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
    // (the general reference's ListUsers example).
    let creds =
        Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").unwrap();
    let request = Request {
        method: "GET",
        host: "iam.amazonaws.com",
        path: "/",
        query: &[("Action", "ListUsers"), ("Version", "2010-05-08")],
        headers: &[(
            "Content-Type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )],
        payload: Payload::Empty,
    };
    let time = AmzDate::parse("20150830T123600Z").unwrap();
    for _ in 0..2 {
        // Twice: the second signature takes the cached key where there is
        // a cache, and derives it again where there is none.
        let signed = Signer::new("us-east-1", "iam")
            .unwrap()
            .sign(&creds, &request, time)
            .unwrap();
        assert_eq!(
            signed.signature(),
            "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
        );
    }
}

#[test]
fn signs_the_documented_post_policy() {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html
    let document = "{ \"expiration\": \"2015-12-30T12:00:00.000Z\",\r\n  \"conditions\": [\r\n    \
        {\"bucket\": \"sigv4examplebucket\"},\r\n    [\"starts-with\", \"$key\", \"user/user1/\"],\r\n    \
        {\"acl\": \"public-read\"},\r\n    \
        {\"success_action_redirect\": \"http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html\"},\r\n    \
        [\"starts-with\", \"$Content-Type\", \"image/\"],\r\n    {\"x-amz-meta-uuid\": \"14365123651274\"},\r\n    \
        {\"x-amz-server-side-encryption\": \"AES256\"},\r\n    [\"starts-with\", \"$x-amz-meta-tag\", \"\"],\r\n\r\n    \
        {\"x-amz-credential\": \"AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request\"},\r\n    \
        {\"x-amz-algorithm\": \"AWS4-HMAC-SHA256\"},\r\n    {\"x-amz-date\": \"20151229T000000Z\" }\r\n  ]\r\n}";
    let key = SigningKey::derive(SECRET, "20151229", "us-east-1", "s3");
    let (_, signature) = PostPolicy::sign_document(document, &key);
    assert_eq!(
        signature,
        "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e"
    );
}

#[test]
fn builds_a_post_policy_form() {
    let creds = Credentials::new(ACCESS_KEY, SECRET).unwrap();
    let bucket = Bucket::aws("sigv4examplebucket", "us-east-1").unwrap();
    let policy = PostPolicy::new(Duration::from_secs(600))
        .unwrap()
        .starts_with("key", "user/user1/")
        .unwrap();
    let time = AmzDate::parse("20151229T000000Z").unwrap();
    let post = bucket.presign_post(&creds, &policy, time).unwrap();
    // The form carries the policy document this crate writes, base64, and
    // its signature under the documented example's key.
    let document = policy.document(&bucket, &creds, time).unwrap();
    let key = SigningKey::derive(SECRET, "20151229", "us-east-1", "s3");
    let (encoded, signature) = PostPolicy::sign_document(&document, &key);
    assert_eq!(post.field("policy"), Some(encoded.as_str()));
    assert_eq!(post.field("x-amz-signature"), Some(signature.as_str()));
    assert!(
        document.contains(r#"["starts-with","$key","user/user1/"]"#),
        "{document}"
    );
    let fields: Vec<&str> = post.fields().iter().map(|(n, _)| n.as_str()).collect();
    assert!(fields.contains(&"x-amz-credential"), "{fields:?}");
}
