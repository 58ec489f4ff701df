//! The endpoints of S3-compatible providers: the URL each constructor or
//! documented recipe makes, against the forms the providers document, and
//! the scope its presigned URLs carry.

use std::time::Duration;

use presign::{AmzDate, Bucket, Credentials, Endpoint, Error, UrlStyle};

/// A presigned GET of `key`, at a fixed time.
fn presigned(bucket: &Bucket, key: &str) -> String {
    let creds = Credentials::new(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    )
    .unwrap();
    let time = AmzDate::parse("20240301T120000Z").unwrap();
    bucket
        .get_object(key)
        .presign(&creds, time, Duration::from_secs(600))
        .unwrap()
}

/// Asserts the bucket's URL and style, and that a presigned URL starts with
/// the object's URL and carries `region` in its credential scope.
#[track_caller]
fn check(bucket: &Bucket, url: &str, style: UrlStyle, region: &str) {
    assert_eq!(bucket.url(), url);
    assert_eq!(bucket.style(), style, "{url}");
    let got = presigned(bucket, "a/b.txt");
    assert!(got.starts_with(&format!("{url}a/b.txt?X-Amz-")), "{got}");
    let scope = format!("%2F20240301%2F{region}%2Fs3%2Faws4_request&");
    assert!(got.contains(&scope), "{got}");
}

#[test]
fn aws_dual_stack() {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/dual-stack-endpoints.html:
    // bucketname.s3.dualstack.aws-region.amazonaws.com, and path style
    // s3.dualstack.aws-region.amazonaws.com/bucketname.
    let endpoint = Endpoint::aws_dualstack("us-west-2").unwrap();
    assert_eq!(endpoint.host(), "s3.dualstack.us-west-2.amazonaws.com");
    let bucket = Bucket::aws_at(endpoint.clone(), "examplebucket", "us-west-2").unwrap();
    check(
        &bucket,
        "https://examplebucket.s3.dualstack.us-west-2.amazonaws.com/",
        UrlStyle::VirtualHost,
        "us-west-2",
    );
    // A dotted name goes path style, as on the plain regional endpoint.
    let dotted = Bucket::aws_at(endpoint, "example.bucket", "us-west-2").unwrap();
    check(
        &dotted,
        "https://s3.dualstack.us-west-2.amazonaws.com/example.bucket/",
        UrlStyle::Path,
        "us-west-2",
    );
    // https://docs.amazonaws.cn/en_us/aws/latest/userguide/endpoints-Beijing.html
    assert_eq!(
        Endpoint::aws_dualstack("cn-north-1").unwrap().host(),
        "s3.dualstack.cn-north-1.amazonaws.com.cn"
    );
}

