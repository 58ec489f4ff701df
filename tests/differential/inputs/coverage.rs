//! The check that every input class the differential claims to cover is
//! generated, and often.

use presign::{SessionToken, UrlStyle};

use super::action::ActionKind;
use super::body::Body;
use super::endpoint::{endpoint_row, ALIAS_BUCKETS, ENDPOINTS, LEGACY_BUCKETS, NON_AWS_BUCKETS};
use super::s3_case::{gen_presign_case, PresignCase};
use super::sign_case::{gen_sign_case, Flavor, SignCase, METHODS, PRESIGNING_PARAMS};
use crate::rng::Rng;
use crate::{PRESIGN_CASES, SIGN_CASES};

/// Every input class the differential claims to cover is generated, and
/// often: a change to a generator cannot silently drop one.
#[test]
fn the_generators_cover_every_input_class() {
    fn count<T>(cases: &[T], label: &str, min: usize, pred: impl Fn(&T) -> bool) {
        let n = cases.iter().filter(|c| pred(c)).count();
        assert!(n >= min, "only {n} cases of {label:?} (want {min})");
    }
    let key_has = |s: &'static str| move |c: &PresignCase| c.key.contains(s);
    let mut rng = Rng::new(1);
    let presign: Vec<PresignCase> = (0..PRESIGN_CASES)
        .map(|i| gen_presign_case(&mut rng, i))
        .collect();
    for method in ["GET", "PUT", "HEAD", "DELETE", "POST"] {
        count(&presign, method, 100, |c| c.action.method() == method);
    }
    count(&presign, "list", 100, |c| {
        matches!(c.action, ActionKind::ListObjectsV2)
    });
    // Links that add nothing to the request take the signer's shorter path.
    count(&presign, "plain link", 150, |c| {
        let plain_action = matches!(
            c.action,
            ActionKind::Get | ActionKind::Put | ActionKind::Head | ActionKind::Delete
        );
        plain_action && c.query.is_empty() && c.headers.is_empty() && c.creds.token.is_none()
    });
    count(&presign, "virtual host", 1000, |c| {
        c.style == UrlStyle::VirtualHost
    });
    count(&presign, "path style", 1000, |c| c.style == UrlStyle::Path);
    count(&presign, "custom domain", 300, |c| {
        c.style == UrlStyle::CustomDomain
    });
    // Bucket names: aliases, legacy names through `Bucket::aws`, and the
    // names only other servers take, which fall back to path style when
    // virtual-hosted style is asked for.
    count(&presign, "Bucket::aws", 200, |c| c.aws_ctor);
    count(&presign, "access point alias", 50, |c| {
        c.bucket.ends_with("-s3alias")
    });
    count(&presign, "Object Lambda alias", 50, |c| {
        c.bucket.ends_with("--ol-s3")
    });
    count(&presign, "alias through Bucket::aws", 20, |c| {
        c.aws_ctor && ALIAS_BUCKETS.contains(&c.bucket)
    });
    count(&presign, "legacy name", 30, |c| {
        LEGACY_BUCKETS.contains(&c.bucket)
    });
    count(&presign, "name only other servers take", 150, |c| {
        NON_AWS_BUCKETS.contains(&c.bucket)
    });
    count(&presign, "virtual host asked, path given", 40, |c| {
        c.asked == UrlStyle::VirtualHost && c.style == UrlStyle::Path
    });
    for c in &presign {
        let aws = endpoint_row(c.endpoint).aws;
        assert!(
            !(aws && NON_AWS_BUCKETS.contains(&c.bucket)),
            "case {}: {:?} on AWS's {}",
            c.index,
            c.bucket,
            c.endpoint
        );
        assert!(
            aws || !ALIAS_BUCKETS.contains(&c.bucket),
            "case {}: alias {:?} off AWS, on {}",
            c.index,
            c.bucket,
            c.endpoint
        );
        assert!(
            !LEGACY_BUCKETS.contains(&c.bucket) || (c.aws_ctor && c.region == "us-east-1"),
            "case {}: legacy {:?} not through Bucket::aws in us-east-1",
            c.index,
            c.bucket
        );
    }
    for endpoint in ENDPOINTS {
        count(&presign, endpoint.given, 100, |c| {
            c.endpoint == endpoint.given
        });
    }
    for piece in [
        "//",
        "./",
        "../",
        " ",
        "+",
        "%",
        "?",
        "#",
        "=",
        "&",
        ";",
        ":",
        "@",
        "$",
        ",",
        "~",
        "*",
        "'",
        "(",
        ")",
        "!",
        "😀",
        "日本語",
        "\u{301}",
        "%20",
        "%2F",
        "\t",
        "\r",
        "\n",
        "\u{1}",
        "\u{7f}",
        "\u{85}",
    ] {
        count(&presign, piece, 50, key_has(piece));
    }
    count(&presign, "leading /", 50, |c| c.key.starts_with('/'));
    count(&presign, "dot segment", 50, |c| {
        c.key.split('/').any(|s| s == "." || s == "..")
    });
    count(&presign, "long key", 100, |c| c.key.len() >= 600);
    count(&presign, "key over 900 bytes", 30, |c| c.key.len() > 900);
    count(&presign, "1024-byte key", 5, |c| c.key.len() == 1024);
    let query = |c: &PresignCase| c.query.clone();
    count(&presign, "repeated query name", 50, |c| {
        let q = query(c);
        q.iter()
            .enumerate()
            .any(|(i, a)| q[i + 1..].iter().any(|b| a.0 == b.0))
    });
    // Past the signer's 24 inline slots, onto the heap.
    count(&presign, "over 24 headers", 10, |c| c.headers.len() > 24);
    count(&presign, "over 24 query parameters with X-Amz-*", 50, |c| {
        c.query.len() + 6 > 24
    });
    count(&presign, "empty query value", 200, |c| {
        c.query.iter().any(|(_, v)| v.is_empty())
    });
    count(&presign, "reserved characters in query names", 200, |c| {
        c.query
            .iter()
            .any(|(k, _)| k.bytes().any(|b| b"=&+%/?# ".contains(&b)))
    });
    count(&presign, "session token with +/=", 500, |c| {
        c.creds
            .token
            .as_ref()
            .is_some_and(|t| t.contains('+') && t.contains('/'))
    });
    count(&presign, "no session token", 1000, |c| {
        c.creds.token.is_none()
    });
    count(&presign, "repeated header name", 50, |c| {
        c.headers.iter().enumerate().any(|(i, a)| {
            c.headers[i + 1..]
                .iter()
                .any(|b| a.0.eq_ignore_ascii_case(&b.0))
        })
    });
    for name in [
        "content-type",
        "content-md5",
        "x-amz-acl",
        "x-amz-meta-",
        "host",
    ] {
        count(&presign, name, 50, |c| {
            c.headers
                .iter()
                .any(|(k, _)| k.to_ascii_lowercase().starts_with(name))
        });
    }
    count(&presign, "padded header value", 200, |c| {
        c.headers
            .iter()
            .any(|(_, v)| v.starts_with(' ') || v.ends_with(' '))
    });
    count(&presign, "inner run of spaces", 200, |c| {
        c.headers.iter().any(|(_, v)| v.trim().contains("  "))
    });
    count(&presign, "tab", 100, |c| {
        c.headers.iter().any(|(_, v)| v.contains('\t'))
    });
    let value_has = |pred: fn(&str) -> bool| {
        move |headers: &[(String, String)]| headers.iter().any(|(_, v)| pred(v))
    };
    let non_ascii = value_has(|v| !v.is_ascii());
    let four_byte = value_has(|v| v.chars().any(|c| c.len_utf8() == 4));
    count(&presign, "non-ASCII header value", 200, |c| {
        non_ascii(&c.headers)
    });
    count(&presign, "4-byte UTF-8 in a header value", 50, |c| {
        four_byte(&c.headers)
    });
    count(&presign, "expiry 1 s", 10, |c| c.expires == 1);
    count(&presign, "expiry 7 days", 10, |c| c.expires == 604_800);
    count(&presign, "before 1970", 300, |c| c.unix < 0);
    count(&presign, "after 2100", 300, |c| c.unix > 4_102_444_800);
    count(&presign, "year 0000", 5, |c| c.unix < -62_135_596_800);
    count(&presign, "year 9999", 5, |c| c.unix >= 253_370_764_800);

    let mut rng = Rng::new(2);
    let sign: Vec<SignCase> = (0..SIGN_CASES)
        .map(|i| gen_sign_case(&mut rng, i, true))
        .collect();
    for flavor in [
        Flavor::S3,
        Flavor::S3WithoutContentHeader,
        Flavor::Normalized,
        Flavor::Unnormalized,
    ] {
        count(&sign, &format!("{flavor:?}"), 200, |c| c.flavor == flavor);
    }
    for method in METHODS {
        count(&sign, method, 100, |c| c.method == *method);
    }
    count(&sign, "X-Amz-* query parameter", 30, |c| {
        c.query
            .iter()
            .any(|(k, _)| PRESIGNING_PARAMS.contains(&k.as_str()))
    });
    count(
        &sign,
        "random body",
        500,
        |c| matches!(&c.body, Body::Bytes(b) if !b.is_empty()),
    );
    count(&sign, "precomputed hash", 100, |c| {
        matches!(c.body, Body::Hash(_))
    });
    count(&sign, "unsigned token", 100, |c| {
        c.token_rule == SessionToken::AddedAfterSigning && c.creds.token.is_some()
    });
    count(&sign, "dot segments in a normalised path", 100, |c| {
        c.flavor == Flavor::Normalized && c.path.split('/').any(|s| s == "." || s == "..")
    });
    count(&sign, "empty segments in a normalised path", 50, |c| {
        c.flavor == Flavor::Normalized && c.path.contains("//")
    });
    count(&sign, "S3 path sent unencoded in places", 200, |c| {
        c.flavor.is_s3() && c.path != c.aws_path
    });
    // Raw CR or LF in a wire path would end the request line: always sent
    // encoded (see `wire_form`), and signed as encoded.
    count(&sign, "control character in an S3 path", 30, |c| {
        c.flavor.is_s3()
            && ["%09", "%0D", "%0A", "%01", "%7F", "%C2%85"]
                .iter()
                .any(|e| c.aws_path.contains(e))
    });
    // Headers the signer adds itself, given by the caller: not repeated in
    // `SignedRequest::headers`.
    for (name, min) in [
        ("host", 40),
        ("x-amz-date", 40),
        ("x-amz-content-sha256", 40),
        // Only in cases with a session token.
        ("x-amz-security-token", 12),
    ] {
        count(&sign, &format!("caller {name}"), min, |c| {
            c.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name))
        });
    }
    count(&sign, "non-ASCII header value", 100, |c| {
        non_ascii(&c.headers)
    });
    count(&sign, "4-byte UTF-8 in a header value", 30, |c| {
        four_byte(&c.headers)
    });
    count(&sign, "lower-case escapes", 100, |c| {
        c.path.contains("%2f") || c.path.contains("%c") || c.path.contains("%e")
    });
}
