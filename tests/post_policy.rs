//! Presigned POST policies: the AWS documentation's example reproduced byte
//! for byte, round trips checked against an independent signature, the form's
//! JSON and HTML, every refusal, and uploads accepted by a real S3 server.

mod common;

use std::time::Duration;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use presign::{
    AmzDate, Bucket, Credentials, Endpoint, Error, PostPolicy, PresignedPost, SigningKey, UrlStyle,
};

const AKID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TIME: &str = "20240301T120000Z";

fn creds() -> Credentials {
    Credentials::new(AKID, SECRET).unwrap()
}

fn time() -> AmzDate {
    AmzDate::parse(TIME).unwrap()
}

fn bucket() -> Bucket {
    Bucket::aws("examplebucket", "eu-west-1").unwrap()
}

/// HMAC-SHA256, straight from the `hmac` and `sha2` crates.
fn hmac(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// The SigV4 signing key of S3, derived here in four steps, independently of
/// the crate's `SigningKey`.
fn independent_key(secret: &str, date: &str, region: &str) -> Vec<u8> {
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, b"s3");
    hmac(&k_service, b"aws4_request")
}

/// The signature of a POST policy: HMAC of the base64 text itself.
fn independent_signature(secret: &str, date: &str, region: &str, policy_base64: &str) -> String {
    hex::encode(hmac(
        &independent_key(secret, date, region),
        policy_base64.as_bytes(),
    ))
}

/// The policy document of a signed form, decoded from base64 and parsed.
fn decoded_policy(post: &PresignedPost) -> Value {
    let b64 = post.field("policy").expect("a policy field");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("standard base64 with padding");
    serde_json::from_slice(&bytes).expect("the policy is JSON")
}

/// `YYYY-MM-DDTHH:MM:SS.000Z` of a Unix time, computed with the `time` crate.
fn iso8601(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix).unwrap();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn names(post: &PresignedPost) -> Vec<&str> {
    post.fields().iter().map(|(n, _)| n.as_str()).collect()
}

