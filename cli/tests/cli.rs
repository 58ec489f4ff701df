//! The newcomer's command, `cargo run -p presign-cli`, run as a process.

mod common;

use std::process::Output;

/// The command with no AWS variables and no home directory.
fn run(args: &[&str]) -> Output {
    common::presign(&common::no_home())
        .args(args)
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
    // The AWS CLI's spelling, its `=` form, and the older alias.
    for expires in [
        &["--expires-in", "86400"][..],
        &["--expires-in=86400"],
        &["--expires", "86400"],
    ] {
        let base = [
            "get",
            "s3://examplebucket/test.txt",
            "--endpoint",
            "https://s3.amazonaws.com",
            "--date",
            "20130524T000000Z",
        ];
        let out = run(&[&base[..], expires].concat());
        assert!(out.status.success(), "{expires:?}");
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            format!("{want}\n"),
            "{expires:?}"
        );
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains("example credentials"),
            "the fallback to example credentials is announced: {stderr}"
        );
    }
}

#[test]
fn cli_reads_credentials_from_the_environment() {
    let out = common::presign(&common::no_home())
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
        &[],
        &["get", "s3://examplebucket/k", "--expires-in", "soon"],
        &["get", "s3://examplebucket/k", "--expires-in"],
        &["get", "s3://examplebucket/k", "s3://examplebucket/l"],
        &["get", "s3://examplebucket/k", "--path-style=yes"],
        &["get", "s3://examplebucket/k", "--frobnicate"],
        &["get", "s3://examplebucket/k", "-x"],
        // Options of other verbs are refused, not ignored.
        &["get", "s3://examplebucket/k", "--condition", "[]"],
        &["post", "s3://examplebucket/p/", "--query", "a=b"],
        &["verify", "--expires-in", "60", "https://example.com/k"],
        &["--region", "eu-west-1", "get", "s3://examplebucket/k"],
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

/// A URL presigned by the CLI itself, at `date`, for a day.
fn presigned(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .trim_end()
        .to_string()
}

const DATE: &str = "20130524T000000Z";

/// `presign verify ARGS`: the exit code and the one JSON line.
fn verify(args: &[&str]) -> (i32, serde_json::Value) {
    let out = run(&[&["verify"], args].concat());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "one line: {stdout:?}");
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    (out.status.code().unwrap(), json)
}

#[test]
fn cli_verify_accepts_its_own_presigned_url() {
    let url = presigned(&[
        "get",
        "s3://examplebucket/test.txt",
        "--date",
        DATE,
        "--expires",
        "86400",
    ]);
    let out = run(&["verify", "--now", DATE, &url]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout,
        "{\"ok\":true,\"access_key_id\":\"AKIAIOSFODNN7EXAMPLE\",\"region\":\"us-east-1\",\
         \"service\":\"s3\",\"signed_headers\":[\"host\"],\"expires\":\"20130525T000000Z\",\
         \"payload_hash\":\"UNSIGNED-PAYLOAD\"}\n",
        "the members in the documented order"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("example credentials"), "{stderr}");
    // Any time within its lifetime, up to its last second.
    for now in ["20130524T120000Z", "20130525T000000Z"] {
        assert_eq!(verify(&["--now", now, &url]).0, 0, "{now}");
    }
}

