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

use crate::rng::{seed, Rng};
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

/// Two generators from the same seed and stream make the same cases. That
/// holds for the seed in use, [`SEED`](crate::rng::SEED) or
/// `PRESIGN_DIFF_SEED`'s, so a failure reproduces from the seed its summary
/// line prints; and another seed makes other cases, so an override does
/// reach the generators.
#[test]
fn the_generators_are_deterministic() {
    let mut a = Rng::new(1);
    let mut b = Rng::new(1);
    for i in 0..50 {
        let (x, y) = (gen_presign_case(&mut a, i), gen_presign_case(&mut b, i));
        assert_eq!(format!("{x:?}"), format!("{y:?}"));
    }
    let cases = |mut rng: Rng| -> Vec<String> {
        (0..50)
            .map(|i| format!("{:?}", gen_presign_case(&mut rng, i)))
            .collect()
    };
    assert_ne!(
        cases(Rng::new(1)),
        cases(Rng::with_seed(seed() ^ 1, 1)),
        "the seed does not reach the generators"
    );
}
