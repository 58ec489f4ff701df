//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// Finds a fixture folder: `$env_var` when set, else `../shared/<rel>` beside
/// the crate. Where neither exists it says so loudly, and under `CI=true` it
/// fails the test, since CI must never pass by skipping.
pub fn fixture(env_var: &str, rel: &str) -> Option<PathBuf> {
    let path = match std::env::var_os(env_var) {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared")
            .join(rel),
    };
    if path.exists() {
        return Some(path);
    }
    let msg = format!(
        "fixture not found at {} (set {env_var} to its location)",
        path.display()
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{msg}; CI=true requires it");
    }
    eprintln!("\n!!! SKIPPED: {msg}\n");
    None
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

/// The AWS documentation examples, `../shared/vectors/s3-doc-examples.json`.
pub fn doc_vectors() -> Option<serde_json::Value> {
    let dir = fixture("PRESIGN_VECTORS", "vectors")?;
    let text = std::fs::read_to_string(dir.join("s3-doc-examples.json")).expect("read vectors");
    Some(serde_json::from_str(&text).expect("vectors are JSON"))
}

/// One named example from the vectors file.
pub fn doc_vector<'a>(all: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    all["vectors"]
        .as_array()
        .expect("vectors array")
        .iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("vector {name} is missing from s3-doc-examples.json"))
}

pub mod browser;
pub mod server;
