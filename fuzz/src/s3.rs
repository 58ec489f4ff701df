//! Presigning through [`Bucket`] and [`presign::Action`]: every URL is
//! checked, agrees with the signer's `explain_presign` of what it means,
//! verifies, and is tampered with.

use std::time::Duration;

use arbitrary::Arbitrary;
use presign::verify::{Policy, Received};
use presign::{AmzDate, Bucket, Endpoint, Payload, UrlStyle};

use super::check;
use super::sign::{
    borrow, credentials, pairs, presigned_meaning, with_host, Region, ACCESS_KEY_ID, BASE_TIME,
    SECRET,
};
use super::text::{Edit, Name, Text};

/// A bucket's name.
#[derive(Arbitrary, Debug, Clone)]
pub enum BucketName {
    /// `examplebucket`.
    Example,
    /// A name with dots (path style on AWS).
    Dotted,
    /// A legacy name, with upper case and `_`.
    Legacy,
    /// Any text.
    Other(Text),
}

impl BucketName {
    /// The name.
    pub fn render(&self) -> String {
        match self {
            BucketName::Example => "examplebucket".into(),
            BucketName::Dotted => "my.bucket.example".into(),
            BucketName::Legacy => "Legacy_Bucket".into(),
            BucketName::Other(t) => t.render(),
        }
    }
}

/// Where the bucket is.
#[derive(Arbitrary, Debug, Clone)]
pub enum Place {
    /// [`Bucket::aws`].
    Aws,
    /// A local server, by IP address.
    Local,
    /// A gateway with a path prefix.
    Prefixed,
    /// [`Endpoint::parse`] of any text.
    Url(Text),
}

/// A URL style, for [`Bucket::new`].
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Style {
    /// [`UrlStyle::VirtualHost`].
    VirtualHost,
    /// [`UrlStyle::Path`].
    Path,
    /// [`UrlStyle::CustomDomain`].
    CustomDomain,
}

/// The object action.
#[derive(Arbitrary, Debug, Clone)]
pub enum ActionCase {
    /// `get_object`.
    Get,
    /// `put_object`.
    Put,
    /// `head_object`.
    Head,
    /// `delete_object`.
    Delete,
    /// `create_multipart_upload`.
    CreateMultipartUpload,
    /// `upload_part`.
    UploadPart(u16, Text),
    /// `complete_multipart_upload`.
    CompleteMultipartUpload(Text),
    /// `abort_multipart_upload`.
    AbortMultipartUpload(Text),
    /// `list_parts`.
    ListParts(Text),
    /// `list_objects_v2`.
    ListObjectsV2,
}

/// A bucket, an action on it, and how to tamper with the URL.
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
    /// The action.
    pub action: ActionCase,
    /// The object key: `k` and this text, or (`raw_key`) the text alone.
    pub key: Text,
    /// Leave out the `k`.
    pub raw_key: bool,
    /// Query parameters added (the first 8).
    pub query: Vec<(Name, Text)>,
    /// Headers added (the first 8).
    pub headers: Vec<(Name, Text)>,
    /// A session token.
    pub token: Option<Text>,
    /// Seconds after [`BASE_TIME`].
    pub seconds: u32,
    /// The lifetime: 1 s and this modulo 700 000 (above 7 days is
    /// refused).
    pub expires: u32,
    /// Edits of the URL's target, each tried on its own (the first 4).
    pub tampers: Vec<Edit>,
}

/// Makes the case's bucket.
pub fn bucket(name: &str, region: &str, place: &Place, style: Style) -> Result<Bucket, String> {
    let endpoint = match place {
        Place::Aws => return Bucket::aws(name, region).map_err(|e| e.to_string()),
        Place::Local => Endpoint::parse("http://127.0.0.1:9000"),
        Place::Prefixed => Endpoint::parse("https://gateway.example.com/storage/v1"),
        Place::Url(t) => Endpoint::parse(&t.render()),
    }
    .map_err(|e| e.to_string())?;
    let style = match style {
        Style::VirtualHost => UrlStyle::VirtualHost,
        Style::Path => UrlStyle::Path,
        Style::CustomDomain => UrlStyle::CustomDomain,
    };
    Bucket::new(endpoint, name, region, style).map_err(|e| e.to_string())
}

