//! The verifier's parsers: presigned URLs, `Authorization` headers and POST
//! forms, from signed requests edited many times over, or from any text.
//! A request verifies only when it means what was signed; a rejection has
//! S3's code and status, shows no secret, and its XML holds the resource
//! only escaped.

use std::time::Duration;

use arbitrary::Arbitrary;
use presign::verify::{Policy, PostForm, Received, Rejection};
use presign::{AmzDate, Bucket, Credentials, Payload, PostPolicy, Request, Signer};

use super::check;
use super::sign::{
    borrow, credentials, pairs, presigned_meaning, signed_meaning, Method, BASE_TIME, SECRET,
};
use super::text::{Edit, Name, Text};

/// Where the request starts from.
#[derive(Arbitrary, Debug, Clone)]
pub enum Base {
    /// A presigned URL for this key.
    Presigned(Text),
    /// A header-signed request with this path and these headers.
    HeaderSigned(Text, Vec<(Name, Text)>),
    /// This target and these headers, signed by nobody.
    Raw(Text, Vec<(Name, Text)>),
}

/// A request to verify.
#[derive(Arbitrary, Debug, Clone)]
pub struct Case {
    /// What it starts from.
    pub base: Base,
    /// The method it is sent with (`None`: the one signed).
    pub method: Option<Method>,
    /// Edits of the target, made one after the other (the first 8).
    pub edits: Vec<Edit>,
    /// Edits of a header's value (by index), one after the other.
    pub header_edits: Vec<(u8, Edit)>,
    /// Headers added.
    pub extra_headers: Vec<(Name, Text)>,
    /// The session token of the credentials.
    pub token: Option<Text>,
    /// Seconds between signing and verifying.
    pub later: u16,
    /// The resource named in the XML error.
    pub resource: Text,
}

/// Checks a rejection: S3's code and a 4xx status, no secret shown, and
/// XML that holds the resource only escaped.
pub fn rejection(r: &Rejection, resource: &str, secrets: &[&str], inputs: &dyn std::fmt::Debug) {
    assert!(!r.code().is_empty());
    assert!((400..500).contains(&r.status()), "{r:?}");
    let shown = r.to_string();
    check::no_secret(&shown, secrets, inputs);
    check::no_secret(&format!("{r:?}"), secrets, inputs);
    let xml = r.to_xml(resource, "request-id");
    let escaped = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;")
    };
    let want = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message><Resource>{}</Resource><RequestId>request-id</RequestId></Error>",
        r.code(),
        escaped(&shown),
        escaped(resource)
    );
    assert_eq!(xml, want, "the XML error");
}

