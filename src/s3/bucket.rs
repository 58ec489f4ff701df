//! S3 buckets: a name, a region, an endpoint and a URL style.

use crate::canonical::{Header, HeaderBlock};
use crate::prelude::*;
use crate::s3::action::Action;
use crate::{Endpoint, Error, Signer};

/// Where a bucket's name goes in its URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlStyle {
    /// `https://bucket.host/key`: the bucket in the host name (AWS's default).
    VirtualHost,
    /// `https://host/bucket/key`: the bucket as the first path segment (what
    /// MinIO, most local servers and dotted bucket names under TLS need).
    Path,
    /// `https://host/key`: the endpoint's host is the bucket, as with a
    /// CNAME to a bucket or a Cloudflare R2 custom domain. The bucket's name
    /// is in no URL; POST policies still name it.
    CustomDomain,
}

/// An S3 bucket: its name, region, endpoint and URL style. Everything a
/// presigned URL needs except credentials and time.
///
/// ```
/// use std::time::Duration;
/// use presign::{AmzDate, Bucket, Credentials};
///
/// let bucket = Bucket::aws("examplebucket", "eu-west-1")?;
/// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
/// let url = bucket
///     .get_object("photos/cat.jpg")
///     .presign(&creds, AmzDate::now(), Duration::from_secs(3600))?;
/// assert!(url.starts_with("https://examplebucket.s3.eu-west-1.amazonaws.com/photos/cat.jpg?X-Amz-Algorithm="));
/// # Ok::<(), presign::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Bucket {
    name: String,
    endpoint: Endpoint,
    style: UrlStyle,
    signer: Signer,
    /// The `Host` of every request to this bucket.
    host: String,
    /// `scheme://host`.
    pub(super) origin: String,
    /// The path of an object URL up to the key, ending in `/`: the
    /// endpoint's prefix, and the bucket's name in path style. Unreserved
    /// characters and `/` only, so it is its own canonical form.
    path: String,
    /// The `host` header, written as a canonical request holds it: all
    /// that most presigned URLs sign.
    host_block: HeaderBlock,
}

impl core::fmt::Debug for Bucket {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // What the bucket was made from; the rest is derived from it.
        f.debug_struct("Bucket")
            .field("name", &self.name)
            .field("region", &self.region())
            .field("endpoint", &self.endpoint)
            .field("style", &self.style)
            .finish()
    }
}

impl Bucket {
    /// A bucket on AWS S3, at `https://{name}.s3.{region}.amazonaws.com`.
    ///
    /// Takes every name S3 serves: the DNS-compatible names of today's
    /// rules, access point and Object Lambda aliases (`...-s3alias`,
    /// `...--ol-s3`), and in `us-east-1` the legacy names of before 2018
    /// (up to 255 characters, with upper case and `_`).
    ///
    /// Names with a dot, and legacy names, get path-style URLs
    /// (`https://s3.{region}.amazonaws.com/{name}/...`) instead: the TLS
    /// certificate `*.s3.{region}.amazonaws.com` covers one label only, and
    /// a host name has no upper case.
    pub fn aws(name: &str, region: &str) -> Result<Self, Error> {
        Self::aws_at(Endpoint::aws(region)?, name, region)
    }

    /// A bucket on one of AWS S3's regional endpoints
    /// ([`Endpoint::aws`], [`Endpoint::aws_dualstack`],
    /// [`Endpoint::aws_fips`], [`Endpoint::aws_fips_dualstack`]), with the
    /// names and URL styles of [`Bucket::aws`].
    ///
    /// ```
    /// use presign::{Bucket, Endpoint};
    ///
    /// let fips = Bucket::aws_at(Endpoint::aws_fips("us-gov-west-1")?, "records", "us-gov-west-1")?;
    /// assert_eq!(fips.url(), "https://records.s3-fips.us-gov-west-1.amazonaws.com/");
    /// # Ok::<(), presign::Error>(())
    /// ```
    pub fn aws_at(endpoint: Endpoint, name: &str, region: &str) -> Result<Self, Error> {
        let style = match check_aws_bucket_name(name, region)? {
            AwsName::Dns if !name.contains('.') => UrlStyle::VirtualHost,
            AwsName::Dns | AwsName::Legacy => UrlStyle::Path,
        };
        Self::new(endpoint, name, region, style)
    }

    /// A bucket through S3 Transfer Acceleration:
    /// `https://{name}.s3-accelerate.amazonaws.com`, signed for the
    /// bucket's own `region`.
    ///
    /// Acceleration serves virtual-hosted requests only, so the name must
    /// be DNS-compatible and have no dot; others are refused with
    /// [`Error::InvalidBucketName`].
    ///
    /// ```
    /// use presign::Bucket;
    ///
    /// let bucket = Bucket::aws_accelerated("examplebucket", "eu-west-1")?;
    /// assert_eq!(bucket.url(), "https://examplebucket.s3-accelerate.amazonaws.com/");
    /// assert_eq!(bucket.region(), "eu-west-1");
    /// assert!(Bucket::aws_accelerated("example.bucket", "eu-west-1").is_err());
    /// # Ok::<(), presign::Error>(())
    /// ```
    pub fn aws_accelerated(name: &str, region: &str) -> Result<Self, Error> {
        Self::accelerated("s3-accelerate.amazonaws.com", name, region)
    }