/// Presigns the case's action; checks the URL, that it means what
/// `explain_presign` signs, that it verifies, and that each tampering is
/// refused or leaves its meaning as it was. Returns 1 when a URL verified.
pub fn check(case: &Case) -> u32 {
    let (name, region) = (case.bucket.render(), case.region.render());
    let token = case.token.as_ref().map(Text::render);
    let creds = credentials(token.as_deref());
    let secrets = [SECRET, creds.session_token().unwrap_or("")];
    let bucket = match bucket(&name, &region, &case.place, case.style) {
        Ok(b) => b,
        Err(e) => {
            check::no_secret(&e, &secrets, case);
            return 0;
        }
    };
    let origin = bucket.url();
    url::Url::parse(&origin)
        .unwrap_or_else(|e| panic!("a bucket's URL does not parse ({e}): {origin}"));
    let key = match case.raw_key {
        true => case.key.render(),
        false => format!("k{}", case.key.render()),
    };
    let upload_id = match &case.action {
        ActionCase::UploadPart(_, id)
        | ActionCase::CompleteMultipartUpload(id)
        | ActionCase::AbortMultipartUpload(id)
        | ActionCase::ListParts(id) => id.render(),
        _ => String::new(),
    };
    let mut action = match &case.action {
        ActionCase::Get => bucket.get_object(&key),
        ActionCase::Put => bucket.put_object(&key),
        ActionCase::Head => bucket.head_object(&key),
        ActionCase::Delete => bucket.delete_object(&key),
        ActionCase::CreateMultipartUpload => bucket.create_multipart_upload(&key),
        ActionCase::UploadPart(n, _) => bucket.upload_part(&key, *n, &upload_id),
        ActionCase::CompleteMultipartUpload(_) => {
            bucket.complete_multipart_upload(&key, &upload_id)
        }
        ActionCase::AbortMultipartUpload(_) => bucket.abort_multipart_upload(&key, &upload_id),
        ActionCase::ListParts(_) => bucket.list_parts(&key, &upload_id),
        ActionCase::ListObjectsV2 => bucket.list_objects_v2(),
    };
    let (query, headers) = (pairs(&case.query), pairs(&case.headers));
    for (n, v) in &query {
        action = action.with_query(n.as_str(), v.as_str());
    }
    for (n, v) in &headers {
        action = action.with_header(n.as_str(), v.as_str());
    }
    let time = AmzDate::from_unix_seconds(BASE_TIME + i64::from(case.seconds)).expect("a time");
    let expires = Duration::from_secs(1 + u64::from(case.expires % 700_000));
    let url = match action.presign(&creds, time, expires) {
        Ok(url) => url,
        Err(e) => {
            check::no_secret(&e.to_string(), &secrets, case);
            return 0;
        }
    };
    let host = bucket.host();
    let signature = check::presigned_url(&url, host);
    let target = &url[url.find("://").expect("a scheme") + 3 + host.len()..];

    // What the URL means, as the signer signs it.
    let sent = with_host(&borrow(&headers), host);
    let signer = bucket.signer();
    let meaning = presigned_meaning(
        signer,
        &creds,
        action.method(),
        host,
        target,
        &sent,
        Payload::Unsigned,
    )
    .unwrap_or_else(|e| panic!("a presigned URL means nothing the signer signs ({e}): {url}"));
    assert_eq!(
        meaning.signature, signature,
        "the URL's signature is not explain_presign's of what it means: {url}"
    );
    let meaning = meaning.canonical_request;
    let policy = Policy::new(&region, "s3").expect("a bucket's region makes a policy");
    let received = Received {
        method: action.method(),
        target,
        headers: &sent,
        payload: Payload::Unsigned,
    };
    let verified = policy
        .verify(&received, &creds, time)
        .unwrap_or_else(|r| panic!("a presigned URL is refused ({r}): {url}"));
    assert_eq!(verified.access_key_id, ACCESS_KEY_ID);
    for edit in &case.tampers[..case.tampers.len().min(4)] {
        let Some(tampered) = edit.apply(target) else {
            continue;
        };
        let received = Received {
            target: &tampered,
            ..received
        };
        if policy.verify(&received, &creds, time).is_ok() {
            let again = presigned_meaning(
                signer,
                &creds,
                action.method(),
                host,
                &tampered,
                &sent,
                Payload::Unsigned,
            )
            .map(|s| s.canonical_request);
            assert_eq!(
                again.as_ref(),
                Ok(&meaning),
                "a tampered URL verifies with another meaning: {url} became {tampered}"
            );
        }
    }
    1
}
