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

// ---------------------------------------------------------------------------
// Hosts, checked against an independent WHATWG URL parser (the `url` crate).

/// What the `url` crate makes of `http://{host}/`: its host, or `None` when
/// it refuses the URL.
fn whatwg_host(host: &str) -> Option<String> {
    let url = url::Url::parse(&format!("http://{host}/")).ok()?;
    url.host_str().map(str::to_string)
}

/// Hosts to try: all of them, accepted or not, must agree with the `url`
/// crate wherever this crate accepts them.
const HOSTS: &[&str] = &[
    // Names.
    "example.com",
    "Example.COM",
    "s3.us-east-1.amazonaws.com",
    "localhost",
    "minio_1",
    "a-b.c-d",
    "a--b.example",
    "ab--cd",
    "x",
    "0a",
    "1.2.example",
    "123abc",
    "a0x1",
    "0xg",
    // Refused by this crate or by both.
    "a]b",
    "a[b",
    "a<b",
    "a>b",
    "a|b",
    "a^b",
    "a b",
    "a\\b",
    "a%41b",
    "a%2eb",
    "a!b",
    "a~b",
    "a*b",
    "a'b",
    "a\"b",
    "a{b",
    "-a.example",
    "a-.example",
    "xn--",
    "xn--a",
    "xn--nxasmq6b.com",
    "XN--NXASMQ6B.com",
    "a..b",
    ".a",
    "a.",
    "example.com.",
    "ümlaut.de",
    "a\u{0}b",
    // IPv4, in full and in shorthand.
    "127.0.0.1",
    "0.0.0.0",
    "255.255.255.255",
    "127.1",
    "127.0.1",
    "0x7f.0.0.1",
    "0X7F.0.0.1",
    "0x7f000001",
    "2130706433",
    "0177.0.0.1",
    "017700000001",
    "127.0.0.1.",
    "0x",
    "0",
    "00",
    "0x.0x.0x.0x",
    "4294967295",
    "4294967296",
    "1.2.3.256",
    "256.0.0.1",
    "1.2.65536",
    "1.2.65535",
    "1.16777215",
    "1.16777216",
    "1.2.3.4.5",
    "1..2",
    "09.1",
    "08",
    "0x1g.0",
    "example.123",
    "example.0x1",
    "127.0.0.1..",
    "99999999999999999999999",
    // IPv6.
    "[::1]",
    "[0:0::1]",
    "[::]",
    "[0:0:0:0:0:0:0:0]",
    "[::FFFF:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[::127.0.0.1]",
    "[2001:db8:0:0:1:0:0:1]",
    "[2001:0db8:0000:0000:0000:0000:0000:0001]",
    "[2001:db8::1:0:0:1]",
    "[1:0:1:0:1:0:1:0]",
    "[1:2:3:4:5:6:7::]",
    "[::2:3:4:5:6:7:8]",
    "[1:2:3:4:5:6:1.2.3.4]",
    "[]",
    "[zz]",
    "[:]",
    "[::1",
    "[::1]x",
    "[1::2::3]",
    "[1:2:3:4:5:6:7:8:9]",
    "[1:2:3:4:5:6:7:1.2.3.4]",
    "[::ffff:1.2.3.256]",
    "[::ffff:01.2.3.4]",
    "[::ffff:1.2.3]",
    "[::1%25eth0]",
    "[12345::]",
    "[::1.2.3.4.5]",
];

#[test]
fn every_accepted_host_is_the_one_a_whatwg_parser_sends() {
    let mut accepted = 0;
    for host in HOSTS {
        let ours = Endpoint::parse(&format!("http://{host}/"));
        let theirs = whatwg_host(host);
        match ours {
            Ok(e) => {
                accepted += 1;
                assert_eq!(Some(e.host()), theirs.as_deref(), "{host:?}");
                // And the host we sign is a fixed point of the parser.
                assert_eq!(whatwg_host(e.host()).as_deref(), Some(e.host()));
            }
            Err(err) => {
                assert!(matches!(err, Error::InvalidEndpoint(_)), "{host:?}: {err}");
            }
        }
    }
    assert!(accepted > 40, "only {accepted} hosts accepted");
}