/// The reason of an `InvalidPolicy` error, or a panic naming what came back.
#[track_caller]
fn refused<T: std::fmt::Debug>(r: Result<T, Error>) -> String {
    match r {
        Err(Error::InvalidPolicy(why)) => why,
        other => panic!("expected Error::InvalidPolicy, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// The AWS documentation's example

#[test]
fn aws_doc_post_policy_signature_reproduces_exactly() {
    let Some(all) = common::doc_vectors() else {
        return;
    };
    let v = common::doc_vector(&all, "s3-post-policy-browser-upload");
    let (inputs, expected) = (&v["inputs"], &v["expected"]);
    let s = |v: &Value| v.as_str().unwrap().to_string();
    let document = s(&inputs["policy_document"]);
    assert!(
        document.contains("\r\n"),
        "the published policy has CRLF line endings"
    );

    let key = SigningKey::derive(
        &s(&inputs["secret_access_key"]),
        &s(&inputs["date"]),
        &s(&inputs["region"]),
        &s(&inputs["service"]),
    );
    assert_eq!(
        hex::encode(key.to_bytes()),
        s(&expected["signing_key_hex"]),
        "signing key"
    );
    // The same key through the credentials' cache.
    let creds =
        Credentials::new(s(&inputs["access_key_id"]), s(&inputs["secret_access_key"])).unwrap();
    let cached = creds.signing_key(&s(&inputs["date"]), &s(&inputs["region"]), "s3");
    assert_eq!(cached.to_bytes(), key.to_bytes());

    let (policy, signature) = PostPolicy::sign_document(&document, &key);
    assert_eq!(policy, s(&expected["policy_base64"]), "base64 policy");
    assert_eq!(
        policy,
        s(&expected["string_to_sign"]),
        "the string to sign is the base64 text"
    );
    assert_eq!(signature, s(&expected["signature"]), "signature");
}

#[test]
fn aws_doc_policy_rebuilt_with_the_api_has_the_same_conditions_and_form() {
    let Some(all) = common::doc_vectors() else {
        return;
    };
    let v = common::doc_vector(&all, "s3-post-policy-browser-upload");
    let inputs = &v["inputs"];
    let s = |v: &Value| v.as_str().unwrap().to_string();

    let published: Value = serde_json::from_str(&s(&inputs["policy_document"])).unwrap();
    // The published expiration, 2015-12-30T12:00:00.000Z, as an instant.
    let expiration = AmzDate::parse("20151230T120000Z").unwrap();
    assert_eq!(published["expiration"], json!(expiration.iso8601()));

    let policy = PostPolicy::expiring_at(expiration)
        .starts_with("key", "user/user1/")
        .unwrap()
        .eq("acl", "public-read")
        .unwrap()
        .eq(
            "success_action_redirect",
            "http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html",
        )
        .unwrap()
        .starts_with("Content-Type", "image/")
        .unwrap()
        .eq("x-amz-meta-uuid", "14365123651274")
        .unwrap()
        .eq("x-amz-server-side-encryption", "AES256")
        .unwrap()
        .starts_with("x-amz-meta-tag", "")
        .unwrap();
    // The page's form goes to the legacy global endpoint over http.
    let bucket = Bucket::new(
        Endpoint::parse("http://s3.amazonaws.com").unwrap(),
        &s(&inputs["bucket"]),
        &s(&inputs["region"]),
        UrlStyle::VirtualHost,
    )
    .unwrap();
    let creds =
        Credentials::new(s(&inputs["access_key_id"]), s(&inputs["secret_access_key"])).unwrap();
    let time = AmzDate::parse(&s(&inputs["timestamp"])).unwrap();
    let post = bucket.presign_post(&creds, &policy, time).unwrap();

    assert_eq!(post.url(), s(&inputs["form_action"]));

    // Same expiration and the same conditions, in any order.
    let ours = decoded_policy(&post);
    assert_eq!(ours["expiration"], published["expiration"]);
    let mut ours_c: Vec<String> = ours["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(Value::to_string)
        .collect();
    let mut published_c: Vec<String> = published["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(Value::to_string)
        .collect();
    ours_c.sort();
    published_c.sort();
    assert_eq!(ours_c, published_c);

    // The page's form fields, where they are known when signing.
    let placeholders = ["Policy", "X-Amz-Signature", "file"];
    for pair in inputs["form_fields"].as_array().unwrap() {
        let (name, value) = (s(&pair[0]), s(&pair[1]));
        if placeholders.contains(&name.as_str()) {
            continue;
        }
        match post
            .starts_with_fields()
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&name))
        {
            // Typed by the user on the page: it must fit the prefix.
            Some((_, prefix)) => assert!(value.starts_with(prefix.as_str()), "{name}"),
            None => assert_eq!(post.field(&name), Some(value.as_str()), "{name}"),
        }
    }
    // And the signature is what an independent signer makes of our document.
    assert_eq!(
        post.field("x-amz-signature").unwrap(),
        independent_signature(
            &s(&inputs["secret_access_key"]),
            &s(&inputs["date"]),
            &s(&inputs["region"]),
            post.field("policy").unwrap()
        )
    );
}

// ---------------------------------------------------------------------------
// Round trips

#[test]
fn signed_policy_decodes_to_every_condition_and_an_independent_signature() {
    let policy = PostPolicy::new(Duration::from_secs(600))
        .unwrap()
        .starts_with("key", "user1/")
        .unwrap()
        .content_length_range(1, 100_000)
        .unwrap()
        .eq("acl", "private")
        .unwrap()
        .eq_as_array("Content-Type", "image/png")
        .unwrap()
        .eq("success_action_status", "201")
        .unwrap()
        .eq(
            "x-amz-meta-note",
            "quote \" backslash \\ tab \t é 🦀 </script>",
        )
        .unwrap()
        .starts_with("Cache-Control", "")
        .unwrap();
    let post = bucket().presign_post(&creds(), &policy, time()).unwrap();

    let credential = format!("{AKID}/20240301/eu-west-1/s3/aws4_request");
    let expected = json!({
        "expiration": iso8601(time().unix_seconds() + 600),
        "conditions": [
            {"bucket": "examplebucket"},
            ["starts-with", "$key", "user1/"],
            ["content-length-range", 1, 100_000],
            {"acl": "private"},
            ["eq", "$Content-Type", "image/png"],
            {"success_action_status": "201"},
            {"x-amz-meta-note": "quote \" backslash \\ tab \t é 🦀 </script>"},
            ["starts-with", "$Cache-Control", ""],
            {"x-amz-algorithm": "AWS4-HMAC-SHA256"},
            {"x-amz-credential": credential},
            {"x-amz-date": TIME},
        ]
    });
    assert_eq!(decoded_policy(&post), expected);
    assert_eq!(
        expected["expiration"], "2024-03-01T12:10:00.000Z",
        "ten minutes after the signing time"
    );

    // `document` shows the exact text that was encoded and signed.
    let document = policy.document(&bucket(), &creds(), time()).unwrap();
    assert_eq!(
        base64::engine::general_purpose::STANDARD.encode(&document),
        post.field("policy").unwrap()
    );

    assert_eq!(
        post.field("x-amz-signature").unwrap(),
        independent_signature(
            SECRET,
            "20240301",
            "eu-west-1",
            post.field("policy").unwrap()
        )
    );
    assert_eq!(post.field("x-amz-credential"), Some(credential.as_str()));
    assert_eq!(post.field("x-amz-algorithm"), Some("AWS4-HMAC-SHA256"));
    assert_eq!(post.field("x-amz-date"), Some(TIME));
    assert_eq!(post.field("key"), Some("user1/${filename}"));
    assert_eq!(
        names(&post),
        [
            "key",
            "acl",
            "Content-Type",
            "success_action_status",
            "x-amz-meta-note",
            "policy",
            "x-amz-algorithm",
            "x-amz-credential",
            "x-amz-date",
            "x-amz-signature"
        ]
    );
    assert_eq!(
        post.starts_with_fields(),
        [("Cache-Control".to_string(), String::new())]
    );
}

#[test]
fn expiration_instant_is_written_as_given() {
    let at = AmzDate::parse("20240308T120000Z").unwrap(); // exactly 7 days
    let policy = PostPolicy::expiring_at(at).eq("key", "a.txt").unwrap();
    let post = bucket().presign_post(&creds(), &policy, time()).unwrap();
    assert_eq!(
        decoded_policy(&post)["expiration"],
        iso8601(time().unix_seconds() + 7 * 24 * 3600)
    );
}

#[test]
fn session_token_is_a_condition_and_a_field_before_the_signature() {
    let token = "FQoGZXIvYXdzEXAMPLE/token+with=chars";
    let creds = creds().with_session_token(token).unwrap();
    let policy = PostPolicy::new(Duration::from_secs(60))
        .unwrap()
        .eq("key", "k")
        .unwrap();
    let post = bucket().presign_post(&creds, &policy, time()).unwrap();

    let conditions = decoded_policy(&post)["conditions"].clone();
    assert_eq!(
        conditions.as_array().unwrap().last().unwrap(),
        &json!({"x-amz-security-token": token})
    );
    assert_eq!(
        names(&post),
        [
            "key",
            "policy",
            "x-amz-algorithm",
            "x-amz-credential",
            "x-amz-date",
            "x-amz-security-token",
            "x-amz-signature"
        ]
    );
    assert_eq!(post.field("X-Amz-Security-Token"), Some(token));
    assert_eq!(
        post.field("x-amz-signature").unwrap(),
        independent_signature(
            SECRET,
            "20240301",
            "eu-west-1",
            post.field("policy").unwrap()
        )
    );
    let shown = format!("{post:?}");
    assert!(!shown.contains(token), "Debug shows the token: {shown}");
    assert!(
        !shown.contains(post.field("policy").unwrap()),
        "Debug shows the policy, which holds the token: {shown}"
    );
    assert!(shown.contains(post.field("x-amz-signature").unwrap()));
}

#[test]
fn long_term_credentials_send_no_security_token() {
    let policy = PostPolicy::new(Duration::from_secs(60))
        .unwrap()
        .eq("key", "k")
        .unwrap();
    let post = bucket().presign_post(&creds(), &policy, time()).unwrap();
    assert_eq!(post.field("x-amz-security-token"), None);
    assert!(!decoded_policy(&post).to_string().contains("security-token"));
}

#[test]
fn action_url_is_virtual_hosted_or_path_style() {
    let policy = PostPolicy::new(Duration::from_secs(60))
        .unwrap()
        .eq("key", "k")
        .unwrap();
    let cases = [
        (
            Bucket::aws("examplebucket", "eu-west-1").unwrap(),
            "https://examplebucket.s3.eu-west-1.amazonaws.com/",
        ),
        // A dotted name gets a path-style URL on AWS (TLS wildcards).
        (
            Bucket::aws("my.bucket", "us-east-1").unwrap(),
            "https://s3.us-east-1.amazonaws.com/my.bucket/",
        ),
        (
            Bucket::new(
                Endpoint::parse("http://127.0.0.1:9000").unwrap(),
                "uploads",
                "us-east-1",
                UrlStyle::Path,
            )
            .unwrap(),
            "http://127.0.0.1:9000/uploads/",
        ),
        (
            Bucket::new(
                Endpoint::parse("https://example.com/storage/").unwrap(),
                "uploads",
                "us-east-1",
                UrlStyle::Path,
            )
            .unwrap(),
            "https://example.com/storage/uploads/",
        ),
        (
            Bucket::new(
                Endpoint::parse("https://minio.example.com").unwrap(),
                "uploads",
                "us-east-1",
                UrlStyle::VirtualHost,
            )
            .unwrap(),
            "https://uploads.minio.example.com/",
        ),
    ];
    for (bucket, url) in cases {
        let post = bucket.presign_post(&creds(), &policy, time()).unwrap();
        assert_eq!(post.url(), url);
        assert!(post.to_json().starts_with(&format!("{{\"url\":\"{url}\",")));
        assert!(post.to_html().contains(&format!(" action=\"{url}\"")));
        // The bucket condition names the bucket in either style.
        assert_eq!(
            decoded_policy(&post)["conditions"][0],
            json!({"bucket": bucket.name()})
        );
    }
}

// ---------------------------------------------------------------------------
// JSON and HTML

#[test]
fn json_output_keeps_the_field_order_and_escapes_values() {
    let hostile = "\"><script>alert('x')</script>&\\ é";
    let policy = PostPolicy::new(Duration::from_secs(60))
        .unwrap()
        .eq("x-amz-meta-z", "last letter first")
        .unwrap()
        .eq("key", "uploads/a.txt")
        .unwrap()
        .eq("acl", "private")
        .unwrap()
        .eq("x-amz-meta-note", hostile)
        .unwrap();
    let post = bucket().presign_post(&creds(), &policy, time()).unwrap();
    assert_eq!(
        names(&post),
        [
            "key",
            "x-amz-meta-z",
            "acl",
            "x-amz-meta-note",
            "policy",
            "x-amz-algorithm",
            "x-amz-credential",
            "x-amz-date",
            "x-amz-signature"
        ]
    );

    // The JSON text, written here piece by piece in the order above, with
    // the characters that could end an inline <script> as \u escapes.
    let q = |s: &str| {
        serde_json::to_string(s)
            .unwrap()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
    };
    let pairs: Vec<String> = post
        .fields()
        .iter()
        .map(|(n, v)| format!("{}:{}", q(n), q(v)))
        .collect();
    let expected = format!(
        "{{\"url\":{},\"fields\":{{{}}}}}",
        q(post.url()),
        pairs.join(",")
    );
    let text = post.to_json();
    assert_eq!(text, expected);

    let parsed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed["url"], post.url());
    assert_eq!(parsed["fields"]["x-amz-meta-note"], hostile);
    assert_eq!(parsed["fields"].as_object().unwrap().len(), 9);
}

/// The conditions of a policy `document` that the form `fields` do not meet,
/// checked as S3 describes ("Creating a POST policy"): names match in any
/// case, `${filename}` in a field's value is first replaced by the uploaded
/// file's name, and every field but `policy`, `x-amz-signature`, `file` and
/// `x-ignore-*` needs a condition of its own. Empty when all are met.
fn unmet_conditions(
    document: &Value,
    bucket: &str,
    fields: &[(String, String)],
    file_name: &str,
) -> Vec<String> {
    let value_of = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.replace("${filename}", file_name))
    };
    let mut unmet = Vec::new();
    let mut constrained: Vec<String> = Vec::new();
    for condition in document["conditions"].as_array().unwrap() {
        let (op, name, expected) = match condition {
            Value::Object(map) => {
                let (name, value) = map.iter().next().unwrap();
                ("eq", name.clone(), value.as_str().unwrap().to_string())
            }
            Value::Array(items) if items[0] == "content-length-range" => continue,
            Value::Array(items) => (
                items[0].as_str().unwrap(),
                items[1]
                    .as_str()
                    .unwrap()
                    .strip_prefix('$')
                    .unwrap()
                    .to_string(),
                items[2].as_str().unwrap().to_string(),
            ),
            other => panic!("unexpected condition {other}"),
        };
        constrained.push(name.to_ascii_lowercase());
        let actual = if name.eq_ignore_ascii_case("bucket") {
            Some(bucket.to_string())
        } else {
            value_of(&name)
        };
        let met = match (op, &actual) {
            ("eq", Some(v)) => *v == expected,
            ("starts-with", Some(v)) => v.starts_with(&expected),
            _ => false,
        };
        if !met {
            unmet.push(format!("{condition} with {name} = {actual:?}"));
        }
    }
    for (name, _) in fields {
        let lower = name.to_ascii_lowercase();
        let exempt = ["policy", "x-amz-signature", "file"].contains(&lower.as_str())
            || lower.starts_with("x-ignore-");
        if !exempt && !constrained.contains(&lower) {
            unmet.push(format!("field {name} has no condition"));
        }
    }
    unmet
}

