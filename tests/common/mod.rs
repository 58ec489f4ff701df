//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

#[path = "fixtures.rs"]
mod fixtures;
#[allow(unused_imports)] // not every test uses each
pub use fixtures::{doc_vector, vector_pairs};

/// The repository's neighbour with the published fixtures.
fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// A fixture folder (see [`fixtures::fixture_in`]).
pub fn fixture(env_var: &str, rel: &str) -> Option<PathBuf> {
    fixtures::fixture_in(&shared(), env_var, rel)
}

/// The AWS documentation examples, `../shared/vectors/s3-doc-examples.json`.
pub fn doc_vectors() -> Option<serde_json::Value> {
    fixtures::doc_vectors_in(&shared())
}

/// The binary of `examples/<name>.rs`, which `cargo test` builds next to
/// the test binaries. Fails when it is missing or older than its source.
pub fn example_binary(name: &str) -> PathBuf {
    let deps = std::env::current_exe().unwrap();
    let dir = deps.parent().unwrap().parent().unwrap().join("examples");
    let exe = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let rebuild = "run `cargo test` (it builds examples) or `cargo build --examples`";
    assert!(
        exe.exists(),
        "example not built at {}: {rebuild}",
        exe.display()
    );
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("examples/{name}.rs"));
    let modified = |p: &PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).unwrap();
    assert!(
        modified(&exe) >= modified(&source),
        "{} is older than its source: {rebuild}",
        exe.display()
    );
    exe
}

pub mod browser;
pub mod server;