#[test]
fn cli_verify_refuses_with_s3s_codes_and_exit_1() {
    let url = presigned(&[
        "get",
        "s3://examplebucket/test.txt",
        "--date",
        DATE,
        "--expires",
        "3600",
    ]);
    let refused = |args: &[&str], code: &str, status: u64| {
        let (exit, json) = verify(args);
        assert_eq!(exit, 1, "{args:?}: {json}");
        assert_eq!(json["ok"], false, "{args:?}: {json}");
        assert_eq!(json["code"], code, "{args:?}: {json}");
        assert_eq!(json["status"], status, "{args:?}: {json}");
        assert!(json["message"].as_str().is_some_and(|m| !m.is_empty()));
        json
    };
    // Another method than the one signed.
    let json = refused(
        &["--method", "PUT", "--now", DATE, &url],
        "SignatureDoesNotMatch",
        403,
    );
    assert!(json["message"]
        .as_str()
        .unwrap()
        .starts_with("The request signature we calculated does not match"));
    // Past its lifetime.
    let json = refused(&["--now", "20130524T010001Z", &url], "AccessDenied", 403);
    assert_eq!(json["message"], "Request has expired");
    // One digit of the signature changed.
    let at = url.len() - 1;
    let last = if url.ends_with('0') { "1" } else { "0" };
    let tampered = format!("{}{last}", &url[..at]);
    refused(&["--now", DATE, &tampered], "SignatureDoesNotMatch", 403);
    // Another key, another host, another region.
    let other_key = url.replace("/test.txt?", "/test2.txt?");
    refused(&["--now", DATE, &other_key], "SignatureDoesNotMatch", 403);
    refused(
        &["--now", DATE, "--header", "Host: example.com", &url],
        "SignatureDoesNotMatch",
        403,
    );
    // A presigned URL's scope is reported as a query parameter error.
    refused(
        &["--now", DATE, "--region", "eu-west-1", &url],
        "AuthorizationQueryParametersError",
        400,
    );
    refused(
        &["--now", DATE, "--service", "sts", &url],
        "AuthorizationQueryParametersError",
        400,
    );
    // No signature at all.
    refused(
        &[
            "--now",
            DATE,
            "https://examplebucket.s3.us-east-1.amazonaws.com/test.txt",
        ],
        "AccessDenied",
        403,
    );
}

#[test]
fn cli_verify_needs_the_signed_headers() {
    let url = presigned(&[
        "put",
        "s3://examplebucket/notes.txt",
        "--date",
        DATE,
        "--header",
        "Content-Type: text/plain",
    ]);
    let base = ["--method", "PUT", "--now", DATE];
    let (exit, json) = verify(&[&base[..], &[&url]].concat());
    assert_eq!((exit, &json["code"]), (1, &"SignatureDoesNotMatch".into()));
    assert!(json["message"].as_str().unwrap().contains("content-type"));
    let (exit, json) =
        verify(&[&base[..], &["--header", "content-type: text/html", &url]].concat());
    assert_eq!((exit, &json["code"]), (1, &"SignatureDoesNotMatch".into()));
    let (exit, json) =
        verify(&[&base[..], &["--header", "Content-Type: text/plain", &url]].concat());
    assert_eq!(exit, 0, "{json}");
    assert_eq!(
        json["signed_headers"],
        serde_json::json!(["content-type", "host"])
    );
}

#[test]
fn cli_verify_signs_the_port_and_reads_the_environment() {
    // A custom endpoint: the port is part of the signed host.
    let url = presigned(&[
        "get",
        "s3://local/k",
        "--endpoint",
        "http://127.0.0.1:9000",
        "--date",
        DATE,
    ]);
    assert!(url.starts_with("http://127.0.0.1:9000/local/k?"), "{url}");
    assert_eq!(verify(&["--now", DATE, &url]).0, 0);
    let (exit, json) = verify(&["--now", DATE, "--header", "Host: 127.0.0.1", &url]);
    assert_eq!((exit, &json["code"]), (1, &"SignatureDoesNotMatch".into()));
    // A default port is no part of the host a client sends.
    let url = presigned(&["get", "s3://examplebucket/k", "--date", DATE]);
    let with_port = url.replacen(".amazonaws.com/", ".amazonaws.com:443/", 1);
    assert_eq!(verify(&["--now", DATE, &with_port]).0, 0);

    // Credentials (and their session token) from the environment.
    let env_run = |args: &[&str], token: &str| {
        common::presign(&common::no_home())
            .args(args)
            .env("AWS_ACCESS_KEY_ID", "AKIDFROMENV")
            .env("AWS_SECRET_ACCESS_KEY", "secret")
            .env("AWS_SESSION_TOKEN", token)
            .env("AWS_REGION", "eu-west-1")
            .output()
            .unwrap()
    };
    let out = env_run(&["get", "s3://examplebucket/k", "--date", DATE], "tok");
    let url = String::from_utf8(out.stdout)
        .unwrap()
        .trim_end()
        .to_string();
    let out = env_run(&["verify", "--now", DATE, &url], "tok");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "no fallback notice");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (&json["access_key_id"], &json["region"]),
        (&"AKIDFROMENV".into(), &"eu-west-1".into())
    );
    let out = env_run(&["verify", "--now", DATE, &url], "another");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["code"], "InvalidToken");
    // The example credentials do not know this access key.
    let (exit, json) = verify(&["--now", DATE, "--region", "eu-west-1", &url]);
    assert_eq!((exit, &json["code"]), (1, &"InvalidAccessKeyId".into()));
}