/// A policy with every kind of condition, on fields held exactly and by a
/// prefix only.
fn policy_of_every_kind() -> PostPolicy {
    PostPolicy::new(Duration::from_secs(300))
        .unwrap()
        .starts_with("key", "uploads/")
        .unwrap()
        .eq("acl", "private")
        .unwrap()
        .eq_as_array("success_action_status", "201")
        .unwrap()
        .starts_with("Content-Type", "image/")
        .unwrap()
        .starts_with("content-type", "image/p")
        .unwrap()
        .starts_with("x-amz-meta-tag", "")
        .unwrap()
        .starts_with("Cache-Control", "max-age=")
        .unwrap()
        .eq("x-amz-meta-uuid", "14365123651274")
        .unwrap()
        .starts_with("x-amz-meta-uuid", "1436")
        .unwrap()
        .content_length_range(1, 1_000_000)
        .unwrap()
}

#[test]
fn json_holds_every_field_the_policy_needs_in_the_order_of_the_html_form() {
    let temporary = creds().with_session_token("SESSIONTOKEN").unwrap();
    for creds in [creds(), temporary] {
        let post = bucket()
            .presign_post(&creds, &policy_of_every_kind(), time())
            .unwrap();
        assert_eq!(
            post.starts_with_fields(),
            [
                ("Content-Type".to_string(), "image/p".to_string()),
                ("x-amz-meta-tag".to_string(), String::new()),
                ("Cache-Control".to_string(), "max-age=".to_string()),
            ]
        );

        // The JSON is the fields, then the starts-with fields with their
        // prefixes, as the HTML form's inputs are.
        let html = post.to_html();
        let inputs: Vec<(String, String)> = html
            .lines()
            .filter_map(|line| {
                let rest = line
                    .strip_prefix("<input type=\"hidden\" name=\"")
                    .or_else(|| line.strip_prefix("<input type=\"text\" name=\""))?;
                let (name, rest) = rest.split_once("\" value=\"")?;
                let value = rest.strip_suffix("\">")?;
                Some((name.to_string(), value.to_string()))
            })
            .collect();
        let q = |s: &str| serde_json::to_string(s).unwrap();
        let pairs: Vec<String> = inputs
            .iter()
            .map(|(n, v)| format!("{}:{}", q(n), q(v)))
            .collect();
        let expected = format!(
            "{{\"url\":{},\"fields\":{{{}}}}}",
            q(post.url()),
            pairs.join(",")
        );
        assert_eq!(post.to_json(), expected);
        assert_eq!(
            inputs.len(),
            post.fields().len() + post.starts_with_fields().len()
        );

        // Sent as they are, the JSON's fields meet every condition.
        let parsed: Value = serde_json::from_str(&post.to_json()).unwrap();
        let sent: Vec<(String, String)> = parsed["fields"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(n, v)| (n.clone(), v.as_str().unwrap().to_string()))
            .collect();
        assert_eq!(sent.len(), inputs.len(), "a field name is repeated");
        let document = decoded_policy(&post);
        let unmet = unmet_conditions(&document, bucket().name(), &sent, "cat.png");
        assert!(unmet.is_empty(), "{unmet:#?}");
        // Without the starts-with fields they would not.
        let unmet = unmet_conditions(&document, bucket().name(), post.fields(), "cat.png");
        assert_eq!(unmet.len(), 4, "{unmet:#?}");
    }
}

