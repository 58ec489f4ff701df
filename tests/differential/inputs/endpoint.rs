//! S3 endpoints, the URL styles each can serve, and bucket names.

use presign::UrlStyle;

use crate::rng::Rng;

/// Endpoints: (as given, scheme, authority as a client sends it, host in
/// our URLs, path prefix, virtual-hosted style possible).
pub type EndpointRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
);

pub const ENDPOINTS: &[EndpointRow] = &[
    (
        "https://s3.amazonaws.com",
        "https",
        "s3.amazonaws.com",
        "s3.amazonaws.com",
        "",
        true,
    ),
    (
        "https://s3.eu-west-1.amazonaws.com/",
        "https",
        "s3.eu-west-1.amazonaws.com",
        "s3.eu-west-1.amazonaws.com",
        "",
        true,
    ),
    (
        "http://127.0.0.1:9000",
        "http",
        "127.0.0.1:9000",
        "127.0.0.1:9000",
        "",
        false,
    ),
    (
        "http://localhost:9000/",
        "http",
        "localhost:9000",
        "localhost:9000",
        "",
        true,
    ),
    (
        "https://Storage.Example.COM:8443/s3",
        "https",
        "storage.example.com:8443",
        "storage.example.com:8443",
        "/s3",
        true,
    ),
    // A default port: dropped from our URL; aws-sigv4 drops it from `Host`.
    (
        "https://gateway.example.com:443/a/b-c/v1.2/~x/",
        "https",
        "gateway.example.com:443",
        "gateway.example.com",
        "/a/b-c/v1.2/~x",
        true,
    ),
    (
        "http://minio.local:80/storage",
        "http",
        "minio.local:80",
        "minio.local",
        "/storage",
        true,
    ),
    // A non-default port for the scheme: kept.
    (
        "http://odd.example:443",
        "http",
        "odd.example:443",
        "odd.example:443",
        "",
        true,
    ),
    (
        "HTTP://[::1]:9000",
        "http",
        "[::1]:9000",
        "[::1]:9000",
        "",
        false,
    ),
    (
        "https://[2001:db8::1]/_s3_",
        "https",
        "[2001:db8::1]",
        "[2001:db8::1]",
        "/_s3_",
        false,
    ),
];

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

/// An endpoint, and a URL style it can serve (virtual-hosted where possible,
/// most of the time).
pub fn pick_endpoint(rng: &mut Rng) -> (EndpointRow, UrlStyle) {
    let endpoint = rng.pick(ENDPOINTS);
    let style = if endpoint.5 && rng.chance(60) {
        UrlStyle::VirtualHost
    } else {
        UrlStyle::Path
    };
    (endpoint, style)
}
