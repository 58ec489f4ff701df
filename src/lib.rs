//! AWS Signature Version 4, centred on presigning: S3 download and upload
//! links, browser upload forms, header signing of any AWS request, and the
//! server's side, verification. Pure Rust, no `unsafe`, no HTTP crate.
//!
//! # The main types
//!
//! - [`Credentials`]: an access key id, its secret and a session token,
//!   with the signing keys they derived (`Debug` shows no secret).
//! - [`Bucket`] and its [`Action`]s: presigned S3 URLs, on AWS
//!   ([`Bucket::aws`]) or any S3-compatible store ([`Endpoint`],
//!   [`UrlStyle`]).
//! - [`PostPolicy`] and [`PresignedPost`]: browser upload forms.
//! - [`Signer`], [`Request`] and [`SignedRequest`]: header signing of any
//!   AWS request.
//! - [`verify::Policy`]: checks presigned URLs, `Authorization` headers and
//!   POST uploads as S3 does, with S3's error codes.
//! - [`AmzDate`]: time is an argument everywhere; [`AmzDate::now`] is the
//!   only clock read.
//! - [`Error`]: every refusal of bad input, typed.
//!
//! Every mode writes its canonical request with the same writer.
//!
//! ## A presigned URL
//!
//! The AWS documentation's presigned GET, byte for byte:
//!
//! ```
//! use std::time::Duration;
//! use presign::{AmzDate, Bucket, Credentials, Endpoint, UrlStyle};
//!
//! let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
//! let endpoint = Endpoint::parse("https://s3.amazonaws.com")?;
//! let bucket = Bucket::new(endpoint, "examplebucket", "us-east-1", UrlStyle::VirtualHost)?;
//! let url = bucket
//!     .get_object("test.txt")
//!     .presign(&creds, AmzDate::parse("20130524T000000Z")?, Duration::from_secs(86400))?;
//! assert_eq!(
//!     url,
//!     "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256\
//!      &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
//!      &X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
//!      &X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
//! );
//! # Ok::<(), presign::Error>(())
//! ```
//!
//! [`Bucket::put_object`], [`Bucket::head_object`] and
//! [`Bucket::delete_object`] work the same way; [`Action::with_header`] and
//! [`Action::with_query`] sign more into the URL.
//!
//! ## A browser upload form
//!
//! ```
//! use std::time::Duration;
//! use presign::{AmzDate, Bucket, Credentials, PostPolicy};
//!
//! let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
//! let bucket = Bucket::aws("examplebucket", "us-east-1")?;
//! let policy = PostPolicy::new(Duration::from_secs(600))?
//!     .starts_with("key", "user1/")?
//!     .content_length_range(1, 1_000_000)?;
//! let form = bucket.presign_post(&creds, &policy, AmzDate::now())?;
//! assert_eq!(form.url(), "https://examplebucket.s3.us-east-1.amazonaws.com/");
//! assert_eq!(form.field("key"), Some("user1/${filename}"));
//! let html = form.to_html(); // or form.to_json() for a script's FormData
//! # let _ = html;
//! # Ok::<(), presign::Error>(())
//! ```
//!
//! ## Header signing
//!
//! The AWS documentation's IAM `ListUsers` request:
//!
//! ```
//! use presign::{AmzDate, Credentials, Payload, Request, Signer};
//!
//! let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
//! let request = Request {
//!     method: "GET",
//!     host: "iam.amazonaws.com",
//!     path: "/",
//!     query: &[("Action", "ListUsers"), ("Version", "2010-05-08")],
//!     headers: &[("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
//!     payload: Payload::Empty,
//! };
//! let signed = Signer::new("us-east-1", "iam")?
//!     .sign(&creds, &request, AmzDate::parse("20150830T123600Z")?)?;
//! // Send the request to this target, with the headers the signer added.
//! assert_eq!(signed.target(), "/?Action=ListUsers&Version=2010-05-08");
//! assert!(signed.headers().any(|(name, _)| name == "authorization"));
//! assert!(signed
//!     .authorization()
//!     .ends_with("Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"));
//! # Ok::<(), presign::Error>(())
//! ```
//!
//! ## Verifying
//!
//! ```
//! use std::time::Duration;
//! use presign::verify::{Policy, Received};
//! use presign::{AmzDate, Bucket, Credentials, Payload};
//!
//! let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
//! let now = AmzDate::parse("20130524T000000Z")?;
//! let bucket = Bucket::aws("examplebucket", "us-east-1")?;
//! let url = bucket.get_object("test.txt").presign(&creds, now, Duration::from_secs(3600))?;
//! let target = &url[url.find(".com/").unwrap() + 4..];
//! let received = Received {
//!     method: "PUT", // a download link used to upload
//!     target,
//!     headers: &[("host", bucket.host())],
//!     payload: Payload::Unsigned,
//! };
//! let refused = Policy::new("us-east-1", "s3")?.verify(&received, &creds, now).unwrap_err();
//! assert_eq!((refused.code(), refused.status()), ("SignatureDoesNotMatch", 403));
//! # Ok::<(), presign::Error>(())
//! ```
//!
//! # What it takes
//!
//! The inputs S3 takes, and nothing that would make a wrong URL:
//!
//! - **Object keys**: any UTF-8 of 1 to 1,024 bytes, control characters
//!   included (they are percent-encoded like any other byte). Keys with `.` or
//!   `..` segments are signed as they are, as S3 names them; browsers and some
//!   HTTP clients remove such segments before sending, so send those URLs with
//!   a client that keeps the path (`curl --path-as-is`).
//! - **Header values**: UTF-8 text, signed as its bytes, with runs of spaces
//!   and tabs folded as SigV4 folds them. Refused with a typed error: control
//!   characters but tab, and Unicode whitespace other than space and tab, on
//!   which signers disagree. Clients that need ASCII send `x-amz-meta-*` values
//!   RFC 2047-encoded (`=?UTF-8?B?...?=`).
//! - **Buckets**: [`Bucket::aws`] takes every name S3 serves, access point and
//!   Object Lambda aliases (`...-s3alias`, `...--ol-s3`) and the legacy
//!   upper-case names of `us-east-1` included; [`Bucket::new`] takes any name a
//!   URL path carries as it is, with path-style URLs where the name cannot be a
//!   host name. [`UrlStyle::CustomDomain`] is for a host that is the bucket (a
//!   CNAME, an R2 custom domain): `https://images.example.com/KEY`.
//! - **Services**: S3's signing names (`s3`, `s3-object-lambda`,
//!   `s3-outposts`, `s3express`) get S3's rules; every other service its own
//!   ([`Rules::for_service`]).
//!
//! # The command line
//!
//! The `presign-cli` package installs a `presign` command built on this
//! crate (`cargo install presign-cli`): presigned URLs and forms, and
//! `presign verify`, with credentials found as the AWS CLI finds them.
//!
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
mod checksum;
pub mod chunked;
mod credentials;
mod date;
mod encode;
mod error;
mod few;
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

// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