#[test]
fn html_form_escapes_hostile_values() {
    let hostile = "\"><script>alert('x')</script>&";
    let policy = PostPolicy::new(Duration::from_secs(60))
        .unwrap()
        .eq("key", "user/\"><script>.txt")
        .unwrap()
        .eq("x-amz-meta-note", hostile)
        .unwrap()
        .eq(
            "success_action_redirect",
            "https://example.com/done?a=1&b='2'",
        )
        .unwrap();
    let post = bucket().presign_post(&creds(), &policy, time()).unwrap();
    let html = post.to_html();

    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("'"), "{html}");
    assert!(html.contains(
        "<input type=\"hidden\" name=\"x-amz-meta-note\" \
         value=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;\">"
    ));
    assert!(html.contains(
        "<input type=\"hidden\" name=\"key\" value=\"user/&quot;&gt;&lt;script&gt;.txt\">"
    ));
    assert!(html.contains("value=\"https://example.com/done?a=1&amp;b=&#39;2&#39;\""));

    // Outside the escaped values, the markup is ours alone: one form, one
    // input per field, then the file, then the button.
    assert!(html.starts_with(
        "<form method=\"post\" enctype=\"multipart/form-data\" \
         action=\"https://examplebucket.s3.eu-west-1.amazonaws.com/\""
    ));
    assert_eq!(html.matches("<form").count(), 1);
    assert_eq!(html.matches("<input").count(), post.fields().len() + 2);
    let lines: Vec<&str> = html.lines().collect();
    let n = lines.len();
    assert_eq!(lines[n - 3], "<input type=\"file\" name=\"file\">");
    assert_eq!(lines[n - 2], "<input type=\"submit\" value=\"Upload\">");
    assert_eq!(lines[n - 1], "</form>");
    for (line, (name, _)) in lines[1..].iter().zip(post.fields()) {
        assert!(
            line.starts_with(&format!("<input type=\"hidden\" name=\"{name}\" value=\"")),
            "{line}"
        );
    }
}

