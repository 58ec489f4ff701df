//! Browser uploads: the AWS documentation's POST example, our signed
//! policies, and each condition broken in turn.

use std::time::Duration;

use base64::Engine as _;
use presign::verify::{Form, Policy, PostForm, Rejection, Verified};
use presign::{AmzDate, Bucket, Credentials, PostPolicy, SigningKey};

use crate::{at, creds, creds_with_token, t0, AKID, AKID_2, SECRET, SECRET_2, WRONG_SECRET};

/// "Example: Browser-Based Upload using HTTP POST (Using AWS Signature
/// Version 4)" (<https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html>):
/// the policy (a CRLF document, in base64) and its signature, signed on
/// 20151229 and expiring 2015-12-30T12:00:00.000Z.
const DOC_POLICY: &str = "eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9";
const DOC_SIGNATURE: &str = "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e";

/// The example's form fields, in its order, before the file.
fn doc_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("key", "user/user1/${filename}"),
        ("acl", "public-read"),
        (
            "success_action_redirect",
            "http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html",
        ),
        ("Content-Type", "image/jpeg"),
        ("x-amz-meta-uuid", "14365123651274"),
        ("x-amz-server-side-encryption", "AES256"),
        (
            "X-Amz-Credential",
            "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request",
        ),
        ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
        ("X-Amz-Date", "20151229T000000Z"),
        ("x-amz-meta-tag", ""),
        ("Policy", DOC_POLICY),
        ("X-Amz-Signature", DOC_SIGNATURE),
    ]
}

fn s3() -> Policy {
    Policy::new("us-east-1", "s3").unwrap()
}

fn form<'a>(bucket: &'a str, fields: &'a [(&'a str, &'a str)], size: u64) -> PostForm<'a> {
    PostForm {
        bucket,
        fields,
        file_name: "cat.jpg",
        file_size: size,
    }
}

/// `fields` with the value of `name` replaced, or dropped for `None`.
fn edit<'a>(
    fields: &[(&'a str, &'a str)],
    name: &str,
    value: Option<&'a str>,
) -> Vec<(&'a str, &'a str)> {
    assert!(
        fields.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)),
        "{name}"
    );
    fields
        .iter()
        .filter_map(|&(n, v)| match n.eq_ignore_ascii_case(name) {
            true => value.map(|value| (n, value)),
            false => Some((n, v)),
        })
        .collect()
}

/// The brief's policy: keys under `user/`, 1 to 100 bytes, and
/// `x-amz-meta-a` = `b`, for an hour from 20130524T000000Z.
fn signed_post(credentials: &Credentials) -> Vec<(String, String)> {
    let policy = PostPolicy::new(Duration::from_secs(3600))
        .unwrap()
        .starts_with("key", "user/")
        .unwrap()
        .content_length_range(1, 100)
        .unwrap()
        .eq("x-amz-meta-a", "b")
        .unwrap();
    let post = Bucket::aws("examplebucket", "us-east-1")
        .unwrap()
        .presign_post(credentials, &policy, t0())
        .unwrap();
    assert!(post.starts_with_fields().is_empty());
    post.fields().to_vec()
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

/// `fields` with `policy` and `signature` in place of theirs.
fn resigned<'a>(
    fields: &[(&'a str, &'a str)],
    policy: &'a str,
    signature: &'a str,
) -> Vec<(&'a str, &'a str)> {
    edit(
        &edit(fields, "policy", Some(policy)),
        "x-amz-signature",
        Some(signature),
    )
}

/// The signature of a POST policy's base64 text: SigV4's signing key of the
/// day, region and `s3` over the text itself.
fn sign_policy(policy: &str, date: &str) -> String {
    SigningKey::derive(SECRET, date, "us-east-1", "s3").sign_hex(policy.as_bytes())
}

#[test]
fn the_aws_documentation_upload_verifies() {
    let fields = doc_fields();
    let now = at("20151229T000000Z");
    let upload = PostForm {
        bucket: "sigv4examplebucket",
        fields: &fields,
        file_name: "photo.jpg",
        file_size: 2_048,
    };
    let verified = s3()
        .verify_post(&upload, &creds(), now)
        .expect("AWS's example");
    assert_eq!(
        verified,
        Verified {
            form: Form::Post,
            access_key_id: AKID.into(),
            date: at("20151229T000000Z"),
            region: "us-east-1".into(),
            service: "s3".into(),
            signed_headers: "".into(),
            expires: Some(at("20151230T120000Z")),
            payload_hash: "UNSIGNED-PAYLOAD".into(),
            signature: DOC_SIGNATURE.into(),
        }
    );
    s3().verify_post(&upload, &creds(), at("20151230T115959Z"))
        .expect("before its expiration");
    rejected!(
        s3().verify_post(&upload, &creds(), at("20151230T120001Z")),
        Rejection::PolicyExpired,
        "AccessDenied",
        403
    );
    for (name, value) in [
        ("Content-Type", "text/html"),
        ("key", "user/user2/${filename}"),
        ("acl", "public-read-write"),
        ("x-amz-meta-uuid", "14365123651275"),
    ] {
        let broken = edit(&fields, name, Some(value));
        rejected!(
            s3().verify_post(
                &PostForm {
                    fields: &broken,
                    ..upload
                },
                &creds(),
                now
            ),
            Rejection::ConditionFailed(_),
            "AccessDenied",
            403
        );
    }
    // `starts-with "$x-amz-meta-tag" ""` takes any value, but needs the field.
    let tagged = edit(&fields, "x-amz-meta-tag", Some("anything"));
    s3().verify_post(
        &PostForm {
            fields: &tagged,
            ..upload
        },
        &creds(),
        now,
    )
    .expect("any tag");
    let untagged = edit(&fields, "x-amz-meta-tag", None);
    rejected!(
        s3().verify_post(
            &PostForm {
                fields: &untagged,
                ..upload
            },
            &creds(),
            now
        ),
        Rejection::ConditionFailed(_),
        "AccessDenied",
        403
    );
}

