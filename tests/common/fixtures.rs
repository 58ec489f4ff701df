//! The published fixtures in `../shared` beside the repository: found,
//! or loudly skipped (and failed under `CI=true`). Included by path from
//! the library's tests (`tests/common`) and the command's (`cli/tests/common`).

use std::path::{Path, PathBuf};

/// Finds a fixture folder: `$env_var` when set, else `<shared>/<rel>`.
/// Where neither exists it says so loudly, and under `CI=true` it fails
/// the test, since CI must never pass by skipping.
pub fn fixture_in(shared: &Path, env_var: &str, rel: &str) -> Option<PathBuf> {
    let path = match std::env::var_os(env_var) {
        Some(p) => PathBuf::from(p),
        None => shared.join(rel),
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

/// The AWS documentation examples, `s3-doc-examples.json` in the
/// `vectors` fixture.
pub fn doc_vectors_in(shared: &Path) -> Option<serde_json::Value> {
    let dir = fixture_in(shared, "PRESIGN_VECTORS", "vectors")?;
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

/// A vector's list of `[name, value]` pairs.
pub fn vector_pairs(v: &serde_json::Value) -> Vec<(String, String)> {
    v.as_array()
        .expect("a list of pairs")
        .iter()
        .map(|p| {
            let text = |i: usize| p[i].as_str().expect("a pair of strings").to_string();
            (text(0), text(1))
        })
        .collect()
}