#[test]
fn starts_with_fields_are_text_inputs_before_the_file() {
    let policy = PostPolicy::new(Duration::from_secs(60))
        .unwrap()
        .starts_with("key", "in/")
        .unwrap()
        .starts_with("Content-Type", "image/")
        .unwrap()
        .starts_with("content-type", "image/p")
        .unwrap()
        .starts_with("x-amz-meta-tag", "")
        .unwrap();
    let post = bucket().presign_post(&creds(), &policy, time()).unwrap();
    assert_eq!(
        post.starts_with_fields(),
        [
            ("Content-Type".to_string(), "image/p".to_string()),
            ("x-amz-meta-tag".to_string(), String::new())
        ]
    );
    assert_eq!(post.field("Content-Type"), None);
    let html = post.to_html();
    let text = html
        .find("<input type=\"text\" name=\"Content-Type\" value=\"image/p\">")
        .unwrap();
    let tag = html
        .find("<input type=\"text\" name=\"x-amz-meta-tag\" value=\"\">")
        .unwrap();
    let signature = html.find("name=\"x-amz-signature\"").unwrap();
    let file = html.find("<input type=\"file\"").unwrap();
    assert!(signature < text && text < tag && tag < file);
}

#[test]
fn longest_key_prefix_and_exact_key_make_the_key_field() {
    let prefixes = PostPolicy::new(Duration::from_secs(60))
        .unwrap()
        .starts_with("key", "a/")
        .unwrap()
        .starts_with("Key", "a/b/")
        .unwrap();
    let post = bucket().presign_post(&creds(), &prefixes, time()).unwrap();
    assert_eq!(post.field("key"), Some("a/b/${filename}"));

    let exact = prefixes.eq("KEY", "a/b/c.txt").unwrap();
    let post = bucket().presign_post(&creds(), &exact, time()).unwrap();
    assert_eq!(post.field("key"), Some("a/b/c.txt"));
    assert_eq!(
        names(&post)
            .iter()
            .filter(|n| n.eq_ignore_ascii_case("key"))
            .count(),
        1
    );
}

#[test]
fn repeated_identical_conditions_are_written_once() {
    let policy = PostPolicy::new(Duration::from_secs(60))
        .unwrap()
        .eq("key", "k")
        .unwrap()
        .eq("acl", "private")
        .unwrap()
        .eq_as_array("ACL", "private")
        .unwrap()
        .starts_with("Content-Type", "image/")
        .unwrap()
        .starts_with("Content-Type", "image/")
        .unwrap()
        .content_length_range(0, 10)
        .unwrap()
        .content_length_range(0, 10)
        .unwrap()
        .eq("bucket", "examplebucket")
        .unwrap();
    let post = bucket().presign_post(&creds(), &policy, time()).unwrap();
    let conditions = decoded_policy(&post)["conditions"].clone();
    assert_eq!(
        conditions.as_array().unwrap()[..5],
        [
            json!({"bucket": "examplebucket"}),
            json!({"key": "k"}),
            json!({"acl": "private"}),
            json!(["starts-with", "$Content-Type", "image/"]),
            json!(["content-length-range", 0, 10]),
        ]
    );
    assert_eq!(conditions.as_array().unwrap().len(), 8);
    assert_eq!(names(&post)[..2], ["key", "acl"]);
}

// ---------------------------------------------------------------------------
// Refusals

fn base() -> PostPolicy {
    PostPolicy::new(Duration::from_secs(60)).unwrap()
}

#[test]
fn two_different_exact_values_for_one_field_are_refused() {
    let p = base().eq("acl", "private").unwrap();
    refused(p.clone().eq("acl", "public-read"));
    refused(p.clone().eq("ACL", "public-read"));
    refused(p.eq_as_array("Acl", "public-read"));
}

#[test]
fn exact_value_outside_a_starts_with_prefix_is_refused() {
    refused(
        base()
            .starts_with("key", "user1/")
            .unwrap()
            .eq("key", "user2/a"),
    );
    refused(
        base()
            .eq("key", "user2/a")
            .unwrap()
            .starts_with("Key", "user1/"),
    );
    // Inside the prefix is fine, either way round.
    base()
        .starts_with("key", "user1/")
        .unwrap()
        .eq("key", "user1/a")
        .unwrap();
}

#[test]
fn prefixes_no_value_can_share_are_refused() {
    refused(
        base()
            .starts_with("Content-Type", "image/")
            .unwrap()
            .starts_with("content-type", "text/"),
    );
    base()
        .starts_with("Content-Type", "image/")
        .unwrap()
        .starts_with("content-type", "")
        .unwrap();
}

#[test]
fn content_length_range_minimum_above_maximum_is_refused() {
    refused(base().content_length_range(10, 9));
    base().content_length_range(10, 10).unwrap();
    let why = refused(
        base()
            .content_length_range(0, 10)
            .unwrap()
            .content_length_range(0, 11),
    );
    assert!(why.contains("twice"), "{why}");
}

#[test]
fn starts_with_on_exact_only_fields_is_refused() {
    for field in [
        "bucket",
        "Bucket",
        "success_action_status",
        "x-amz-storage-class",
        "x-amz-server-side-encryption",
        "X-Amz-Checksum-Sha256",
    ] {
        let why = refused(base().starts_with(field, ""));
        assert!(why.contains("starts-with is not allowed"), "{field}: {why}");
    }
    // x-amz-meta-* takes one.
    base().starts_with("X-Amz-Meta-Tag", "t").unwrap();
}