#[test]
fn our_signed_policy_round_trips_with_the_file_name() {
    let fields = signed_post(&creds());
    let fields = pairs(&fields);
    let key = fields.iter().find(|(n, _)| *n == "key").unwrap().1;
    assert_eq!(key, "user/${filename}");
    for size in [1, 50, 100] {
        let verified = s3()
            .verify_post(&form("examplebucket", &fields, size), &creds(), t0())
            .unwrap_or_else(|r| panic!("{size} bytes: {r:?}"));
        assert_eq!(verified.form, Form::Post);
        assert_eq!(verified.expires, Some(at("20130524T010000Z")));
    }
    // S3 puts the file's name in the key before it checks `starts-with`.
    let named = edit(&fields, "key", Some("${filename}"));
    let outside = PostForm {
        file_name: "cat.jpg",
        ..form("examplebucket", &named, 1)
    };
    rejected!(
        s3().verify_post(&outside, &creds(), t0()),
        Rejection::ConditionFailed(_),
        "AccessDenied",
        403
    );
    let inside = PostForm {
        file_name: "user/cat.jpg",
        ..outside
    };
    s3().verify_post(&inside, &creds(), t0())
        .expect("the key with the file's name starts with user/");
}

#[test]
fn each_condition_broken_in_turn_is_refused() {
    let fields = signed_post(&creds());
    let fields = pairs(&fields);
    let verify = |fields: &[(&str, &str)], bucket: &str, size: u64| {
        s3().verify_post(&form(bucket, fields, size), &creds(), t0())
            .map(Verified::into_owned)
    };
    verify(&fields, "examplebucket", 50).expect("as signed");
    for broken in [
        edit(&fields, "x-amz-meta-a", Some("c")),
        edit(&fields, "x-amz-meta-a", Some("B")),
        edit(&fields, "x-amz-meta-a", None),
        edit(&fields, "key", Some("photos/${filename}")),
        edit(&fields, "key", Some("User/${filename}")),
        edit(&fields, "key", None),
    ] {
        rejected!(
            verify(&broken, "examplebucket", 50),
            Rejection::ConditionFailed(_),
            "AccessDenied",
            403
        );
    }
    rejected!(
        verify(&fields, "otherbucket", 50),
        Rejection::ConditionFailed(_),
        "AccessDenied",
        403
    );
    let r = rejected!(
        verify(&fields, "examplebucket", 101),
        Rejection::EntityTooLarge { .. },
        "EntityTooLarge",
        400
    );
    assert_eq!(
        r,
        Rejection::EntityTooLarge {
            size: 101,
            max: 100
        }
    );
    let r = rejected!(
        verify(&fields, "examplebucket", 0),
        Rejection::EntityTooSmall { .. },
        "EntityTooSmall",
        400
    );
    assert_eq!(r, Rejection::EntityTooSmall { size: 0, min: 1 });
}

#[test]
fn a_field_without_a_condition_is_extra_but_x_ignore_is_exempt() {
    let fields = signed_post(&creds());
    let fields = pairs(&fields);
    let verify = |fields: &[(&str, &str)]| {
        s3().verify_post(&form("examplebucket", fields, 50), &creds(), t0())
            .map(Verified::into_owned)
    };
    for name in ["x-amz-meta-b", "Content-Type", "acl", "x-ignore"] {
        let mut extra = fields.clone();
        extra.push((name, "z"));
        let r = rejected!(
            verify(&extra),
            Rejection::ExtraField(_),
            "AccessDenied",
            403
        );
        assert_eq!(r, Rejection::ExtraField(name.into()));
    }
    let mut ignored = fields.clone();
    ignored.push(("x-ignore-foo", "anything"));
    verify(&ignored).expect("x-ignore- fields need no condition");
}

#[test]
fn an_expired_policy_is_refused() {
    let fields = signed_post(&creds());
    let fields = pairs(&fields);
    let at_now =
        |now: AmzDate| s3().verify_post(&form("examplebucket", &fields, 50), &creds(), now);
    at_now(at("20130524T005959Z")).expect("before its expiration");
    for now in ["20130524T010001Z", "20140101T000000Z"] {
        rejected!(
            at_now(at(now)),
            Rejection::PolicyExpired,
            "AccessDenied",
            403
        );
    }
}

