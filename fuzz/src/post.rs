//! POST policies: building them from arbitrary conditions, their JSON and
//! HTML output, and the form verifying; tampered forms verify only when
//! they still meet every condition of the signed document, read here with
//! `serde_json`.

use std::time::Duration;

use arbitrary::Arbitrary;
use base64::Engine as _;
use presign::verify::{Policy, PostForm};
use presign::{AmzDate, PostPolicy};

use super::check;
use super::s3::{bucket, BucketName, Place, Style};
use super::sign::{credentials, Region, BASE_TIME, SECRET};
use super::text::{Edit, Name, Text};

/// One condition added to the policy.
#[derive(Arbitrary, Debug, Clone)]
pub enum Cond {
    /// [`PostPolicy::eq`].
    Eq(Name, Text),
    /// [`PostPolicy::eq_as_array`].
    EqAsArray(Name, Text),
    /// [`PostPolicy::starts_with`].
    StartsWith(Name, Text),
    /// [`PostPolicy::content_length_range`].
    ContentLengthRange(u32, u32),
}

/// When the policy expires.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Expiry {
    /// [`PostPolicy::new`], 1 s and these seconds after signing.
    After(u32),
    /// [`PostPolicy::expiring_at`], seconds after [`BASE_TIME`].
    At(u32),
}

/// A policy, the bucket it is for, and how to tamper with the form.
#[derive(Arbitrary, Debug, Clone)]
pub struct Case {
    /// The bucket's name.
    pub bucket: BucketName,
    /// Its region.
    pub region: Region,
    /// Its endpoint.
    pub place: Place,
    /// Its URL style, off AWS.
    pub style: Style,
    /// The expiration.
    pub expiry: Expiry,
    /// The condition on `key`: a prefix, or (`exact_key`) the whole key.
    pub key: Text,
    /// Match the key exactly.
    pub exact_key: bool,
    /// Other conditions (the first 8).
    pub conditions: Vec<Cond>,
    /// A session token.
    pub token: Option<Text>,
    /// Seconds after [`BASE_TIME`].
    pub seconds: u32,
    /// The uploaded file's name.
    pub file_name: Text,
    /// Its size, when no range is given.
    pub file_size: u16,
    /// Edits of one field's value (by index), each tried on its own (the
    /// first 4).
    pub tampers: Vec<(u8, Edit)>,
}

/// Builds the policy; `None` when a condition is refused.
fn policy(case: &Case, secrets: &[&str]) -> Option<PostPolicy> {
    let mut policy = match case.expiry {
        Expiry::After(s) => PostPolicy::new(Duration::from_secs(1 + u64::from(s))),
        Expiry::At(s) => Ok(PostPolicy::expiring_at(
            AmzDate::from_unix_seconds(BASE_TIME + i64::from(s)).expect("a time"),
        )),
    };
    let key = case.key.render();
    policy = policy.and_then(|p| match case.exact_key {
        true => p.eq("key", &key),
        false => p.starts_with("key", &key),
    });
    for cond in case.conditions.iter().take(8) {
        policy = policy.and_then(|p| match cond {
            Cond::Eq(n, v) => p.eq(&n.render(), &v.render()),
            Cond::EqAsArray(n, v) => p.eq_as_array(&n.render(), &v.render()),
            Cond::StartsWith(n, v) => p.starts_with(&n.render(), &v.render()),
            Cond::ContentLengthRange(a, b) => p.content_length_range(u64::from(*a), u64::from(*b)),
        });
    }
    match policy {
        Ok(p) => Some(p),
        Err(e) => {
            check::no_secret(&e.to_string(), secrets, case);
            None
        }
    }
}

/// The value of a form field, its name compared without case.
fn field<'a>(form: &PostForm<'a>, name: &str) -> Option<&'a str> {
    form.fields
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, v)| v)
}