#[test]
fn conditions_on_fields_the_signer_sets_are_refused() {
    for field in [
        "x-amz-algorithm",
        "X-Amz-Credential",
        "x-amz-date",
        "x-amz-security-token",
        "X-Amz-Signature",
        "policy",
        "Policy",
    ] {
        let why = refused(base().eq(field, "v"));
        assert!(why.contains("set by the signer"), "{field}: {why}");
        refused(base().eq_as_array(field, "v"));
        refused(base().starts_with(field, ""));
    }
    refused(base().eq("file", "x"));
    refused(base().starts_with("content-length-range", ""));
}

#[test]
fn bucket_condition_must_name_the_bucket_signed_for() {
    let policy = base()
        .eq("key", "k")
        .unwrap()
        .eq("bucket", "otherbucket")
        .unwrap();
    let why = refused(bucket().presign_post(&creds(), &policy, time()));
    assert!(why.contains("otherbucket"), "{why}");
    refused(policy.document(&bucket(), &creds(), time()));
}

#[test]
fn expiry_must_follow_the_signing_time_with_no_seven_day_limit() {
    refused(PostPolicy::new(Duration::ZERO));
    refused(PostPolicy::new(Duration::from_millis(999)));
    let expiration_after = |d: Duration| {
        let policy = PostPolicy::new(d).unwrap().eq("key", "k").unwrap();
        let post = bucket().presign_post(&creds(), &policy, time()).unwrap();
        decoded_policy(&post)["expiration"].clone()
    };
    let t = time().unix_seconds();
    // S3 sets no maximum for a POST policy's expiration (unlike the 7 days
    // of X-Amz-Expires): a week and a second, a year, ten years.
    for seconds in [1, 604_800, 604_801, 365 * 86_400, 3_650 * 86_400] {
        assert_eq!(
            expiration_after(Duration::from_secs(seconds)),
            iso8601(t + seconds as i64)
        );
    }
    assert_eq!(
        expiration_after(Duration::from_millis(1_999)),
        iso8601(t + 1)
    );

    let sign_until = |offset: i64| {
        let at = AmzDate::from_unix_seconds(t + offset).unwrap();
        let policy = PostPolicy::expiring_at(at).eq("key", "k").unwrap();
        bucket().presign_post(&creds(), &policy, time())
    };
    refused(sign_until(-1));
    refused(sign_until(0));
    for offset in [1, 604_800, 604_801, 3_650 * 86_400] {
        let post = sign_until(offset).unwrap();
        assert_eq!(decoded_policy(&post)["expiration"], iso8601(t + offset));
    }
}

#[test]
fn expiry_past_the_year_9999_is_refused_when_signing() {
    let last = AmzDate::parse("99991231T235958Z").unwrap();
    let sign = |d: Duration| {
        let policy = PostPolicy::new(d).unwrap().eq("key", "k").unwrap();
        bucket().presign_post(&creds(), &policy, last)
    };
    let post = sign(Duration::from_secs(1)).unwrap();
    assert_eq!(
        decoded_policy(&post)["expiration"],
        "9999-12-31T23:59:59.000Z"
    );
    for d in [
        Duration::from_secs(2),
        Duration::from_secs(u64::MAX),
        Duration::MAX,
    ] {
        let why = refused(sign(d));
        assert!(why.contains("9999"), "{why}");
    }
}

#[test]
fn bad_field_names_are_refused() {
    for field in [
        "",
        "a\r\nb",
        "x-amz-meta-a\nSet-Cookie",
        "nul\0",
        "tab\tname",
        "with space",
        "quote\"",
        "é",
        "$key",
        "x-amz-meta-",
    ] {
        refused(base().eq(field, "v"));
        refused(base().starts_with(field, "v"));
    }
}

#[test]
fn control_characters_in_values_are_refused() {
    for value in ["a\r\nb", "a\nb", "nul\0", "del\u{7f}"] {
        let why = refused(base().eq("x-amz-meta-a", value));
        assert!(!why.contains(value), "the message repeats the value: {why}");
        refused(base().starts_with("key", value));
    }
    base().eq("x-amz-meta-a", "tab\tis fine").unwrap();
}

#[test]
fn unusable_keys_are_refused() {
    refused(base().eq("key", ""));
    refused(base().eq("key", &"k".repeat(1025)));
    base().eq("key", &"k".repeat(1024)).unwrap();
    // A policy without any condition on key cannot be used by a form.
    let no_key = base().eq("acl", "private").unwrap();
    let why = refused(bucket().presign_post(&creds(), &no_key, time()));
    assert!(why.contains("key"), "{why}");
}

#[test]
fn policy_errors_read_in_lower_case_without_secrets() {
    let sse_c_key = "c2VjcmV0LWtleS1tYXRlcmlhbA\n==";
    let err = base()
        .eq("x-amz-server-side-encryption-customer-key", sse_c_key)
        .unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("invalid post policy: "), "{text}");
    assert!(!text.contains("c2VjcmV0"), "{text}");
    assert!(!text.contains(SECRET));
}

// ---------------------------------------------------------------------------
// A real S3 server (s3s) checks the policy and the signature

fn post_form(
    server: &common::server::TestServer,
    url: &str,
    fields: &[(String, String)],
    file: &[u8],
) -> common::server::Response {
    let (content_type, body) = common::server::multipart(fields, "hello.txt", file);
    server.send("POST", url, &[("Content-Type", &content_type)], &body)
}

fn upload_policy(key: &str) -> PostPolicy {
    PostPolicy::new(Duration::from_secs(300))
        .unwrap()
        .eq("key", key)
        .unwrap()
        .eq("Content-Type", "text/plain")
        .unwrap()
        .eq("x-amz-meta-note", "a \"quoted\" <note> & more")
        .unwrap()
        .content_length_range(1, 64)
        .unwrap()
}

