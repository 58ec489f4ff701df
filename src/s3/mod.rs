//! S3 endpoints, buckets and object actions: the presigning front door.

mod action;
mod bucket;
mod endpoint;

pub use action::Action;
pub use bucket::{Bucket, UrlStyle};
pub use endpoint::Endpoint;