#[test]
fn cli_verify_bad_usage_is_exit_2() {
    let url = "https://examplebucket.s3.us-east-1.amazonaws.com/k?X-Amz-Signature=00";
    for args in [
        &["verify"][..],
        &["verify", "--now", DATE],
        &["verify", url, url],
        &["verify", "--frobnicate", url],
        &["verify", "--now", "yesterday", url],
        &["verify", "--now"],
        &["verify", "--region", "US", url],
        &["verify", "--service", "S 3", url],
        &["verify", "--header", "no colon", url],
        &["verify", "--method", "GET /", url],
        &["verify", "ftp://examplebucket/k"],
        &["verify", "examplebucket/k"],
        &["verify", "https://user:pw@example.com/k"],
        &["verify", "https://example.com/a b"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        let last = stderr.lines().last().unwrap_or("");
        assert!(last.starts_with("presign: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    // An error shows no password of the URL.
    let out = run(&["verify", "https://user:pw@example.com/k"]);
    assert!(!String::from_utf8(out.stderr).unwrap().contains("pw"));
}

#[test]
fn cli_help_documents_the_exit_codes() {
    for (args, usage, option) in [
        (
            &["--help"][..],
            "presign verify [OPTIONS] URL",
            "presign VERB --help",
        ),
        (
            &["-h"],
            "presign post s3://BUCKET/PREFIX",
            "presign VERB --help",
        ),
        (
            &["get", "--help"],
            "usage: presign <get|put|head|delete>",
            "--expires-in SECS",
        ),
        (
            &["put", "s3://b/k", "-h"],
            "usage: presign <get|put|head|delete>",
            "--header",
        ),
        (
            &["post", "--help"],
            "usage: presign post",
            "--condition JSON",
        ),
        (
            &["verify", "--help"],
            "presign verify [--method METHOD]",
            "--now",
        ),
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(out.stderr.is_empty(), "{args:?}");
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(help.contains(usage), "{args:?}: {help}");
        assert!(help.contains(option), "{args:?}: {help}");
        assert!(help.contains("AWS_PROFILE"), "{help}");
        assert!(help.contains("Exit status: 0"), "{help}");
        assert!(help.contains("1 when verify"), "{help}");
        assert!(help.contains("2 on bad usage"), "{help}");
    }
}

#[test]
fn cli_version_is_the_package_version() {
    let out = run(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("presign {}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// A reader that closes the pipe before the URL is written (`| head -c0`)
/// is no failure: the status the command would have had, and no panic
/// (Rust ignores SIGPIPE, so the write fails with EPIPE instead).
#[test]
fn a_closed_pipe_on_stdout_is_no_failure() {
    use std::process::Stdio;
    for (args, want) in [
        (
            &["get", "s3://examplebucket/k", "--date", "20130524T000000Z"][..],
            0,
        ),
        (
            &["verify", "https://examplebucket.s3.amazonaws.com/k"][..],
            1,
        ),
    ] {
        let mut child = common::presign(&common::no_home())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The pipe's only reader goes before the command gets to write.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(want), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