/// Checks that `form` meets every condition of the base64 JSON `policy`,
/// read independently of the library: exact matches (`{"f": "v"}`,
/// `["eq", "$f", "v"]`), prefixes, and the length range; `${filename}` in
/// `key` stands for the file's name, and `bucket` is the form's bucket.
pub fn meets_policy(policy: &str, form: &PostForm<'_>, now: AmzDate) {
    let text = base64::engine::general_purpose::STANDARD
        .decode(policy)
        .expect("the policy is base64");
    let document: serde_json::Value = serde_json::from_slice(&text).expect("the policy is JSON");
    let expiration = document["expiration"].as_str().expect("an expiration");
    assert!(
        expiration.len() == 24 && expiration.ends_with(".000Z"),
        "expiration {expiration:?}"
    );
    let stamp: String = expiration[..19]
        .chars()
        .filter(|c| *c != '-' && *c != ':')
        .collect();
    let expires = AmzDate::parse(&format!("{stamp}Z")).expect("an ISO 8601 expiration");
    assert!(
        expires.unix_seconds() >= now.unix_seconds(),
        "an expired policy verifies: {expiration}"
    );
    let value_of = |name: &str| -> Option<String> {
        if name.eq_ignore_ascii_case("bucket") {
            return Some(form.bucket.to_string());
        }
        let v = field(form, name)?;
        Some(match name.eq_ignore_ascii_case("key") {
            true => v.replace("${filename}", form.file_name),
            false => v.to_string(),
        })
    };
    for condition in document["conditions"].as_array().expect("conditions") {
        if let Some(object) = condition.as_object() {
            for (name, want) in object {
                let want = want.as_str().expect("a string");
                assert_eq!(
                    value_of(name).as_deref(),
                    Some(want),
                    "condition {condition}"
                );
            }
            continue;
        }
        let c = condition.as_array().expect("an array condition");
        let op = c[0].as_str().expect("an operator").to_ascii_lowercase();
        if op == "content-length-range" {
            let (min, max) = (c[1].as_u64().expect("min"), c[2].as_u64().expect("max"));
            assert!(
                (min..=max).contains(&form.file_size),
                "condition {condition}"
            );
            continue;
        }
        let name = c[1]
            .as_str()
            .and_then(|n| n.strip_prefix('$'))
            .expect("$field");
        let want = c[2].as_str().expect("a string");
        let got = value_of(name);
        match op.as_str() {
            "eq" => assert_eq!(got.as_deref(), Some(want), "condition {condition}"),
            "starts-with" => assert!(
                got.as_deref().is_some_and(|g| g.starts_with(want)),
                "condition {condition}: {got:?}"
            ),
            _ => panic!("a condition S3 does not know verifies: {condition}"),
        }
    }
}

/// Signs the case's policy; checks the fields, the HTML, the JSON and the
/// document, that the form verifies, and that a tampered form verifies only
/// when it still meets the policy (and never with another policy or
/// signature). Returns 1 when a form verified.
pub fn check(case: &Case) -> u32 {
    let (name, region) = (case.bucket.render(), case.region.render());
    let token = case.token.as_ref().map(Text::render);
    let creds = credentials(token.as_deref());
    let secrets = [SECRET, creds.session_token().unwrap_or("")];
    let Ok(bucket) = bucket(&name, &region, &case.place, case.style) else {
        return 0;
    };
    let Some(policy) = policy(case, &secrets) else {
        return 0;
    };
    let time = AmzDate::from_unix_seconds(BASE_TIME + i64::from(case.seconds)).expect("a time");
    let post = match bucket.presign_post(&creds, &policy, time) {
        Ok(p) => p,
        Err(e) => {
            check::no_secret(&e.to_string(), &secrets, case);
            return 0;
        }
    };
    let (fields, starts_with) = (post.fields(), post.starts_with_fields());
    for (name, value) in fields.iter().chain(starts_with) {
        check::header_value(name, value);
    }
    url::Url::parse(post.url()).unwrap_or_else(|e| panic!("the form's URL ({e}): {}", post.url()));
    check::upload_html(&post.to_html(), post.url(), fields, starts_with);
    check::upload_json(&post.to_json(), post.url(), fields, starts_with);
    let document = policy.document(&bucket, &creds, time).expect("a document");
    let signed = post.field("policy").expect("a policy field");
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(signed)
            .ok(),
        Some(document.into_bytes()),
        "the policy field is the document"
    );
    assert!(check::is_signature(
        post.field("x-amz-signature").unwrap_or("")
    ));

    // The form as a browser sends it.
    let file_name = case.file_name.render();
    let range = case.conditions.iter().take(8).find_map(|c| match c {
        Cond::ContentLengthRange(a, b) => Some(u64::from(*a)..=u64::from(*b)),
        _ => None,
    });
    let file_size = range.map_or(u64::from(case.file_size), |r| *r.start());
    let sent: Vec<(String, String)> = fields.iter().chain(starts_with).cloned().collect();
    let borrowed = super::sign::borrow(&sent);
    let form = PostForm {
        bucket: &name,
        fields: &borrowed,
        file_name: &file_name,
        file_size,
    };
    let verifier = Policy::new(&region, "s3").expect("a bucket's region makes a policy");
    verifier
        .verify_post(&form, &creds, time)
        .unwrap_or_else(|r| panic!("a signed form is refused ({r}): {:?}", post.to_json()));
    meets_policy(signed, &form, time);

    for &(i, edit) in case.tampers.iter().take(4) {
        let i = usize::from(i) % sent.len();
        let Some(value) = edit.apply(&sent[i].1) else {
            continue;
        };
        let mut tampered = borrowed.clone();
        tampered[i].1 = &value;
        let form = PostForm {
            fields: &tampered,
            ..form
        };
        if verifier.verify_post(&form, &creds, time).is_ok() {
            let name = sent[i].0.as_str();
            assert!(
                !name.eq_ignore_ascii_case("policy")
                    && (!name.eq_ignore_ascii_case("x-amz-signature")
                        || value.eq_ignore_ascii_case(&sent[i].1)),
                "a form verifies with its {name} changed to {value:?}"
            );
            meets_policy(signed, &form, time);
        }
    }
    1
}