#[test]
fn hosts_no_url_parser_accepts_are_refused() {
    for host in [
        "a]b",
        "a<b",
        "a|b",
        "a^b",
        "a b",
        "[]",
        "[zz]",
        "[:]",
        "1.2.3.256",
        "256.0.0.1",
        "4294967296",
        "1.2.3.4.5",
        "1..2",
        "09.1",
        "example.123",
        "xn--",
        "xn--a",
        "[1::2::3]",
        "[::1%25eth0]",
        "[::ffff:01.2.3.4]",
    ] {
        assert_eq!(whatwg_host(host), None, "the url crate accepts {host:?}");
        refused(&format!("http://{host}/"));
        refused(&format!("http://{host}:9000/"));
    }
    // A WHATWG parser reads `\` as `/`: the host would be `a`, not `a\b`.
    assert_eq!(whatwg_host("a\\b").as_deref(), Some("a"));
    refused("http://a\\b/");
}

#[test]
fn hosts_a_url_parser_accepts_but_this_crate_does_not() {
    // Characters a WHATWG parser allows in a name but DNS and RFC 3986
    // do not; labels that DNS forbids; internationalised labels (checking
    // them needs the Unicode IDNA tables); empty labels and a trailing dot.
    for host in [
        "a!b",
        "a~b",
        "a*b",
        "a'b",
        "a{b",
        "-a.example",
        "a-.example",
        "xn--nxasmq6b.com",
        "a..b",
        ".a",
        "example.com.",
        "ümlaut.de",
        "a%41b",
    ] {
        assert!(
            whatwg_host(host).is_some(),
            "the url crate refuses {host:?}"
        );
        refused(&format!("https://{host}"));
    }
}

