//! The verifier's rejections and round trips: `presign::verify` against AWS's
//! published examples, requests our signer makes, and those requests broken
//! one part at a time.
//!
//! Expected values come from the AWS documentation's examples (quoted below
//! with their pages), from the SigV4 specification, or from S3's documented
//! error codes; never from the verifier's own output.
//!
//! Every rejection goes through [`rejected!`], which checks its variant, its
//! S3 code and status, that its XML body is well formed with the right
//! `<Code>`, and that no `Display`, `Debug` or XML output holds a secret
//! access key or a session token of this file.

use presign::verify::Rejection;
use presign::{AmzDate, Credentials};

/// Asserts that `$result` is an `Err` matching `$pattern`, with S3's `$code`
/// and `$status`; checks its outputs (see [`check_outputs`]) and returns it.
macro_rules! rejected {
    ($result:expr, $pattern:pat, $code:expr, $status:expr $(,)?) => {{
        let rejection: presign::verify::Rejection = match $result {
            Ok(verified) => panic!("accepted, expected {}: {verified:?}", stringify!($pattern)),
            Err(rejection) => rejection,
        };
        assert!(
            matches!(rejection, $pattern),
            "got {rejection:?}, expected {}",
            stringify!($pattern)
        );
        assert_eq!(
            (rejection.code(), rejection.status()),
            ($code, $status),
            "code and status of {rejection:?}"
        );
        $crate::check_outputs(&rejection);
        rejection
    }};
}

mod header;
mod hygiene;
mod post;
mod presigned;

/// The access key id of the AWS S3 documentation's examples.
pub const AKID: &str = "AKIAIOSFODNN7EXAMPLE";
/// Its secret access key.
pub const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// The access key id of the AWS SigV4 walk-through (IAM `ListUsers`).
pub const IAM_AKID: &str = "AKIDEXAMPLE";
/// Its secret access key.
pub const IAM_SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// A secret that signs nothing the verifier is given.
pub const WRONG_SECRET: &str = "wrongSECRETwrongSECRETwrongSECRETwrongSEC";
/// A second key pair, for key stores of several keys.
pub const AKID_2: &str = "AKIAI44QH8DHBEXAMPLE";
/// Its secret access key.
pub const SECRET_2: &str = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
/// A session token, with the characters a query must encode (`/`, `+`, `=`).
pub const TOKEN: &str = "FwoGZXIvYXdzEJr//////////wEaDEXAMPLE+SessionToken/Value==";
/// Another session token.
pub const OTHER_TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLEOtherSessionTokenValue";

/// Every secret of this file: no rejection may print one.
pub const SECRETS: &[&str] = &[
    SECRET,
    IAM_SECRET,
    WRONG_SECRET,
    SECRET_2,
    TOKEN,
    OTHER_TOKEN,
];

/// The S3 examples' credentials.
pub fn creds() -> Credentials {
    Credentials::new(AKID, SECRET).unwrap()
}

/// The S3 examples' credentials with [`TOKEN`].
pub fn creds_with_token() -> Credentials {
    creds().with_session_token(TOKEN).unwrap()
}

/// A time such as `20130524T000000Z`.
pub fn at(stamp: &str) -> AmzDate {
    AmzDate::parse(stamp).unwrap()
}

/// The signing time of the S3 documentation's examples.
pub fn t0() -> AmzDate {
    at("20130524T000000Z")
}

/// The target of a URL: all after `scheme://host`.
pub fn target_of(url: &str) -> &str {
    let rest = url.split_once("://").expect("a URL").1;
    &rest[rest.find('/').expect("a path")..]
}

/// The raw value of query parameter `name` in `target`.
pub fn param<'a>(target: &'a str, name: &str) -> &'a str {
    let query = target.split_once('?').expect("a query").1;
    query
        .split('&')
        .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("{name} not in {target}"))
}

/// `target` with the raw value of parameter `name` replaced by `value`
/// (given encoded, as it goes on the wire).
pub fn set_param(target: &str, name: &str, value: &str) -> String {
    let (path, query) = target.split_once('?').expect("a query");
    let mut found = false;
    let pieces: Vec<String> = query
        .split('&')
        .map(|p| match p.split_once('=') {
            Some((n, _)) if n == name => {
                found = true;
                format!("{n}={value}")
            }
            _ => p.to_string(),
        })
        .collect();
    assert!(found, "{name} not in {target}");
    format!("{path}?{}", pieces.join("&"))
}