/// Verifies the case's request; see the module's documentation. Returns 1
/// when a signed request was verified (whether accepted or refused).
pub fn check(case: &Case) -> u32 {
    let token = case.token.as_ref().map(Text::render);
    let creds = credentials(token.as_deref());
    let secrets = [SECRET, creds.session_token().unwrap_or("")];
    let time = AmzDate::from_unix_seconds(BASE_TIME).expect("a time");
    let host = "examplebucket.s3.amazonaws.com";
    let signer = Signer::new("us-east-1", "s3").expect("a signer");
    let policy = Policy::new("us-east-1", "s3").expect("a policy");
    let (mut target, mut headers, signed_method, meaning) = match &case.base {
        Base::Presigned(key) => {
            let bucket = Bucket::aws("examplebucket", "us-east-1").expect("a bucket");
            let Ok(url) =
                bucket
                    .get_object(&key.render())
                    .presign(&creds, time, Duration::from_secs(3600))
            else {
                return 0;
            };
            let target = url[format!("https://{host}").len()..].to_string();
            let headers = vec![("host".to_string(), host.to_string())];
            (target, headers, "GET".to_string(), Some(true))
        }
        Base::HeaderSigned(path, list) => {
            let (path, list) = (format!("/{}", path.render()), pairs(list));
            let request = Request {
                method: "PUT",
                host,
                path: &path,
                query: &[],
                headers: &borrow(&list),
                payload: Payload::Bytes(b"body"),
            };
            let Ok(signed) = signer.sign(&creds, &request, time) else {
                return 0;
            };
            let mut headers = list;
            headers.push(("host".to_string(), host.to_string()));
            headers.extend(
                signed
                    .headers()
                    .map(|(n, v)| (n.to_string(), v.to_string())),
            );
            (
                signed.target().to_string(),
                headers,
                "PUT".to_string(),
                Some(false),
            )
        }
        Base::Raw(target, list) => (target.render(), pairs(list), "GET".to_string(), None),
    };
    let original = (target.clone(), headers.clone());
    let meaning_of = |presigned: bool, target: &str, headers: &[(&str, &str)], method: &str| {
        let f = if presigned {
            presigned_meaning
        } else {
            signed_meaning
        };
        f(
            &signer,
            &creds,
            method,
            host,
            target,
            headers,
            Payload::Bytes(b"body"),
        )
        .map(|s| s.canonical_request)
    };
    for edit in case.edits.iter().take(8) {
        if let Some(t) = edit.apply(&target) {
            target = t;
        }
    }
    for &(i, edit) in case.header_edits.iter().take(8) {
        if headers.is_empty() {
            break;
        }
        let i = usize::from(i) % headers.len();
        if let Some(v) = edit.apply(&headers[i].1) {
            headers[i].1 = v;
        }
    }
    headers.extend(pairs(&case.extra_headers));
    let method = case
        .method
        .as_ref()
        .map_or(signed_method.clone(), Method::render);
    let sent = borrow(&headers);
    let received = Received {
        method: &method,
        target: &target,
        headers: &sent,
        payload: Payload::Bytes(b"body"),
    };
    let now = AmzDate::from_unix_seconds(BASE_TIME + i64::from(case.later)).expect("a time");
    match policy.verify(&received, &creds, now) {
        Ok(verified) => {
            let presigned = meaning.expect("a request nobody signed verifies");
            let want = meaning_of(presigned, &original.0, &borrow(&original.1), &signed_method)
                .expect("the signed request means something");
            let got = meaning_of(presigned, &target, &sent, &method);
            assert_eq!(
                got.as_ref(),
                Ok(&want),
                "an edited request verifies with another meaning: {:?} became {received:?}",
                original.0
            );
            assert_eq!(verified.access_key_id, creds.access_key_id());
        }
        Err(r) => {
            // A rejection may quote (decoded) what it could not read, which
            // holds the token where a signed request carries it: then only
            // the secret key, which no request carries, is looked for.
            let secrets = if meaning.is_some() {
                &secrets[..1]
            } else {
                &secrets[..]
            };
            rejection(&r, &case.resource.render(), secrets, &(&received, case))
        }
    }
    u32::from(meaning.is_some())
}

/// A POST form to verify: a policy document of any text, signed, and form
/// fields around it.
#[derive(Arbitrary, Debug, Clone)]
pub struct PostCase {
    /// The document, before base64.
    pub document: Document,
    /// Fields of the form (the first 12), besides those signing gives.
    pub fields: Vec<(Name, Text)>,
    /// Leave out the signing fields (`x-amz-algorithm`, ...).
    pub bare: bool,
    /// The bucket posted to.
    pub bucket: Text,
    /// The file's name.
    pub file_name: Text,
    /// The file's size.
    pub file_size: u64,
    /// Seconds between signing and verifying.
    pub later: u32,
    /// The resource named in the XML error.
    pub resource: Text,
}

/// A policy document.
#[derive(Arbitrary, Debug, Clone)]
pub enum Document {
    /// `{"expiration": ..., "conditions": [...]}` with these parts: an
    /// expiration (`None`: an hour after signing), the conditions on the
    /// fields signing gives (unless `true`), and these.
    Structured(Option<Text>, bool, Vec<Condition>),
    /// Any text.
    Raw(Text),
}