#[test]
fn aws_fips() {
    // https://docs.aws.amazon.com/general/latest/gr/s3.html (the FIPS
    // endpoints of the US regions): s3-fips.REGION.amazonaws.com and
    // s3-fips.dualstack.REGION.amazonaws.com, virtual-hosted as
    // BUCKET.s3-fips.REGION.amazonaws.com.
    let fips = Bucket::aws_at(
        Endpoint::aws_fips("us-east-1").unwrap(),
        "records",
        "us-east-1",
    )
    .unwrap();
    check(
        &fips,
        "https://records.s3-fips.us-east-1.amazonaws.com/",
        UrlStyle::VirtualHost,
        "us-east-1",
    );
    let both = Bucket::aws_at(
        Endpoint::aws_fips_dualstack("us-gov-west-1").unwrap(),
        "records",
        "us-gov-west-1",
    )
    .unwrap();
    check(
        &both,
        "https://records.s3-fips.dualstack.us-gov-west-1.amazonaws.com/",
        UrlStyle::VirtualHost,
        "us-gov-west-1",
    );
    for bad in ["", "US-EAST-1", "us-east-1.evil.com", "-us"] {
        assert!(
            matches!(Endpoint::aws_fips(bad), Err(Error::InvalidRegion(_))),
            "{bad:?}"
        );
        assert!(Endpoint::aws_dualstack(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn aws_transfer_acceleration() {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/transfer-acceleration-getting-started.html:
    // bucketname.s3-accelerate.amazonaws.com, and
    // bucketname.s3-accelerate.dualstack.amazonaws.com; virtual-hosted
    // only, DNS-compatible names without dots
    // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/transfer-acceleration.html).
    // The signature is scoped to the bucket's own region.
    let bucket = Bucket::aws_accelerated("examplebucket", "eu-central-1").unwrap();
    check(
        &bucket,
        "https://examplebucket.s3-accelerate.amazonaws.com/",
        UrlStyle::VirtualHost,
        "eu-central-1",
    );
    let dual = Bucket::aws_accelerated_dualstack("examplebucket", "us-west-2").unwrap();
    check(
        &dual,
        "https://examplebucket.s3-accelerate.dualstack.amazonaws.com/",
        UrlStyle::VirtualHost,
        "us-west-2",
    );
    for name in ["example.bucket", "Legacy_Name", "ab"] {
        assert!(
            matches!(
                Bucket::aws_accelerated(name, "us-east-1"),
                Err(Error::InvalidBucketName { .. })
            ),
            "{name}"
        );
    }
    assert!(matches!(
        Bucket::aws_accelerated("examplebucket", "Not A Region"),
        Err(Error::InvalidRegion(_))
    ));
}

#[test]
fn cloudflare_r2() {
    // https://developers.cloudflare.com/r2/api/s3/api/: the endpoint is
    // https://<ACCOUNT_ID>.r2.cloudflarestorage.com, the region `auto`.
    let account = "0123456789abcdef0123456789abcdef";
    let endpoint = Endpoint::r2(account).unwrap();
    assert_eq!(
        endpoint.host(),
        format!("{account}.r2.cloudflarestorage.com")
    );
    let path = Bucket::new(endpoint.clone(), "photos", "auto", UrlStyle::Path).unwrap();
    check(
        &path,
        &format!("https://{account}.r2.cloudflarestorage.com/photos/"),
        UrlStyle::Path,
        "auto",
    );
    let virtual_host = Bucket::new(endpoint, "photos", "auto", UrlStyle::VirtualHost).unwrap();
    check(
        &virtual_host,
        &format!("https://photos.{account}.r2.cloudflarestorage.com/"),
        UrlStyle::VirtualHost,
        "auto",
    );
    assert_eq!(
        Endpoint::r2(&account.to_uppercase()).unwrap().host(),
        format!("{account}.r2.cloudflarestorage.com")
    );
    for bad in ["", "a.b", "a/b", "a_b", "-abc"] {
        assert!(
            matches!(Endpoint::r2(bad), Err(Error::InvalidEndpoint(_))),
            "{bad:?}"
        );
    }
}

#[test]
fn google_cloud_storage() {
    // https://cloud.google.com/storage/docs/interoperability and
    // https://cloud.google.com/storage/docs/authentication/signatures: the
    // XML API at storage.googleapis.com, BUCKET.storage.googleapis.com or
    // storage.googleapis.com/BUCKET; with an HMAC key, AWS4-HMAC-SHA256
    // and the service s3, the location `auto`.
    let endpoint = Endpoint::gcs();
    assert_eq!(
        (endpoint.scheme(), endpoint.host()),
        ("https", "storage.googleapis.com")
    );
    let bucket = Bucket::new(
        endpoint.clone(),
        "example-bucket",
        "auto",
        UrlStyle::VirtualHost,
    )
    .unwrap();
    check(
        &bucket,
        "https://example-bucket.storage.googleapis.com/",
        UrlStyle::VirtualHost,
        "auto",
    );
    let path = Bucket::new(endpoint, "example.com", "auto", UrlStyle::Path).unwrap();
    check(
        &path,
        "https://storage.googleapis.com/example.com/",
        UrlStyle::Path,
        "auto",
    );
}

#[test]
fn recipes_of_the_endpoint_docs() {
    // MinIO: https://min.io/docs/minio/linux/developers/minio-drivers.html
    // (the server URL, path style; region us-east-1 by default).
    let minio = Bucket::new(
        Endpoint::parse("http://127.0.0.1:9000").unwrap(),
        "photos",
        "us-east-1",
        UrlStyle::Path,
    )
    .unwrap();
    check(
        &minio,
        "http://127.0.0.1:9000/photos/",
        UrlStyle::Path,
        "us-east-1",
    );

    // Backblaze B2: https://www.backblaze.com/docs/cloud-storage-s3-compatible-api
    // (https://s3.<region>.backblazeb2.com, both URL styles).
    let b2 = Bucket::new(
        Endpoint::parse("https://s3.us-west-004.backblazeb2.com").unwrap(),
        "photos",
        "us-west-004",
        UrlStyle::VirtualHost,
    )
    .unwrap();
    check(
        &b2,
        "https://photos.s3.us-west-004.backblazeb2.com/",
        UrlStyle::VirtualHost,
        "us-west-004",
    );

    // DigitalOcean Spaces: https://docs.digitalocean.com/products/spaces/reference/aws-sdks/
    // (https://<region>.digitaloceanspaces.com).
    let spaces = Bucket::new(
        Endpoint::parse("https://nyc3.digitaloceanspaces.com").unwrap(),
        "photos",
        "nyc3",
        UrlStyle::VirtualHost,
    )
    .unwrap();
    check(
        &spaces,
        "https://photos.nyc3.digitaloceanspaces.com/",
        UrlStyle::VirtualHost,
        "nyc3",
    );

    // Wasabi: https://docs.wasabi.com/docs/what-are-the-service-urls-for-wasabi-s-different-storage-regions
    // (s3.<region>.wasabisys.com; us-east-1 also s3.wasabisys.com).
    let wasabi = Bucket::new(
        Endpoint::parse("https://s3.eu-central-1.wasabisys.com").unwrap(),
        "photos",
        "eu-central-1",
        UrlStyle::VirtualHost,
    )
    .unwrap();
    check(
        &wasabi,
        "https://photos.s3.eu-central-1.wasabisys.com/",
        UrlStyle::VirtualHost,
        "eu-central-1",
    );
    let wasabi_us = Bucket::new(
        Endpoint::parse("https://s3.wasabisys.com").unwrap(),
        "photos",
        "us-east-1",
        UrlStyle::VirtualHost,
    )
    .unwrap();
    check(
        &wasabi_us,
        "https://photos.s3.wasabisys.com/",
        UrlStyle::VirtualHost,
        "us-east-1",
    );

    // Garage: https://garagehq.deuxfleurs.fr/documentation/reference-manual/configuration/
    // (s3_region, `garage` in the quick start; path style unless root_domain is set).
    let garage = Bucket::new(
        Endpoint::parse("http://localhost:3900").unwrap(),
        "photos",
        "garage",
        UrlStyle::Path,
    )
    .unwrap();
    check(
        &garage,
        "http://localhost:3900/photos/",
        UrlStyle::Path,
        "garage",
    );
}
