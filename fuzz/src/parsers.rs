//! [`AmzDate::parse`], [`Endpoint::parse`] and [`Credentials`], each
//! checked against an independent reading: the `time` crate's parser, the
//! `url` crate's WHATWG parser, and a presigned URL that must verify.

use std::time::Duration;

use arbitrary::Arbitrary;
use presign::verify::{Policy, Received};
use presign::{AmzDate, Bucket, Credentials, Endpoint, Payload, UrlStyle};

use super::check;
use super::sign::BASE_TIME;
use super::text::Text;

/// Texts for each parser.
#[derive(Arbitrary, Debug, Clone)]
pub struct Case {
    /// For [`AmzDate::parse`]: a stamp with digits changed, or any text.
    pub date: DateText,
    /// For [`Endpoint::parse`]: `scheme://`, then text.
    pub endpoint: EndpointText,
    /// An access key id.
    pub access_key_id: Text,
    /// A secret access key.
    pub secret: Text,
    /// A session token.
    pub token: Option<Text>,
}

/// A date stamp to parse.
#[derive(Arbitrary, Debug, Clone)]
pub enum DateText {
    /// `YYYYMMDDTHHMMSSZ` from these numbers.
    Fields(u16, u8, u8, u8, u8, u8),
    /// Any text.
    Raw(Text),
}

/// An endpoint URL to parse.
#[derive(Arbitrary, Debug, Clone)]
pub enum EndpointText {
    /// `http://` and text.
    Http(Text),
    /// `https://` and text.
    Https(Text),
    /// Any text.
    Raw(Text),
}

/// Checks a stamp: [`AmzDate::parse`] takes it exactly when the `time`
/// crate reads it as `[year][month][day]T[hour][minute][second]Z`, at the
/// same instant, and gives it back unchanged.
pub fn date(s: &str) -> bool {
    static FORMAT: std::sync::OnceLock<Vec<time::format_description::BorrowedFormatItem<'static>>> =
        std::sync::OnceLock::new();
    let format = FORMAT.get_or_init(|| {
        time::format_description::parse_borrowed::<2>("[year][month][day]T[hour][minute][second]Z")
            .expect("a format")
    });
    let theirs = time::PrimitiveDateTime::parse(s, format)
        .ok()
        .filter(|_| s.len() == 16 && s.is_ascii());
    match (AmzDate::parse(s), theirs) {
        (Ok(d), Some(t)) => {
            assert_eq!(d.unix_seconds(), t.assume_utc().unix_timestamp(), "{s}");
            assert_eq!(d.timestamp(), s);
            assert_eq!(AmzDate::from_unix_seconds(d.unix_seconds()).ok(), Some(d));
            true
        }
        (Err(_), None) => false,
        (ours, theirs) => panic!("{s:?}: AmzDate::parse says {ours:?}, time says {theirs:?}"),
    }
}

/// Checks an endpoint: when [`Endpoint::parse`] takes it, the `url` crate
/// reads the same scheme, host, port and path prefix, and a bucket on it
/// has a URL that parses.
pub fn endpoint(s: &str) -> bool {
    let Ok(e) = Endpoint::parse(s) else {
        return false;
    };
    let u = url::Url::parse(s).unwrap_or_else(|err| panic!("{s:?} is taken, url says {err}"));
    assert_eq!(u.scheme(), e.scheme(), "{s:?}");
    let host = match u.port() {
        Some(p) => format!("{}:{p}", u.host_str().unwrap_or("")),
        None => u.host_str().unwrap_or("").to_string(),
    };
    assert_eq!(host, e.host(), "{s:?}");
    assert_eq!(u.path().trim_end_matches('/'), e.prefix(), "{s:?}");
    assert!(u.username().is_empty() && u.password().is_none() && u.query().is_none());
    let bucket = Bucket::new(e, "examplebucket", "us-east-1", UrlStyle::Path).expect("a bucket");
    url::Url::parse(&bucket.url()).expect("a bucket's URL parses");
    true
}

/// Checks credentials: their `Debug` hides the secret and the token, and a
/// URL presigned with them verifies.
pub fn credentials(id: &str, secret: &str, token: Option<&str>) -> bool {
    let Ok(mut creds) = Credentials::new(id, secret) else {
        return false;
    };
    assert_eq!(creds.access_key_id(), id);
    if let Some(t) = token {
        let Ok(with) = creds.clone().with_session_token(t) else {
            return false;
        };
        creds = with;
    }
    // What `Debug` shows of any credentials with this id: a secret that is
    // part of it (of the id, a field's name) cannot be told apart.
    let mut baseline = Credentials::new(id, "S").expect("the same id");
    if token.is_some() {
        baseline = baseline.with_session_token("T").expect("a token");
    }
    let (shown, baseline) = (format!("{creds:?}"), format!("{baseline:?}"));
    for hidden in [Some(secret), token].into_iter().flatten() {
        if hidden.len() >= 8 && !baseline.contains(hidden) {
            assert!(!shown.contains(hidden), "Debug shows a secret: {shown}");
        }
    }
    let time = AmzDate::from_unix_seconds(BASE_TIME).expect("a time");
    let bucket = Bucket::aws("examplebucket", "us-east-1").expect("a bucket");
    let url = bucket
        .get_object("a b/c")
        .presign(&creds, time, Duration::from_secs(60))
        .expect("any credentials presign");
    check::presigned_url(&url, bucket.host());
    let target = &url[url.find(".com").expect("the host") + 4..];
    let received = Received {
        method: "GET",
        target,
        headers: &[("host", bucket.host())],
        payload: Payload::Unsigned,
    };
    let policy = Policy::new("us-east-1", "s3").expect("a policy");
    policy
        .verify(&received, &creds, time)
        .unwrap_or_else(|r| panic!("a URL presigned with {creds:?} is refused: {r}"));
    true
}

/// Runs the three checks on the case; returns how many texts parsed.
pub fn check(case: &Case) -> u32 {
    let stamp = match &case.date {
        DateText::Fields(y, mo, d, h, mi, s) => {
            format!(
                "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
                y % 10_000,
                mo % 100,
                d % 100,
                h % 100,
                mi % 100,
                s % 100
            )
        }
        DateText::Raw(t) => t.render(),
    };
    let dated = date(&stamp);
    let url = match &case.endpoint {
        EndpointText::Http(t) => format!("http://{}", t.render()),
        EndpointText::Https(t) => format!("https://{}", t.render()),
        EndpointText::Raw(t) => t.render(),
    };
    let parsed = endpoint(&url);
    let token = case.token.as_ref().map(Text::render);
    let made = credentials(
        &case.access_key_id.render(),
        &case.secret.render(),
        token.as_deref(),
    );
    u32::from(dated) + u32::from(parsed) + u32::from(made)
}