#[test]
fn ipv4_shorthand_becomes_the_dotted_quad_browsers_send() {
    for (host, quad) in [
        ("127.1", "127.0.0.1"),
        ("127.0.1", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("0X7F.0.0.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),
        ("0x", "0.0.0.0"),
        ("0", "0.0.0.0"),
        ("4294967295", "255.255.255.255"),
        ("1.2.65535", "1.2.255.255"),
        ("1.16777215", "1.255.255.255"),
        ("10.0.0.1", "10.0.0.1"),
    ] {
        assert_eq!(whatwg_host(host).as_deref(), Some(quad), "{host}");
        let e = Endpoint::parse(&format!("http://{host}:9000")).unwrap();
        assert_eq!(e.host(), format!("{quad}:9000"));
        assert!(e.is_ip(), "{host}");
        // An address takes no bucket in its name.
        assert!(matches!(
            presign::Bucket::new(e, "bucket", "us-east-1", presign::UrlStyle::VirtualHost),
            Err(Error::InvalidEndpoint(_))
        ));
    }
}

#[test]
fn ipv6_is_written_in_the_canonical_compressed_form() {
    for (host, canonical) in [
        ("[::1]", "[::1]"),
        ("[0:0::1]", "[::1]"),
        ("[0:0:0:0:0:0:0:1]", "[::1]"),
        ("[::]", "[::]"),
        // RFC 5952 section 4.2.3: the first of two equal runs is the one
        // compressed.
        ("[2001:db8:0:0:1:0:0:1]", "[2001:db8::1:0:0:1]"),
        // Section 4.1 and 4.3: no leading zeros, lower case.
        ("[2001:0DB8:0000:0000:0000:0000:0000:0001]", "[2001:db8::1]"),
        // Section 4.2.2: a lone zero group is not compressed.
        ("[2001:db8:0:1:1:1:1:1]", "[2001:db8:0:1:1:1:1:1]"),
        // WHATWG writes an embedded IPv4 address in hex.
        ("[::FFFF:127.0.0.1]", "[::ffff:7f00:1]"),
        ("[::127.0.0.1]", "[::7f00:1]"),
        ("[1:2:3:4:5:6:7::]", "[1:2:3:4:5:6:7:0]"),
    ] {
        assert_eq!(whatwg_host(host).as_deref(), Some(canonical), "{host}");
        let e = Endpoint::parse(&format!("http://{host}:9000/")).unwrap();
        assert_eq!(e.host(), format!("{canonical}:9000"));
        assert!(e.is_ip());
        let e = Endpoint::parse(&format!("https://{host}:443")).unwrap();
        assert_eq!(e.host(), canonical);
    }
}

#[test]
fn names_are_lower_cased_and_their_labels_checked() {
    let e = Endpoint::parse("HTTPS://MinIO_1.Example.COM:9000").unwrap();
    assert_eq!(e.host(), "minio_1.example.com:9000");
    assert!(!e.is_ip());

    let label = "a".repeat(63);
    Endpoint::parse(&format!("https://{label}.example")).unwrap();
    refused(&format!("https://{label}a.example"));
    // 253 bytes in all is the most; 254 is refused.
    let name = [label.as_str(); 4].join(".");
    let name = &name[..253];
    assert!(!name.ends_with('.'));
    assert_eq!(
        Endpoint::parse(&format!("https://{name}")).unwrap().host(),
        name
    );
    refused(&format!("https://{name}x"));
}

#[test]
fn aws_regions_must_make_valid_host_labels() {
    for region in [
        "us-east-1",
        "us-gov-west-1",
        "cn-north-1",
        "eu-isoe-west-1",
        "a--b",
        "1",
    ] {
        let e = Endpoint::aws(region).unwrap();
        assert_eq!(whatwg_host(e.host()).as_deref(), Some(e.host()), "{region}");
    }
    let long = "a".repeat(64);
    for region in [
        "",
        "-",
        "-us-east-1",
        "us-east-1-",
        "xn--",
        "xn--us-east-1",
        "US-EAST-1",
        "us_east_1",
        "us.east.1",
        long.as_str(),
    ] {
        assert!(
            matches!(Endpoint::aws(region), Err(Error::InvalidRegion(_))),
            "{region:?}"
        );
    }
    Endpoint::aws(&long[..63]).unwrap();
}

// ---------------------------------------------------------------------------
// Path prefixes.

#[test]
fn dot_segments_in_the_prefix_are_resolved_as_a_url_parser_does() {
    for (path, prefix) in [
        ("/a/./b/../c", "/a/c"),
        ("/a/b/../../c/.", "/c"),
        ("/./a", "/a"),
        ("/..", ""),
        ("/../a", "/a"),
        ("/a/..", ""),
        ("/a/../", ""),
        ("/.", ""),
        ("/a/.b/..c/...", "/a/.b/..c/..."),
        ("/storage/", "/storage"),
        ("/", ""),
        ("", ""),
    ] {
        let url = format!("https://example.com{path}");
        let e = Endpoint::parse(&url).unwrap();
        assert_eq!(e.prefix(), prefix, "{path}");
        // The url crate resolves the same, up to the trailing `/`.
        let resolved = url::Url::parse(&url).unwrap();
        assert_eq!(resolved.path().trim_end_matches('/'), prefix, "{path}");
    }
    for path in [
        "/a//b",
        "//a",
        "/a/%2e%2e/b",
        "/a?x",
        "/a#x",
        "/a b",
        "/a\\b",
    ] {
        refused(&format!("https://example.com{path}"));
    }
}

#[test]
fn bucket_urls_are_left_unchanged_by_a_url_parser() {
    use presign::{Bucket, UrlStyle};
    for (endpoint, style) in [
        ("http://127.1:9000/a/./b/..", UrlStyle::Path),
        ("http://[0:0::1]:9000/", UrlStyle::Path),
        ("HTTPS://Example.COM:443/x/../y/", UrlStyle::VirtualHost),
        ("https://example.com/x/../y/", UrlStyle::Path),
    ] {
        let e = Endpoint::parse(endpoint).unwrap();
        let bucket = Bucket::new(e, "bucket", "us-east-1", style).unwrap();
        let url = bucket.url();
        assert_eq!(url::Url::parse(&url).unwrap().as_str(), url, "{endpoint}");
    }
}