    /// As [`Bucket::aws_accelerated`], over the dual-stack (IPv4 and IPv6)
    /// endpoint: `https://{name}.s3-accelerate.dualstack.amazonaws.com`.
    pub fn aws_accelerated_dualstack(name: &str, region: &str) -> Result<Self, Error> {
        Self::accelerated("s3-accelerate.dualstack.amazonaws.com", name, region)
    }

    fn accelerated(host: &str, name: &str, region: &str) -> Result<Self, Error> {
        let dns = matches!(check_aws_bucket_name(name, region)?, AwsName::Dns);
        if !dns || name.contains('.') {
            return Err(Error::InvalidBucketName {
                name: name.to_string(),
                reason: "Transfer Acceleration needs a DNS-compatible name without dots",
            });
        }
        // The region is checked by the signer, and must be one AWS has.
        Endpoint::aws(region)?;
        let endpoint = Endpoint {
            https: true,
            host: host.to_string(),
            prefix: String::new(),
        };
        Self::new(endpoint, name, region, UrlStyle::VirtualHost)
    }

    /// A bucket on any S3-compatible endpoint, with the URL style given.
    ///
    /// The name is refused only where it cannot go into a URL as it is: it
    /// must be 1 to 255 characters of `A-Z a-z 0-9 - . _ ~`, and not `.` or
    /// `..`. A name that cannot be a host name (upper case, `_`, `~`, a
    /// label that starts or ends with `-`, or over 63 characters) gets
    /// [`UrlStyle::Path`] in place of [`UrlStyle::VirtualHost`]:
    /// [`Bucket::style`] tells which a bucket has.
    ///
    /// [`UrlStyle::VirtualHost`] needs an endpoint with a DNS name: on an
    /// IP address (`http://127.0.0.1:9000`) it is refused with
    /// [`Error::InvalidEndpoint`], since `bucket.127.0.0.1` names no host.
    pub fn new(
        endpoint: Endpoint,
        name: &str,
        region: &str,
        style: UrlStyle,
    ) -> Result<Self, Error> {
        check_bucket_name(name)?;
        let signer = Signer::new(region, "s3")?;
        let style = match style {
            UrlStyle::VirtualHost if !is_host_name(name) => UrlStyle::Path,
            style => style,
        };
        if style == UrlStyle::VirtualHost && endpoint.is_ip() {
            return Err(Error::InvalidEndpoint(format!(
                "{}://{} (virtual-hosted style needs a DNS name: use UrlStyle::Path)",
                endpoint.scheme(),
                endpoint.host()
            )));
        }
        let host = match style {
            UrlStyle::VirtualHost => format!("{name}.{}", endpoint.host()),
            UrlStyle::Path | UrlStyle::CustomDomain => endpoint.host().to_string(),
        };
        let origin = format!("{}://{host}", endpoint.scheme());
        let path = match style {
            UrlStyle::Path => format!("{}/{name}/", endpoint.prefix()),
            UrlStyle::VirtualHost | UrlStyle::CustomDomain => format!("{}/", endpoint.prefix()),
        };
        let host_block = HeaderBlock::new(&[Header::own("host", &host)]);
        Ok(Bucket {
            name: name.to_string(),
            endpoint,
            style,
            signer,
            host,
            origin,
            path,
            host_block,
        })
    }

