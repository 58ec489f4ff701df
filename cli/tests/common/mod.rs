//! Helpers shared by the command's tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

#[path = "../../../tests/common/fixtures.rs"]
mod fixtures;
#[allow(unused_imports)] // not every test uses it
pub use fixtures::doc_vector;

/// The AWS documentation examples, `../shared/vectors/s3-doc-examples.json`
/// beside the repository.
pub fn doc_vectors() -> Option<serde_json::Value> {
    fixtures::doc_vectors_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
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
