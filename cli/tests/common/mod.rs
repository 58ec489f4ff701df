//! Helpers shared by the command's tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Finds a fixture folder: `$env_var` when set, else `../shared/<rel>` beside
/// the repository. Where neither exists it says so loudly, and under
/// `CI=true` it fails the test, since CI must never pass by skipping.
pub fn fixture(env_var: &str, rel: &str) -> Option<PathBuf> {
    let path = match std::env::var_os(env_var) {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared")
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

/// A new, empty directory under the system's temporary one.
pub fn temp_dir() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("presign-cli-test-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A home directory that does not exist: no `~/.aws` files at all.
pub fn no_home() -> PathBuf {
    std::env::temp_dir().join("presign-cli-test-no-such-home")
}

/// Writes `text` to `dir/rel`, creating the folders on the way.
pub fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// Every variable by which the command finds credentials, a region or
/// the AWS CLI's files.
pub const AWS_VARIABLES: [&str; 12] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_CONFIG_FILE",
];

/// The `presign` binary with none of the AWS variables and `home` as its
/// home directory, so that the tester's own `~/.aws` never counts.
pub fn presign(home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_presign"));
    for name in AWS_VARIABLES {
        command.env_remove(name);
    }
    command.env("HOME", home).env("USERPROFILE", home);
    command
}
