//! The generators: each draws one kind of input from a [`Rng`], and the
//! case modules combine them into whole requests.
//!
//! * [`key`]: object keys. [`query`]: query parameters. [`headers`]: header
//!   names and values. [`creds`]: credentials and session tokens. [`time`]:
//!   signing times and lifetimes. [`body`]: payloads. [`path`]: wire paths.
//! * [`endpoint`]: S3 endpoints, URL styles and bucket names. [`action`]: S3
//!   actions.
//! * [`s3_case`]: a presigned S3 request ([`s3_case::PresignCase`]).
//!   [`sign_case`]: a generic signed or presigned request
//!   ([`sign_case::SignCase`]) under each service's rules.
//! * [`coverage`]: the check that every input class is generated, often.

pub mod action;
pub mod body;
mod coverage;
pub mod creds;
pub mod endpoint;
pub mod headers;
pub mod key;
pub mod path;
pub mod query;
pub mod s3_case;
pub mod sign_case;
pub mod time;

use crate::rng::Rng;
use s3_case::gen_presign_case;

/// Signing regions, AWS's and other S3 servers'.
pub const REGIONS: &[&str] = &[
    "us-east-1",
    "eu-west-1",
    "ap-southeast-2",
    "cn-north-1",
    "us-gov-west-1",
    "auto",
    "garage",
    "minio-9",
];

#[test]
fn the_generators_are_deterministic() {
    let mut a = Rng::new(1);
    let mut b = Rng::new(1);
    for i in 0..50 {
        let (x, y) = (gen_presign_case(&mut a, i), gen_presign_case(&mut b, i));
        assert_eq!(format!("{x:?}"), format!("{y:?}"));
    }
}
