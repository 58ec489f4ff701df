//! What a refusal shows: the same answer wherever a signature differs, and
//! never a secret.
//!
//! The verifier compares signatures with `hmac::Mac::verify_slice`, which
//! compares in constant time (through `subtle`). Timing cannot be asserted
//! in a test, so these tests check what can be: a signature wrong in its
//! first byte and one wrong in its last get the very same rejection, with
//! the same message, code and XML, in each of the three forms; and the
//! comparison in the source is `verify_slice`, not `==`.

use std::time::Duration;

use presign::verify::{Policy, PostForm, Received, Rejection};
use presign::{Bucket, Payload, PostPolicy};

use crate::{creds, t0, target_of};

/// `hex` with its first byte (two digits) or its last byte changed.
fn wrong_at(hex: &str, last: bool) -> String {
    let (range, replacement) = match last {
        false => (0..2, if &hex[0..2] == "00" { "ff" } else { "00" }),
        true => (62..64, if &hex[62..64] == "00" { "ff" } else { "00" }),
    };
    let mut out = hex.to_string();
    out.replace_range(range, replacement);
    out
}

/// Everything a rejection shows.
fn shown(r: &Rejection) -> (String, String, String, &'static str, u16) {
    (
        r.to_string(),
        format!("{r:?}"),
        r.to_xml("/examplebucket/k", "REQ"),
        r.code(),
        r.status(),
    )
}

#[test]
fn a_signature_wrong_in_its_first_or_last_byte_is_refused_alike() {
    let s3 = Policy::new("us-east-1", "s3").unwrap();
    let b = Bucket::aws("examplebucket", "us-east-1").unwrap();
    let headers = [("Host", b.host())];
    let mut answers = Vec::new();

    // Presigned.
    let url = b
        .get_object("k")
        .presign(&creds(), t0(), Duration::from_secs(60))
        .unwrap();
    let target = target_of(&url);
    let signature = crate::param(target, "X-Amz-Signature");
    for last in [false, true] {
        let wrong = crate::set_param(target, "X-Amz-Signature", &wrong_at(signature, last));
        let received = Received {
            method: "GET",
            target: &wrong,
            headers: &headers,
            payload: Payload::Unsigned,
        };
        let r = rejected!(
            s3.verify(&received, &creds(), t0()),
            Rejection::SignatureDoesNotMatch,
            "SignatureDoesNotMatch",
            403
        );
        answers.push(shown(&r));
    }

    // An Authorization header.
    let signed = b
        .signer()
        .sign(
            &creds(),
            &presign::Request {
                method: "GET",
                host: b.host(),
                path: "/k",
                query: &[],
                headers: &[],
                payload: Payload::Empty,
            },
            t0(),
        )
        .unwrap();
    for last in [false, true] {
        let authorization = signed
            .authorization()
            .replace(signed.signature(), &wrong_at(signed.signature(), last));
        let mut sent: Vec<(&str, &str)> = vec![("Host", b.host())];
        sent.extend(signed.headers().filter(|(n, _)| *n != "authorization"));
        sent.push(("Authorization", &authorization));
        let received = Received {
            method: "GET",
            target: signed.target(),
            headers: &sent,
            payload: Payload::Empty,
        };
        let r = rejected!(
            s3.verify(&received, &creds(), t0()),
            Rejection::SignatureDoesNotMatch,
            "SignatureDoesNotMatch",
            403
        );
        answers.push(shown(&r));
    }

    // A POST policy.
    let policy = PostPolicy::new(Duration::from_secs(60))
        .unwrap()
        .starts_with("key", "")
        .unwrap();
    let post = b.presign_post(&creds(), &policy, t0()).unwrap();
    let signature = post.field("x-amz-signature").unwrap();
    for last in [false, true] {
        let wrong = wrong_at(signature, last);
        let fields: Vec<(&str, &str)> = post
            .fields()
            .iter()
            .map(|(n, v)| match n.as_str() {
                "x-amz-signature" => (n.as_str(), wrong.as_str()),
                _ => (n.as_str(), v.as_str()),
            })
            .collect();
        let form = PostForm {
            bucket: "examplebucket",
            fields: &fields,
            file_name: "f",
            file_size: 1,
        };
        let r = rejected!(
            s3.verify_post(&form, &creds(), t0()),
            Rejection::SignatureDoesNotMatch,
            "SignatureDoesNotMatch",
            403
        );
        answers.push(shown(&r));
    }

    assert_eq!(answers.len(), 6);
    for answer in &answers[1..] {
        assert_eq!(answer, &answers[0]);
    }
}

#[test]
fn signatures_are_compared_by_verify_slice() {
    // The comparison of each form goes through `Mac::verify_slice`; a
    // byte-wise `==` on the signature would stop at the first difference.
    for (file, source) in [
        ("src/verify/mod.rs", include_str!("../../src/verify/mod.rs")),
        (
            "src/verify/post.rs",
            include_str!("../../src/verify/post.rs"),
        ),
    ] {
        assert!(
            source.contains(".verify_slice("),
            "{file} compares with verify_slice"
        );
        for needle in ["given ==", "== given", "signature ==", "== signature"] {
            assert!(!source.contains(needle), "{file} compares with {needle:?}");
        }
    }
}

#[test]
fn rejections_hold_no_secret_of_the_keys_they_checked() {
    // Rejections made with each secret and token of this file, in every
    // form; `rejected!` checks each of them, this lists a few where the
    // secret is nearest: the keys that checked the request.
    let s3 = Policy::new("us-east-1", "s3").unwrap();
    let b = Bucket::aws("examplebucket", "us-east-1").unwrap();
    let with_token = crate::creds_with_token();
    let url = b
        .get_object("k")
        .presign(&with_token, t0(), Duration::from_secs(60))
        .unwrap();
    let target = target_of(&url);
    let headers = [("Host", b.host())];
    fn get<'a>(target: &'a str, headers: &'a [(&'a str, &'a str)]) -> Received<'a> {
        Received {
            method: "GET",
            target,
            headers,
            payload: Payload::Unsigned,
        }
    }
    let wrong = crate::set_param(target, "X-Amz-Security-Token", crate::OTHER_TOKEN);
    rejected!(
        s3.verify(&get(&wrong, &headers), &with_token, t0()),
        Rejection::InvalidToken,
        "InvalidToken",
        400
    );
    rejected!(
        s3.verify(&get(target, &headers), &creds(), t0()),
        Rejection::InvalidToken,
        "InvalidToken",
        400
    );
    let tampered = crate::set_param(target, "X-Amz-Signature", &"0".repeat(64));
    let r = rejected!(
        s3.verify(&get(&tampered, &headers), &with_token, t0()),
        Rejection::SignatureDoesNotMatch,
        "SignatureDoesNotMatch",
        403
    );
    // Nor the signature the verifier computed.
    let right = crate::param(target, "X-Amz-Signature");
    let (display, debug, xml, _, _) = shown(&r);
    for text in [display, debug, xml] {
        assert!(!text.contains(right), "{text}");
    }
}