/// `target` without parameter `name`.
pub fn remove_param(target: &str, name: &str) -> String {
    let (path, query) = target.split_once('?').expect("a query");
    let pieces: Vec<&str> = query
        .split('&')
        .filter(|p| p.split_once('=').map_or(*p, |(n, _)| n) != name)
        .collect();
    assert_ne!(
        pieces.len(),
        query.split('&').count(),
        "{name} not in {target}"
    );
    format!("{path}?{}", pieces.join("&"))
}

/// `hex` with the digit at `index` replaced by another hex digit.
pub fn flip_digit(hex: &str, index: usize) -> String {
    let mut bytes = hex.as_bytes().to_vec();
    bytes[index] = if bytes[index] == b'0' { b'1' } else { b'0' };
    String::from_utf8(bytes).unwrap()
}

/// Checks what a rejection shows: its XML body is well formed with one
/// `<Code>` that is [`Rejection::code`] and a message that is its `Display`,
/// and none of `Display`, `Debug` and the XML holds a secret of this file.
pub fn check_outputs(rejection: &Rejection) {
    let resource = "/examplebucket/a<b>&c";
    let xml = rejection.to_xml(resource, "REQ-42");
    check_xml(rejection, &xml, resource);
    let shown = [rejection.to_string(), format!("{rejection:?}"), xml];
    for text in &shown {
        for secret in SECRETS {
            assert!(
                !text.contains(secret),
                "{rejection:?} shows the secret {secret:?}: {text}"
            );
        }
    }
}

/// A tiny XML check: the declaration, then one `<Error>` element whose
/// children are `Code`, `Message`, `Resource` and `RequestId` holding text
/// only; tags balance, and text has no `<` and only the five predefined
/// entities.
fn check_xml(rejection: &Rejection, xml: &str, resource: &str) {
    let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    let body = xml
        .strip_prefix(declaration)
        .unwrap_or_else(|| panic!("no XML declaration: {xml}"))
        .trim_start();
    let mut stack: Vec<&str> = Vec::new();
    let mut children: Vec<(&str, String)> = Vec::new();
    let mut rest = body;
    let mut roots = 0;
    while !rest.is_empty() {
        if let Some(tag_start) = rest.strip_prefix('<') {
            let end = tag_start.find('>').expect("an unclosed tag");
            let tag = &tag_start[..end];
            rest = &tag_start[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "unbalanced </{name}> in {xml}");
            } else {
                assert!(
                    !tag.is_empty() && tag.bytes().all(|b| b.is_ascii_alphabetic()),
                    "odd tag <{tag}> in {xml}"
                );
                if stack.is_empty() {
                    roots += 1;
                }
                stack.push(tag);
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..end];
            rest = &rest[end..];
            assert!(stack.len() == 2, "text {text:?} outside a child in {xml}");
            children.push((stack[1], unescape(text, xml)));
        }
    }
    assert!(stack.is_empty(), "unclosed elements {stack:?} in {xml}");
    assert_eq!(roots, 1, "one root element: {xml}");
    assert!(body.starts_with("<Error>"), "the root is Error: {xml}");
    assert_eq!(xml.matches("<Code>").count(), 1, "one <Code>: {xml}");
    let text = |name: &str| -> String {
        let found: Vec<&String> = children
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, t)| t)
            .collect();
        assert_eq!(found.len(), 1, "one <{name}> with text: {xml}");
        found[0].clone()
    };
    assert_eq!(text("Code"), rejection.code(), "{xml}");
    assert_eq!(text("Message"), rejection.to_string(), "{xml}");
    assert_eq!(text("Resource"), resource, "{xml}");
    assert_eq!(text("RequestId"), "REQ-42", "{xml}");
}

/// XML text with its entities replaced; any other `&` fails.
fn unescape(text: &str, xml: &str) -> String {
    assert!(!text.contains('>'), "a raw > in the text of {xml}");
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let entity = &rest[i..];
        let (len, c) = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&apos;", '\''),
            ("&#39;", '\''),
        ]
        .into_iter()
        .find(|(e, _)| entity.starts_with(e))
        .map(|(e, c)| (e.len(), c))
        .unwrap_or_else(|| panic!("a bare & in {xml}"));
        out.push(c);
        rest = &entity[len..];
    }
    out.push_str(rest);
    out
}