/// A condition of a policy document, as JSON.
#[derive(Arbitrary, Debug, Clone)]
pub enum Condition {
    /// `{"name": "value"}`.
    Object(Name, Text),
    /// `["op", "$name", "value"]` with `op` among a few.
    Array(u8, Name, Text),
    /// `["content-length-range", a, b]`.
    Range(u64, u64),
    /// Any text.
    Raw(Text),
}

impl Document {
    /// The document's text.
    pub fn render(&self, expiration: &str, signing: &[(String, String)]) -> String {
        let json = |s: &str| serde_json::to_string(s).expect("a string");
        match self {
            Document::Raw(t) => t.render(),
            Document::Structured(e, bare, conditions) => {
                let e = e.as_ref().map_or(json(expiration), |t| json(&t.render()));
                let mut list = Vec::new();
                if !bare {
                    for (n, v) in signing {
                        list.push(format!("{{{}:{}}}", json(n), json(v)));
                    }
                }
                for c in conditions.iter().take(12) {
                    list.push(match c {
                        Condition::Object(n, v) => {
                            format!("{{{}:{}}}", json(&n.render()), json(&v.render()))
                        }
                        Condition::Array(op, n, v) => {
                            let op = ["eq", "starts-with", "Eq", "STARTS-WITH", "in"]
                                [usize::from(*op) % 5];
                            format!(
                                "[{},{},{}]",
                                json(op),
                                json(&format!("${}", n.render())),
                                json(&v.render())
                            )
                        }
                        Condition::Range(a, b) => format!("[\"content-length-range\",{a},{b}]"),
                        Condition::Raw(t) => t.render(),
                    });
                }
                format!("{{\"expiration\":{e},\"conditions\":[{}]}}", list.join(","))
            }
        }
    }
}

/// Verifies a POST form whose policy is any document, correctly signed:
/// it verifies only when the form meets the document's conditions (read
/// independently with `serde_json`); a rejection is well formed. Returns 1
/// when the form verified.
pub fn check_post(case: &PostCase) -> u32 {
    let creds: Credentials = credentials(None);
    let time = AmzDate::from_unix_seconds(BASE_TIME).expect("a time");
    let expiration = AmzDate::from_unix_seconds(BASE_TIME + 3600)
        .expect("a time")
        .iso8601();
    let key = creds.signing_key(time.date(), "us-east-1", "s3");
    let credential = format!(
        "{}/{}/us-east-1/s3/aws4_request",
        creds.access_key_id(),
        time.date()
    );
    let signing: Vec<(String, String)> = vec![
        ("x-amz-algorithm".into(), "AWS4-HMAC-SHA256".into()),
        ("x-amz-credential".into(), credential),
        ("x-amz-date".into(), time.timestamp().to_string()),
    ];
    let document = case.document.render(&expiration, &signing);
    let (policy_text, signature) = PostPolicy::sign_document(&document, &key);
    let mut fields: Vec<(String, String)> = vec![("policy".into(), policy_text.clone())];
    if !case.bare {
        fields.extend(signing);
        fields.push(("x-amz-signature".into(), signature));
    }
    fields.extend(pairs(&case.fields).into_iter().take(12));
    let sent = borrow(&fields);
    let (bucket, file_name) = (case.bucket.render(), case.file_name.render());
    let form = PostForm {
        bucket: &bucket,
        fields: &sent,
        file_name: &file_name,
        file_size: case.file_size,
    };
    let now = AmzDate::from_unix_seconds(BASE_TIME + i64::from(case.later)).expect("a time");
    let policy = Policy::new("us-east-1", "s3").expect("a policy");
    match policy.verify_post(&form, &creds, now) {
        Ok(_) => {
            super::post::meets_policy(&policy_text, &form, now);
            1
        }
        Err(r) => {
            rejection(&r, &case.resource.render(), &[SECRET], case);
            0
        }
    }
}
