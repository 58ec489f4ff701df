//! `Endpoint::parse` and `Endpoint::aws`: what they accept, what they make of
//! it, and what their errors show.

use presign::{Endpoint, Error};

/// The example secret key of the AWS documentation: like most real secret
/// keys, it has `/`.
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn refused(url: &str) -> Error {
    match Endpoint::parse(url) {
        Err(e @ Error::InvalidEndpoint(_)) => e,
        other => panic!("{url:?} gave {other:?}"),
    }
}

/// The pieces of a secret that an error must not show: the whole, each part
/// between the characters a URL parser splits on, and their ends.
fn secret_pieces(secret: &str) -> Vec<String> {
    let mut pieces = vec![secret.to_string()];
    for part in secret.split(['/', '?', '#', '@', '\\', ':']) {
        if part.len() >= 4 {
            pieces.push(part.to_string());
            pieces.push(part[part.len() - 4..].to_string());
            pieces.push(part[..4].to_string());
        }
    }
    pieces
}

#[test]
fn userinfo_is_refused_and_no_part_of_the_password_is_shown() {
    for (url, password, shown) in [
        (
            format!("https://AKIDEXAMPLE:{SECRET}@s3.example.com"),
            SECRET,
            "https://<redacted>@s3.example.com",
        ),
        (
            format!("https://AKIDEXAMPLE:{SECRET}@minio.local:9000/prefix"),
            SECRET,
            "https://<redacted>@minio.local:9000/prefix",
        ),
        // Passwords with the characters that end an authority, and an `@`.
        (
            "http://user:pa?ss#wo\\rd@host".to_string(),
            "pa?ss#wo\\rd",
            "http://<redacted>@host",
        ),
        (
            "http://user:p@ssw@rd@host/".to_string(),
            "p@ssw@rd",
            "http://<redacted>@host/",
        ),
        // No scheme, or text before the scheme: all of it may be userinfo.
        (format!("AKID:{SECRET}@host"), SECRET, "<redacted>@host"),
        (
            format!("AKID:{SECRET}@https://host"),
            SECRET,
            "<redacted>@https://host",
        ),
        // A user name alone is hidden too.
        (
            "https://AKIDEXAMPLE@host".to_string(),
            "AKIDEXAMPLE",
            "https://<redacted>@host",
        ),
    ] {
        let err = refused(&url);
        assert_eq!(err, Error::InvalidEndpoint(shown.to_string()));
        for text in [err.to_string(), format!("{err:?}")] {
            for piece in secret_pieces(password) {
                assert!(!text.contains(&piece), "{piece:?} in {text}");
            }
        }
    }
}

#[test]
fn an_at_sign_after_the_authority_is_not_userinfo() {
    // `@` is not allowed in a prefix either, so these are refused, but
    // there is nothing to hide: the error shows the URL as it is.
    for url in [
        "https://host/a@b",
        "https://host/a/b@c/d",
        "https://host?a@b",
        "https://host#a@b",
    ] {
        assert_eq!(refused(url), Error::InvalidEndpoint(url.to_string()));
    }
    // A user name in the authority is hidden, whatever follows.
    assert_eq!(
        refused("https://AKID@host/a@b"),
        Error::InvalidEndpoint("https://<redacted>@host/a@b".to_string())
    );
}