    /// The bucket name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The region.
    pub fn region(&self) -> &str {
        self.signer.region()
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The URL style.
    pub fn style(&self) -> UrlStyle {
        self.style
    }

    /// The `Host` header of requests to this bucket.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The bucket's URL, ending in `/`: where a POST upload form is sent, and
    /// the base of every object URL.
    pub fn url(&self) -> String {
        format!("{}{}", self.origin, self.path)
    }

    /// The signer for this bucket's region and S3.
    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    /// The `host` header, written ahead.
    pub(super) fn host_block(&self) -> &HeaderBlock {
        &self.host_block
    }

    /// The path of a request up to the object key, without its final `/`
    /// for a request to a path-style bucket itself.
    pub(super) fn path(&self, key: Option<&str>) -> &str {
        match (self.style, key) {
            (UrlStyle::Path, None) => &self.path[..self.path.len() - 1],
            _ => &self.path,
        }
    }

    /// Presign a download of `key` (`GET`).
    pub fn get_object<'a>(&'a self, key: &'a str) -> Action<'a> {
        Action::new(self, "GET", Some(key))
    }

    /// Presign an upload of `key` (`PUT`), replacing any object of that name.
    pub fn put_object<'a>(&'a self, key: &'a str) -> Action<'a> {
        Action::new(self, "PUT", Some(key))
    }

    /// Presign a metadata request for `key` (`HEAD`).
    pub fn head_object<'a>(&'a self, key: &'a str) -> Action<'a> {
        Action::new(self, "HEAD", Some(key))
    }

    /// Presign the deletion of `key` (`DELETE`).
    pub fn delete_object<'a>(&'a self, key: &'a str) -> Action<'a> {
        Action::new(self, "DELETE", Some(key))
    }

    /// Presign the start of a multipart upload of `key` (`POST ?uploads`).
    pub fn create_multipart_upload<'a>(&'a self, key: &'a str) -> Action<'a> {
        Action::new(self, "POST", Some(key)).with_query("uploads", "")
    }

    /// Presign the upload of part `part_number` (1 to 10000) of a multipart
    /// upload (`PUT ?partNumber=N&uploadId=ID`).
    /// A part number outside 1 to 10000 is refused when presigning, with
    /// [`Error::InvalidPartNumber`].
    pub fn upload_part<'a>(
        &'a self,
        key: &'a str,
        part_number: u16,
        upload_id: &'a str,
    ) -> Action<'a> {
        let mut action = Action::new(self, "PUT", Some(key))
            .with_query("partNumber", part_number.to_string())
            .with_query("uploadId", upload_id);
        action.part_number = Some(part_number);
        action
    }

    /// Presign the completion of a multipart upload (`POST ?uploadId=ID`);
    /// the body is the `CompleteMultipartUpload` XML listing the parts.
    pub fn complete_multipart_upload<'a>(&'a self, key: &'a str, upload_id: &'a str) -> Action<'a> {
        Action::new(self, "POST", Some(key)).with_query("uploadId", upload_id)
    }

    /// Presign the abort of a multipart upload (`DELETE ?uploadId=ID`).
    pub fn abort_multipart_upload<'a>(&'a self, key: &'a str, upload_id: &'a str) -> Action<'a> {
        Action::new(self, "DELETE", Some(key)).with_query("uploadId", upload_id)
    }

    /// Presign the listing of a multipart upload's parts (`GET ?uploadId=ID`).
    pub fn list_parts<'a>(&'a self, key: &'a str, upload_id: &'a str) -> Action<'a> {
        Action::new(self, "GET", Some(key)).with_query("uploadId", upload_id)
    }

    /// Presign a listing of the bucket (`GET ?list-type=2`); add `prefix`,
    /// `delimiter`, `continuation-token` or `max-keys` with
    /// [`Action::with_query`].
    pub fn list_objects_v2(&self) -> Action<'_> {
        Action::new(self, "GET", None).with_query("list-type", "2")
    }
}

/// Which of S3's naming rules a bucket name follows.
enum AwsName {
    /// Today's rules: a DNS-compatible name.
    Dns,
    /// The legacy rules of `us-east-1`, before March 2018.
    Legacy,
}

/// S3's bucket naming rules
/// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html>),
/// as far as they tell a name S3 can serve: rules that only govern which
/// names can be created (reserved prefixes other than `xn--`, and the
/// suffixes that access point and Object Lambda aliases use) are not
/// applied.
fn check_aws_bucket_name(name: &str, region: &str) -> Result<AwsName, Error> {
    let bad = |reason| {
        Err(Error::InvalidBucketName {
            name: name.to_string(),
            reason,
        })
    };
    let b = name.as_bytes();
    let legacy_chars = b
        .iter()
        .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'));
    let dns_chars = b
        .iter()
        .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'.');
    if !dns_chars || b.len() > 63 {
        if region == "us-east-1" && legacy_chars && (3..=255).contains(&b.len()) {
            return Ok(AwsName::Legacy);
        }
        if b.len() > 63 {
            return bad("it must be 3 to 63 characters long (255 for legacy us-east-1 names)");
        }
        return bad("use only lower-case letters, digits, '-' and '.' (legacy us-east-1 names may also have upper case and '_')");
    }
    if b.len() < 3 {
        return bad("it must be 3 to 63 characters long");
    }
    let edge = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    if !edge(b[0]) || !edge(b[b.len() - 1]) {
        return bad("it must begin and end with a letter or digit");
    }
    if name.contains("..") || name.contains(".-") || name.contains("-.") {
        return bad("dots may not be adjacent to each other or to hyphens");
    }
    if name.split('.').count() == 4 && name.split('.').all(|p| p.parse::<u8>().is_ok()) {
        return bad("it must not look like an IP address");
    }
    if name.starts_with("xn--") {
        // URL parsers read such a label as punycode.
        return bad("it must not start with xn--");
    }
    Ok(AwsName::Dns)
}

/// A bucket name on any endpoint: what goes into a URL path as it is.
fn check_bucket_name(name: &str) -> Result<(), Error> {
    let fits = (1..=255).contains(&name.len())
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~'))
        && name != "."
        && name != "..";
    if fits {
        Ok(())
    } else {
        Err(Error::InvalidBucketName {
            name: name.to_string(),
            reason: "it must be 1 to 255 characters of A-Z a-z 0-9 - . _ ~, and not . or ..",
        })
    }
}

/// True when `name` can lead a host name as it is: dot-separated labels
/// of lower-case letters, digits and `-`, none starting or ending with `-`
/// or read as punycode (`xn--`), 63 characters in all at most.
fn is_host_name(name: &str) -> bool {
    name.len() <= 63
        && name.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && !label.starts_with("xn--")
                && label
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        })
}