#[test]
fn a_tampered_policy_does_not_match_its_signature() {
    let fields = signed_post(&creds());
    let fields = pairs(&fields);
    let policy = fields.iter().find(|(n, _)| *n == "policy").unwrap().1;
    let b64 = base64::engine::general_purpose::STANDARD;
    let document = String::from_utf8(b64.decode(policy).unwrap()).unwrap();
    assert!(document.contains("\"user/\""), "{document}");
    // Any key, and up to a gigabyte: the same JSON shape, widened.
    let widened = document
        .replace("\"user/\"", "\"\"")
        .replace(",100]", ",1073741824]");
    assert_ne!(widened, document);
    let tampered = b64.encode(&widened);
    let signature = fields
        .iter()
        .find(|(n, _)| *n == "x-amz-signature")
        .unwrap()
        .1;
    let sent = resigned(&fields, &tampered, signature);
    let sent = edit(&sent, "key", Some("admin/${filename}"));
    rejected!(
        s3().verify_post(&form("examplebucket", &sent, 5_000), &creds(), t0()),
        Rejection::SignatureDoesNotMatch,
        "SignatureDoesNotMatch",
        403
    );
    // The documentation's signature on our policy, and ours on its.
    let swapped = resigned(&fields, policy, DOC_SIGNATURE);
    rejected!(
        s3().verify_post(&form("examplebucket", &swapped, 50), &creds(), t0()),
        Rejection::SignatureDoesNotMatch,
        "SignatureDoesNotMatch",
        403
    );
}

#[test]
fn a_correctly_signed_policy_that_is_not_base64_json_is_invalid() {
    let fields = signed_post(&creds());
    let fields = pairs(&fields);
    let b64 = base64::engine::general_purpose::STANDARD;
    let not_json = b64.encode("not JSON at all");
    let no_expiration = b64.encode(r#"{"conditions":[{"bucket":"examplebucket"}]}"#);
    let no_conditions = b64.encode(r#"{"expiration":"2013-05-24T01:00:00.000Z"}"#);
    let bad_expiration =
        b64.encode(r#"{"expiration":"tomorrow","conditions":[{"bucket":"examplebucket"}]}"#);
    let unknown_condition = b64.encode(
        r#"{"expiration":"2013-05-24T01:00:00.000Z","conditions":[["contains","$key","user/"]]}"#,
    );
    for policy in [
        "this is not base64!",
        not_json.as_str(),
        no_expiration.as_str(),
        no_conditions.as_str(),
        bad_expiration.as_str(),
        unknown_condition.as_str(),
    ] {
        let signature = sign_policy(policy, "20130524");
        let sent = resigned(&fields, policy, &signature);
        rejected!(
            s3().verify_post(&form("examplebucket", &sent, 50), &creds(), t0()),
            Rejection::InvalidPolicyDocument(_),
            "InvalidPolicyDocument",
            400
        );
    }
}

#[test]
fn a_post_signed_with_other_keys_is_refused() {
    let fields = signed_post(&creds());
    let fields = pairs(&fields);
    let upload = form("examplebucket", &fields, 50);
    rejected!(
        s3().verify_post(
            &upload,
            &Credentials::new(AKID, WRONG_SECRET).unwrap(),
            t0()
        ),
        Rejection::SignatureDoesNotMatch,
        "SignatureDoesNotMatch",
        403
    );
    let r = rejected!(
        s3().verify_post(&upload, &Credentials::new(AKID_2, SECRET_2).unwrap(), t0()),
        Rejection::UnknownAccessKey(_),
        "InvalidAccessKeyId",
        403
    );
    assert_eq!(r, Rejection::UnknownAccessKey(AKID.into()));
    let keys = vec![Credentials::new(AKID_2, SECRET_2).unwrap(), creds()];
    s3().verify_post(&upload, &keys, t0())
        .expect("a key of the store");
    let other_region = Policy::new("eu-west-1", "s3").unwrap();
    let r = other_region
        .verify_post(&upload, &creds(), t0())
        .unwrap_err();
    assert!(
        matches!(r, Rejection::WrongRegion { ref given, .. } if given == "us-east-1"),
        "{r:?}"
    );
    crate::check_outputs(&r);
}

#[test]
fn a_post_with_a_session_token_needs_the_credentials_own() {
    let with_token = creds_with_token();
    let fields = signed_post(&with_token);
    let fields = pairs(&fields);
    assert!(fields.iter().any(|(n, _)| *n == "x-amz-security-token"));
    let upload = form("examplebucket", &fields, 50);
    s3().verify_post(&upload, &with_token, t0())
        .expect("its token");
    rejected!(
        s3().verify_post(&upload, &creds(), t0()),
        Rejection::InvalidToken,
        "InvalidToken",
        400
    );
    let missing = edit(&fields, "x-amz-security-token", None);
    rejected!(
        s3().verify_post(&form("examplebucket", &missing, 50), &with_token, t0()),
        Rejection::InvalidToken,
        "InvalidToken",
        400
    );
}
