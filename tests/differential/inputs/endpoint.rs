//! S3 endpoints, the URL styles each can serve, and bucket names: the names
//! every endpoint takes, AWS's access point and Object Lambda aliases and
//! legacy names, and the names only other servers take.

use presign::UrlStyle;

use crate::rng::Rng;

/// An S3 endpoint, and what the differential knows of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointRow {
    /// As given to `Endpoint::parse`.
    pub given: &'static str,
    pub scheme: &'static str,
    /// The authority as a client sends it.
    pub authority: &'static str,
    /// The host in our URLs (no default port).
    pub host: &'static str,
    /// The path prefix.
    pub prefix: &'static str,
    /// A DNS name: virtual-hosted style (and a custom domain) possible.
    pub dns: bool,
    /// AWS S3 itself: access point aliases here, and none of
    /// [`NON_AWS_BUCKETS`].
    pub aws: bool,
    /// The region whose `Endpoint::aws` this is: buckets here are also made
    /// with `Bucket::aws`.
    pub aws_region: Option<&'static str>,
    /// A bucket's own domain: [`UrlStyle::CustomDomain`], most of the time.
    pub custom_domain: bool,
}

pub const ENDPOINTS: &[EndpointRow] = &[
    EndpointRow {
        given: "https://s3.amazonaws.com",
        scheme: "https",
        authority: "s3.amazonaws.com",
        host: "s3.amazonaws.com",
        prefix: "",
        dns: true,
        aws: true,
        aws_region: None,
        custom_domain: false,
    },
    EndpointRow {
        given: "https://s3.eu-west-1.amazonaws.com/",
        scheme: "https",
        authority: "s3.eu-west-1.amazonaws.com",
        host: "s3.eu-west-1.amazonaws.com",
        prefix: "",
        dns: true,
        aws: true,
        aws_region: Some("eu-west-1"),
        custom_domain: false,
    },
    EndpointRow {
        given: "http://127.0.0.1:9000",
        scheme: "http",
        authority: "127.0.0.1:9000",
        host: "127.0.0.1:9000",
        prefix: "",
        dns: false,
        aws: false,
        aws_region: None,
        custom_domain: false,
    },
    EndpointRow {
        given: "http://localhost:9000/",
        scheme: "http",
        authority: "localhost:9000",
        host: "localhost:9000",
        prefix: "",
        dns: true,
        aws: false,
        aws_region: None,
        custom_domain: false,
    },
    EndpointRow {
        given: "https://Storage.Example.COM:8443/s3",
        scheme: "https",
        authority: "storage.example.com:8443",
        host: "storage.example.com:8443",
        prefix: "/s3",
        dns: true,
        aws: false,
        aws_region: None,
        custom_domain: false,
    },
    // A default port: dropped from our URL; aws-sigv4 drops it from `Host`.
    EndpointRow {
        given: "https://gateway.example.com:443/a/b-c/v1.2/~x/",
        scheme: "https",
        authority: "gateway.example.com:443",
        host: "gateway.example.com",
        prefix: "/a/b-c/v1.2/~x",
        dns: true,
        aws: false,
        aws_region: None,
        custom_domain: false,
    },
    EndpointRow {
        given: "http://minio.local:80/storage",
        scheme: "http",
        authority: "minio.local:80",
        host: "minio.local",
        prefix: "/storage",
        dns: true,
        aws: false,
        aws_region: None,
        custom_domain: false,
    },
    // A non-default port for the scheme: kept.
    EndpointRow {
        given: "http://odd.example:443",
        scheme: "http",
        authority: "odd.example:443",
        host: "odd.example:443",
        prefix: "",
        dns: true,
        aws: false,
        aws_region: None,
        custom_domain: false,
    },
    EndpointRow {
        given: "HTTP://[::1]:9000",
        scheme: "http",
        authority: "[::1]:9000",
        host: "[::1]:9000",
        prefix: "",
        dns: false,
        aws: false,
        aws_region: None,
        custom_domain: false,
    },
    EndpointRow {
        given: "https://[2001:db8::1]/_s3_",
        scheme: "https",
        authority: "[2001:db8::1]",
        host: "[2001:db8::1]",
        prefix: "/_s3_",
        dns: false,
        aws: false,
        aws_region: None,
        custom_domain: false,
    },
    // AWS in us-east-1, where `Bucket::aws` also takes legacy names.
    EndpointRow {
        given: "https://s3.us-east-1.amazonaws.com",
        scheme: "https",
        authority: "s3.us-east-1.amazonaws.com",
        host: "s3.us-east-1.amazonaws.com",
        prefix: "",
        dns: true,
        aws: true,
        aws_region: Some("us-east-1"),
        custom_domain: false,
    },
    // A bucket's own domains (a CNAME, an R2 custom domain): the host is the
    // bucket.
    EndpointRow {
        given: "https://images.example.com",
        scheme: "https",
        authority: "images.example.com",
        host: "images.example.com",
        prefix: "",
        dns: true,
        aws: false,
        aws_region: None,
        custom_domain: true,
    },
    EndpointRow {
        given: "https://CDN.Example.org:8443/assets/v2/",
        scheme: "https",
        authority: "cdn.example.org:8443",
        host: "cdn.example.org:8443",
        prefix: "/assets/v2",
        dns: true,
        aws: false,
        aws_region: None,
        custom_domain: true,
    },
    EndpointRow {
        given: "http://files.minio.local:80/~x",
        scheme: "http",
        authority: "files.minio.local:80",
        host: "files.minio.local",
        prefix: "/~x",
        dns: true,
        aws: false,
        aws_region: None,
        custom_domain: true,
    },
];