#[test]
fn s3_server_accepts_the_upload_and_stores_the_file() {
    let server = common::server::TestServer::start();
    let creds = common::server::credentials();
    for (style, key) in [
        (UrlStyle::Path, "uploads/path-style.txt"),
        (UrlStyle::VirtualHost, "uploads/virtual-host.txt"),
    ] {
        let bucket = server.create_bucket_in_style(&format!("post-{}", style_name(style)), style);
        let post = bucket
            .presign_post(&creds, &upload_policy(key), AmzDate::now())
            .unwrap();
        let r = post_form(&server, post.url(), post.fields(), b"hello, form");
        assert!(
            (200..300).contains(&r.status),
            "{style:?}: {} {}",
            r.status,
            r.text()
        );

        let url = bucket
            .get_object(key)
            .presign(&creds, AmzDate::now(), Duration::from_secs(60))
            .unwrap();
        let got = server.send("GET", &url, &[], b"");
        assert_eq!(got.status, 200, "{}", got.text());
        assert_eq!(got.body, b"hello, form");
    }
}

fn style_name(style: UrlStyle) -> &'static str {
    match style {
        UrlStyle::Path => "path",
        UrlStyle::VirtualHost => "vhost",
        UrlStyle::CustomDomain => "custom",
    }
}

#[test]
fn s3_server_refuses_a_changed_field_a_bad_signature_and_a_large_file() {
    let server = common::server::TestServer::start();
    let creds = common::server::credentials();
    let bucket = server.create_bucket("post-refusals");
    let post = bucket
        .presign_post(&creds, &upload_policy("k.txt"), AmzDate::now())
        .unwrap();

    let changed = |name: &str, value: &str| -> Vec<(String, String)> {
        post.fields()
            .iter()
            .map(|(n, v)| {
                let v = if n == name {
                    value.to_string()
                } else {
                    v.clone()
                };
                (n.clone(), v)
            })
            .collect()
    };
    let cases = [
        (
            changed("x-amz-meta-note", "other"),
            &b"hi"[..],
            "InvalidPolicyDocument",
        ),
        (
            changed("key", "elsewhere.txt"),
            &b"hi"[..],
            "InvalidPolicyDocument",
        ),
        (
            changed("x-amz-signature", &"0".repeat(64)),
            &b"hi"[..],
            "SignatureDoesNotMatch",
        ),
        (post.fields().to_vec(), &[b'x'; 65][..], "EntityTooLarge"),
    ];
    for (fields, file, code) in cases {
        let r = post_form(&server, post.url(), &fields, file);
        assert!(
            (400..500).contains(&r.status),
            "{code}: {} {}",
            r.status,
            r.text()
        );
        assert_eq!(r.error_code().as_deref(), Some(code), "{}", r.text());
    }
    assert!(!server.root().join("post-refusals/k.txt").exists());
    assert!(!server.root().join("post-refusals/elsewhere.txt").exists());

    // The same form, unchanged, goes through.
    let r = post_form(&server, post.url(), post.fields(), b"hi");
    assert!((200..300).contains(&r.status), "{} {}", r.status, r.text());
    assert!(server.root().join("post-refusals/k.txt").exists());
}

#[test]
fn exact_matches_holding_the_filename_placeholder_are_refused() {
    // S3 substitutes ${filename} before it checks the policy, so an exact
    // match on a value holding it could never hold.
    for (field, value) in [
        ("key", "uploads/${filename}"),
        (
            "success_action_redirect",
            "https://example.com/?f=${filename}",
        ),
    ] {
        let err = PostPolicy::new(Duration::from_secs(60))
            .unwrap()
            .eq(field, value)
            .unwrap_err();
        assert!(
            matches!(&err, presign::Error::InvalidPolicy(why) if why.contains("starts-with")),
            "{err}"
        );
    }
}

#[test]
fn starts_with_prefixes_holding_the_filename_placeholder_are_refused() {
    // S3 replaces ${filename} in the form's field values before it checks
    // the conditions, whose prefixes are literal: the key field
    // "a/${filename}${filename}" becomes "a/cat.png" + "cat.png", which
    // does not start with "a/${filename}". No value could.
    for (field, prefix) in [
        ("key", "a/${filename}"),
        ("Key", "${filename}"),
        ("key", "a/${filename}/b"),
        ("Content-Disposition", "attachment; filename=${filename}"),
        ("x-amz-meta-name", "${filename}"),
        (
            "success_action_redirect",
            "https://example.com/?f=${filename}",
        ),
    ] {
        let why = refused(
            PostPolicy::new(Duration::from_secs(60))
                .unwrap()
                .starts_with(field, prefix),
        );
        assert!(why.contains("${filename}"), "{why}");
        assert!(why.contains(&format!("{field:?}")), "{why}");
    }
    // Text that is not the whole placeholder is literal to S3 as well, and
    // a value can start with it.
    for prefix in ["a/$", "a/${", "a/${filename", "a/{filename}"] {
        let policy = PostPolicy::new(Duration::from_secs(60))
            .unwrap()
            .starts_with("key", prefix)
            .unwrap();
        let post = bucket().presign_post(&creds(), &policy, time()).unwrap();
        assert_eq!(
            post.field("key"),
            Some(format!("{prefix}${{filename}}").as_str())
        );
    }
}

#[test]
fn json_is_safe_inside_an_inline_script() {
    let (creds, bucket) = (creds(), bucket());
    let policy = PostPolicy::new(Duration::from_secs(60))
        .unwrap()
        .starts_with("key", "</script><script>alert(1)</script>&\u{2028}")
        .unwrap();
    let post = bucket.presign_post(&creds, &policy, time()).unwrap();
    let json = post.to_json();
    for raw in ['<', '>', '&', '\u{2028}'] {
        assert!(!json.contains(raw), "{raw:?} in {json}");
    }
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        parsed["fields"]["key"],
        "</script><script>alert(1)</script>&\u{2028}${filename}"
    );
}

