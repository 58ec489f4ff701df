//! S3 buckets: a name, a region, an endpoint and a URL style.

use crate::canonical::{Header, WrittenHeaders, UNSIGNED_PAYLOAD};
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
    pub(super) name: String,
    pub(super) endpoint: Endpoint,
    pub(super) style: UrlStyle,
    pub(super) signer: Signer,
    /// The `Host` of every request to this bucket.
    pub(super) host: String,
    /// The bucket's URL, ending in `/`: the start of every object URL.
    pub(super) url: String,
    /// Where the path starts in `url`.
    pub(super) path_start: usize,
    /// The `host` header, canonicalised: all that most presigned URLs sign.
    pub(super) host_header: WrittenHeaders,
}

impl std::fmt::Debug for Bucket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
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
    /// Names with a dot get path-style URLs
    /// (`https://s3.{region}.amazonaws.com/{name}/...`) instead: the TLS
    /// certificate `*.s3.{region}.amazonaws.com` covers one label only, so a
    /// virtual-hosted URL for `my.bucket` would fail certificate checks.
    pub fn aws(name: &str, region: &str) -> Result<Self, Error> {
        let style = if name.contains('.') {
            UrlStyle::Path
        } else {
            UrlStyle::VirtualHost
        };
        Self::new(Endpoint::aws(region)?, name, region, style)
    }

    /// A bucket on any S3-compatible endpoint, with the URL style given.
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
        if style == UrlStyle::VirtualHost && endpoint.is_ip() {
            return Err(Error::InvalidEndpoint(format!(
                "{}://{} (virtual-hosted style needs a DNS name: use UrlStyle::Path)",
                endpoint.scheme(),
                endpoint.host
            )));
        }
        let host = match style {
            UrlStyle::VirtualHost => format!("{name}.{}", endpoint.host),
            UrlStyle::Path => endpoint.host.clone(),
        };
        // The prefix and the bucket name need no encoding: both are checked.
        let mut url = format!("{}://{host}{}/", endpoint.scheme(), endpoint.prefix);
        let path_start = url.len() - endpoint.prefix.len() - 1;
        if style == UrlStyle::Path {
            url.push_str(name);
            url.push('/');
        }
        let host_header = WrittenHeaders::new(&[Header::own("host", &host)], UNSIGNED_PAYLOAD);
        Ok(Bucket {
            name: name.to_string(),
            endpoint,
            style,
            signer,
            host,
            url,
            path_start,
            host_header,
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
        self.url.clone()
    }

    /// The signer for this bucket's region and S3.
    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    /// The URL up to the object key: the bucket's URL, without its final
    /// `/` for a request to a path-style bucket itself.
    pub(super) fn base(&self, key: Option<&str>) -> &str {
        match (self.style, key) {
            (UrlStyle::Path, None) => &self.url[..self.url.len() - 1],
            _ => &self.url,
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

/// S3's bucket naming rules
/// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html>).
fn check_bucket_name(name: &str) -> Result<(), Error> {
    let bad = |reason| {
        Err(Error::InvalidBucketName {
            name: name.to_string(),
            reason,
        })
    };
    let b = name.as_bytes();
    if b.len() < 3 || b.len() > 63 {
        return bad("it must be 3 to 63 characters long");
    }
    if !b
        .iter()
        .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'.')
    {
        return bad("use only lower-case letters, digits, '-' and '.'");
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
    if name.starts_with("xn--") || name.starts_with("sthree-") {
        return bad("it must not start with a reserved prefix (xn--, sthree-)");
    }
    if name.ends_with("-s3alias") || name.ends_with("--ol-s3") {
        return bad("it must not end with a reserved suffix (-s3alias, --ol-s3)");
    }
    Ok(())
}