/// The endpoint given as `given`.
pub fn endpoint_row(given: &str) -> &'static EndpointRow {
    ENDPOINTS
        .iter()
        .find(|e| e.given == given)
        .expect("known endpoint")
}

/// Names every endpoint takes, in every style: DNS-compatible, and valid
/// host names as they are.
pub const BUCKETS: &[&str] = &[
    "examplebucket",
    "my-bucket",
    "a.b.c",
    "bucket-with-dashes-123",
    "abc",
    "x.y",
    "000",
    "a23456789012345678901234567890123456789012345678901234567890123",
];

/// Access point aliases (`-s3alias`) and Object Lambda access point aliases
/// (`--ol-s3`): served by AWS as virtual-hosted bucket names. Only on AWS
/// endpoints.
pub const ALIAS_BUCKETS: &[&str] = &[
    "my-ap-hrzrlukc5m36ft7okagglf3gmwluquse1b-s3alias",
    "finance-docs-ab12cd34ef56gh78ij90kl-s3alias",
    "my-banner-ap-name-qvfvc8vbvbedkw4ym39w0rb2yiazc--ol-s3",
    "ol-ap-0123456789abcdefghij--ol-s3",
];

/// Legacy `us-east-1` names (before March 2018: upper case, `_`, up to 255
/// characters): `Bucket::aws` takes them in `us-east-1`, in path style.
pub const LEGACY_BUCKETS: &[&str] = &[
    "MyLegacyBucket",
    "legacy_bucket",
    "Legacy_Name.With-Dots",
    "LEGACY",
    "a_b",
    // 255 characters, the legacy limit.
    "Long_Legacy_Name_7890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234",
];

/// Names only other servers take (`Bucket::new`: 1 to 255 characters of
/// `A-Z a-z 0-9 - . _ ~`), none of which can be a host name: each gets
/// path style even when virtual-hosted style is asked for. Only on
/// endpoints that are not AWS's.
pub const NON_AWS_BUCKETS: &[&str] = &[
    // Upper case.
    "MinIO-Bucket",
    "B",
    // `_` and `~`.
    "my_bucket",
    "_",
    "~",
    "bucket~1",
    // A label that starts or ends with `-`.
    "-leading",
    "trailing-",
    "a.-b",
    // Empty labels.
    "...",
    ".hidden",
    "a..b",
    // Punycode.
    "xn--bcher-kva",
    "a.xn--b",
    // Over 63 characters.
    "b234567890123456789012345678901234567890123456789012345678901234",
    // 255 characters.
    "Name_255.90123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123~",
];

/// An endpoint, and the URL style to ask of it: a custom domain on a
/// bucket's own domain most of the time, else virtual-hosted where possible,
/// most of the time.
pub fn pick_endpoint(rng: &mut Rng) -> (EndpointRow, UrlStyle) {
    let endpoint = rng.pick(ENDPOINTS);
    let style = if endpoint.custom_domain && rng.chance(75) {
        UrlStyle::CustomDomain
    } else if endpoint.dns && rng.chance(60) {
        UrlStyle::VirtualHost
    } else {
        UrlStyle::Path
    };
    (endpoint, style)
}

/// A bucket for a case, and how the library is expected to make it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BucketPick {
    pub name: &'static str,
    /// Made with `Bucket::aws(name, region)` rather than `Bucket::new`.
    pub aws_ctor: bool,
    /// The region `Bucket::aws` was given, which the case must use.
    pub region: Option<&'static str>,
    /// The style asked of `Bucket::new` (for `Bucket::aws`, the one it
    /// picks).
    pub asked: UrlStyle,
    /// The style the bucket must have: [`UrlStyle::Path`] for a name that
    /// is no host name, whatever was asked.
    pub style: UrlStyle,
}

/// A bucket name for `endpoint` with `asked` as the style: aliases only on
/// AWS endpoints, legacy names only through `Bucket::aws` in `us-east-1`,
/// [`NON_AWS_BUCKETS`] only elsewhere. On the endpoint of an AWS region,
/// half the buckets are made with `Bucket::aws`, which picks the style
/// itself: path style for dotted and legacy names, else virtual-hosted.
pub fn pick_bucket(rng: &mut Rng, endpoint: &EndpointRow, asked: UrlStyle) -> BucketPick {
    let plain = |name, style| BucketPick {
        name,
        aws_ctor: false,
        region: None,
        asked: style,
        style,
    };
    if let Some(region) = endpoint.aws_region {
        if rng.chance(50) {
            let (name, legacy) = if region == "us-east-1" && rng.chance(40) {
                (rng.pick(LEGACY_BUCKETS), true)
            } else if rng.chance(30) {
                (rng.pick(ALIAS_BUCKETS), false)
            } else {
                (rng.pick(BUCKETS), false)
            };
            let style = if legacy || name.contains('.') {
                UrlStyle::Path
            } else {
                UrlStyle::VirtualHost
            };
            return BucketPick {
                aws_ctor: true,
                region: Some(region),
                ..plain(name, style)
            };
        }
    }
    if endpoint.aws {
        let list = if rng.chance(25) {
            ALIAS_BUCKETS
        } else {
            BUCKETS
        };
        plain(rng.pick(list), asked)
    } else if rng.chance(25) {
        let style = match asked {
            UrlStyle::VirtualHost => UrlStyle::Path,
            style => style,
        };
        BucketPick {
            asked,
            ..plain(rng.pick(NON_AWS_BUCKETS), style)
        }
    } else {
        plain(rng.pick(BUCKETS), asked)
    }
}