#[test]
fn debug_hides_sse_c_keys_in_policies_and_forms() {
    let (creds, bucket) = (creds(), bucket());
    let policy = PostPolicy::new(Duration::from_secs(60))
        .unwrap()
        .starts_with("key", "u/")
        .unwrap()
        .eq("x-amz-server-side-encryption-customer-key", "SSECKEYSECRET")
        .unwrap();
    assert!(!format!("{policy:?}").contains("SSECKEYSECRET"));
    let post = bucket.presign_post(&creds, &policy, time()).unwrap();
    let shown = format!("{post:?}");
    assert!(!shown.contains("SSECKEYSECRET"), "{shown}");
    assert!(!shown.contains(post.field("policy").unwrap()), "{shown}");
}

#[test]
fn s3_server_refuses_a_key_outside_the_prefix_a_tampered_policy_and_an_expired_one() {
    let server = common::server::TestServer::start();
    let creds = common::server::credentials();
    let bucket = server.create_bucket("post-prefix");
    let policy = PostPolicy::new(Duration::from_secs(300))
        .unwrap()
        .starts_with("key", "user1/")
        .unwrap()
        .content_length_range(1, 64)
        .unwrap();
    let post = bucket
        .presign_post(&creds, &policy, AmzDate::now())
        .unwrap();
    // s3s does not substitute ${filename}: send a concrete key.
    let with = |name: &str, value: &str| -> Vec<(String, String)> {
        post.fields()
            .iter()
            .map(|(n, v)| {
                let v = if n == name { value } else { v.as_str() };
                (n.clone(), v.to_string())
            })
            .collect()
    };

    let outside = post_form(&server, post.url(), &with("key", "user2/a.txt"), b"hi");
    assert_eq!(outside.status, 400, "{}", outside.text());
    assert_eq!(
        outside.error_code().as_deref(),
        Some("InvalidPolicyDocument")
    );

    // The policy with a larger size limit, under the original signature.
    let document = base64::engine::general_purpose::STANDARD
        .decode(post.field("policy").unwrap())
        .unwrap();
    let document = String::from_utf8(document).unwrap();
    assert!(
        document.contains("[\"content-length-range\",1,64]"),
        "{document}"
    );
    let tampered = base64::engine::general_purpose::STANDARD.encode(document.replace(
        "[\"content-length-range\",1,64]",
        "[\"content-length-range\",1,6400]",
    ));
    let mut fields = with("key", "user1/a.txt");
    for (n, v) in &mut fields {
        if n == "policy" {
            *v = tampered.clone();
        }
    }
    let r = post_form(&server, post.url(), &fields, &[b'x'; 100]);
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(r.error_code().as_deref(), Some("SignatureDoesNotMatch"));

    // Signed ten minutes ago, for one minute: expired (x-amz-date is still
    // within the server's 15-minute clock skew, so only the expiry fails).
    let past = AmzDate::from_unix_seconds(AmzDate::now().unix_seconds() - 600).unwrap();
    let short = PostPolicy::new(Duration::from_secs(60))
        .unwrap()
        .starts_with("key", "user1/")
        .unwrap();
    let expired = bucket.presign_post(&creds, &short, past).unwrap();
    let fields: Vec<(String, String)> = expired
        .fields()
        .iter()
        .map(|(n, v)| {
            let v = if n == "key" {
                "user1/a.txt"
            } else {
                v.as_str()
            };
            (n.clone(), v.to_string())
        })
        .collect();
    let r = post_form(&server, expired.url(), &fields, b"hi");
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(
        r.text().to_ascii_lowercase().contains("expired"),
        "{}",
        r.text()
    );
    assert!(!server.root().join("post-prefix/user1/a.txt").exists());
    assert!(!server.root().join("post-prefix/user2/a.txt").exists());

    // The untouched form with a key under the prefix goes through.
    let ok = post_form(&server, post.url(), &with("key", "user1/a.txt"), b"hi");
    assert!(
        (200..300).contains(&ok.status),
        "{} {}",
        ok.status,
        ok.text()
    );
    assert!(server.root().join("post-prefix/user1/a.txt").exists());
}

#[test]
fn s3_server_accepts_the_fields_of_the_json_as_they_are() {
    let server = common::server::TestServer::start();
    let creds = common::server::credentials();
    let bucket = server.create_bucket("post-json");
    let policy = PostPolicy::new(Duration::from_secs(300))
        .unwrap()
        .eq("key", "from-json.txt")
        .unwrap()
        .starts_with("Content-Type", "text/")
        .unwrap()
        .starts_with("x-amz-meta-tag", "")
        .unwrap()
        .content_length_range(1, 64)
        .unwrap();
    let post = bucket
        .presign_post(&creds, &policy, AmzDate::now())
        .unwrap();
    // What a script does: every field of the JSON into the form, then the
    // file.
    let parsed: Value = serde_json::from_str(&post.to_json()).unwrap();
    let fields: Vec<(String, String)> = parsed["fields"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(n, v)| (n.clone(), v.as_str().unwrap().to_string()))
        .collect();
    let r = post_form(&server, parsed["url"].as_str().unwrap(), &fields, b"hi");
    assert!((200..300).contains(&r.status), "{} {}", r.status, r.text());
    assert!(server.root().join("post-json/from-json.txt").exists());
}

#[test]
fn s3_server_accepts_a_policy_that_expires_after_more_than_seven_days() {
    let server = common::server::TestServer::start();
    let creds = common::server::credentials();
    let bucket = server.create_bucket("post-long");
    let policy = PostPolicy::new(Duration::from_secs(30 * 86_400))
        .unwrap()
        .eq("key", "thirty-days.txt")
        .unwrap();
    let post = bucket
        .presign_post(&creds, &policy, AmzDate::now())
        .unwrap();
    let r = post_form(&server, post.url(), post.fields(), b"hi");
    assert!((200..300).contains(&r.status), "{} {}", r.status, r.text());
    assert!(server.root().join("post-long/thirty-days.txt").exists());
}
