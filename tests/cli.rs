//! The newcomer's command, `cargo run --example presign`, run as a process.

mod common;

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(common::example_binary("presign"))
        .args(args)
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_REGION")
        .output()
        .unwrap()
}

#[test]
fn cli_reproduces_the_aws_doc_presigned_get() {
    let Some(all) = common::doc_vectors() else {
        return;
    };
    let want = common::doc_vector(&all, "s3-presigned-get-object")["expected"]["url"]
        .as_str()
        .unwrap()
        .to_string();
    let out = run(&[
        "get",
        "s3://examplebucket/test.txt",
        "--endpoint",
        "https://s3.amazonaws.com",
        "--date",
        "20130524T000000Z",
        "--expires",
        "86400",
    ]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{want}\n"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("example credentials"),
        "the fallback to example credentials is announced: {stderr}"
    );
}

#[test]
fn cli_reads_credentials_from_the_environment() {
    let out = Command::new(common::example_binary("presign"))
        .args(["get", "s3://examplebucket/k", "--date", "20130524T000000Z"])
        .env("AWS_ACCESS_KEY_ID", "AKIDFROMENV")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .env("AWS_SESSION_TOKEN", "tok/en+")
        .env("AWS_REGION", "eu-west-1")
        .output()
        .unwrap();
    assert!(out.status.success());
    let url = String::from_utf8(out.stdout).unwrap();
    assert!(url.starts_with("https://examplebucket.s3.eu-west-1.amazonaws.com/k?"));
    assert!(url.contains("X-Amz-Credential=AKIDFROMENV%2F20130524%2Feu-west-1%2Fs3%2Faws4_request"));
    assert!(url.contains("X-Amz-Security-Token=tok%2Fen%2B"));
    assert!(out.stderr.is_empty());
}

#[test]
fn cli_bad_input_is_one_line_and_nonzero() {
    for args in [
        &["get", "s3://examplebucket/k", "--expires", "0"][..],
        &["get", "s3://examplebucket/k", "--expires", "604801"],
        &["get", "s3://bad..bucket/k"],
        &[
            "get",
            "s3://examplebucket/k",
            "--header",
            "X-A: b\r\nX-B: c",
        ],
        &["get", "s3://examplebucket/k", "--endpoint", "ftp://x"],
        &["get", "s3://examplebucket/k", "--date", "yesterday"],
        &["frobnicate", "s3://examplebucket/k"],
        &["get", "examplebucket/k"],
        &["get"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        let last = stderr.lines().last().unwrap_or("");
        assert!(last.starts_with("presign: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// HMAC-SHA256, written out here so the check does not lean on the crate.
fn hmac(key: &[u8], msg: &[u8]) -> Vec<u8> {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(msg);
    mac.finalize().into_bytes().to_vec()
}

#[test]
fn cli_post_prints_a_signed_form_as_json() {
    let out = run(&[
        "post",
        "s3://examplebucket/user1/",
        "--date",
        "20151229T000000Z",
        "--expires",
        "600",
        "--field",
        "acl=private",
        "--condition",
        r#"["content-length-range", 1, 100000]"#,
        "--condition",
        r#"{"success_action_status": "201"}"#,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["url"],
        "https://examplebucket.s3.us-east-1.amazonaws.com/"
    );
    let fields = json["fields"].as_object().unwrap();
    // serde_json's map sorts its keys: read the order from the text itself.
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let mut names: Vec<&str> = fields.keys().map(String::as_str).collect();
    names.sort_by_key(|n| text.find(&format!("\"{n}\":")).unwrap());
    assert_eq!(
        names,
        [
            "key",
            "acl",
            "success_action_status",
            "policy",
            "x-amz-algorithm",
            "x-amz-credential",
            "x-amz-date",
            "x-amz-signature"
        ],
        "fields in the order the form sends them"
    );
    assert_eq!(fields["key"], "user1/${filename}");
    use base64::Engine as _;
    let policy_b64 = fields["policy"].as_str().unwrap();
    let policy: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::STANDARD
            .decode(policy_b64)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(policy["expiration"], "2015-12-29T00:10:00.000Z");
    let conditions = policy["conditions"].as_array().unwrap();
    for want in [
        serde_json::json!({"bucket": "examplebucket"}),
        serde_json::json!(["starts-with", "$key", "user1/"]),
        serde_json::json!({"acl": "private"}),
        serde_json::json!(["content-length-range", 1, 100000]),
        serde_json::json!({"success_action_status": "201"}),
        serde_json::json!({"x-amz-date": "20151229T000000Z"}),
    ] {
        assert!(conditions.contains(&want), "{want} in {conditions:?}");
    }
    // The signature, recomputed from the secret with the four-step key.
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let mut key = hmac(format!("AWS4{secret}").as_bytes(), b"20151229");
    for part in ["us-east-1", "s3", "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    assert_eq!(
        fields["x-amz-signature"].as_str().unwrap(),
        hex::encode(hmac(&key, policy_b64.as_bytes()))
    );
}

#[test]
fn cli_post_refuses_a_malformed_condition() {
    for condition in [
        "not json",
        r#"["starts-with", "key", "x"]"#,
        r#"["content-length-range", 10, 1]"#,
        r#"["frobnicate", "$key", "x"]"#,
    ] {
        let out = run(&["post", "s3://examplebucket/u/", "--condition", condition]);
        assert_eq!(out.status.code(), Some(2), "{condition}");
        assert!(out.stdout.is_empty());
    }
}
