#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod canonical;
mod checksum;
pub mod chunked;
mod credentials;
mod date;
mod encode;
mod error;
mod key;
mod post;
mod request;
mod s3;
mod sign;
pub mod verify;

pub use checksum::{Checksum, ChecksumAlgorithm};
pub use credentials::Credentials;
pub use date::AmzDate;
pub use encode::uri_encode;
pub use error::Error;
pub use key::SigningKey;
pub use post::{PostPolicy, PresignedPost};
pub use request::{ContentSha256, PathRule, Payload, Request, Rules, SessionToken};
pub use s3::{Action, Bucket, Endpoint, UrlStyle};
pub use sign::{SignedRequest, Signer, Steps, MAX_EXPIRY};
