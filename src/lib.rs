#![doc = include_str!("../README.md")]
//! # Features of this crate
//!
//! - `std` (default): `AmzDate::now`, the signing-key cache of
//!   [`Credentials`], `Credentials::from_env` and `presign::verify`. Without it
//!   (`default-features = false`) the crate is `no_std` with `alloc`: it
//!   presigns, signs and builds POST policies from a time the caller gives
//!   ([`AmzDate::from_unix_seconds`], [`AmzDate::parse`]), deriving each
//!   signature's key.
//! - `http`: `Signer::sign_http`, `Signer::presign_http` and
//!   `Policy::verify_http`, for the `http` 1.x crate's types.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Unit tests link `std` for the test harness in either mode.
#![cfg_attr(not(any(feature = "std", test)), no_std)]

extern crate alloc;

mod canonical;
mod credentials;
mod date;
mod encode;
mod error;
#[cfg(feature = "http")]
mod http;
mod key;
#[cfg(test)]
mod no_std_tests;
mod post;
mod prelude;
mod request;
mod s3;
mod sign;
#[cfg(feature = "std")]
pub mod verify;

pub use credentials::Credentials;
pub use date::AmzDate;
pub use encode::uri_encode;
pub use error::Error;
pub use key::SigningKey;
pub use post::{PostPolicy, PresignedPost};
pub use request::{ContentSha256, PathRule, Payload, Request, Rules, SessionToken};
pub use s3::{Action, Bucket, Endpoint, UrlStyle};
pub use sign::{SignedRequest, Signer, Steps, MAX_EXPIRY};
