//! The cases and invariants of presign's fuzz targets, one module per
//! target, shared with the main crate's stable property test
//! (`tests/properties.rs` includes this file by path): each module has a
//! `Case` (built by `arbitrary` from the fuzzer's bytes, or from the
//! property test's seeded ones) and a `check` that panics when an
//! invariant fails.
//!
//! To add a target: a module here with `Case` and `check`, a file in
//! `fuzz_targets/` calling them, a `[[bin]]` in `Cargo.toml`, a few seeds
//! in `corpus/<target>/`, and a line in `tests/properties.rs`. CI runs
//! every target `cargo fuzz list` lists.

pub mod check;
pub mod chunked;
pub mod parsers;
pub mod post;
pub mod s3;
pub mod sign;
pub mod text;
pub mod verify;
