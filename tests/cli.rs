//! The newcomer's command, `cargo run --example presign`, run as a process.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

/// `cargo test` builds the examples next to the test binaries.
fn example_binary() -> PathBuf {
    let deps = std::env::current_exe().unwrap();
    let dir = deps.parent().unwrap().parent().unwrap().join("examples");
    let exe = dir.join(format!("presign{}", std::env::consts::EXE_SUFFIX));
    assert!(
        exe.exists(),
        "example not built at {}: run `cargo test` (it builds examples) or `cargo build --examples`",
        exe.display()
    );
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/presign.rs");
    let modified = |p: &PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).unwrap();
    assert!(
        modified(&exe) >= modified(&source),
        "{} is older than its source: run `cargo test` (it builds examples) or `cargo build --examples`",
        exe.display()
    );
    exe
}

fn run(args: &[&str]) -> Output {
    Command::new(example_binary())
        .args(args)
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_REGION")
        .output()
        .unwrap()
}

#[test]
fn cli_reproduces_the_aws_doc_presigned_get() {
    let Some(all) = common::doc_vectors() else {
        return;
    };
    let want = common::doc_vector(&all, "s3-presigned-get-object")["expected"]["url"]
        .as_str()
        .unwrap()
        .to_string();
    let out = run(&[
        "get",
        "s3://examplebucket/test.txt",
        "--endpoint",
        "https://s3.amazonaws.com",
        "--date",
        "20130524T000000Z",
        "--expires",
        "86400",
    ]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{want}\n"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("example credentials"),
        "the fallback to example credentials is announced: {stderr}"
    );
}

#[test]
fn cli_reads_credentials_from_the_environment() {
    let out = Command::new(example_binary())
        .args(["get", "s3://examplebucket/k", "--date", "20130524T000000Z"])
        .env("AWS_ACCESS_KEY_ID", "AKIDFROMENV")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .env("AWS_SESSION_TOKEN", "tok/en+")
        .env("AWS_REGION", "eu-west-1")
        .output()
        .unwrap();
    assert!(out.status.success());
    let url = String::from_utf8(out.stdout).unwrap();
    assert!(url.starts_with("https://examplebucket.s3.eu-west-1.amazonaws.com/k?"));
    assert!(url.contains("X-Amz-Credential=AKIDFROMENV%2F20130524%2Feu-west-1%2Fs3%2Faws4_request"));
    assert!(url.contains("X-Amz-Security-Token=tok%2Fen%2B"));
    assert!(out.stderr.is_empty());
}

#[test]
fn cli_bad_input_is_one_line_and_nonzero() {
    for args in [
        &["get", "s3://examplebucket/k", "--expires", "0"][..],
        &["get", "s3://examplebucket/k", "--expires", "604801"],
        &["get", "s3://Bad_Bucket/k"],
        &[
            "get",
            "s3://examplebucket/k",
            "--header",
            "X-A: b\r\nX-B: c",
        ],
        &["get", "s3://examplebucket/k", "--endpoint", "ftp://x"],
        &["get", "s3://examplebucket/k", "--date", "yesterday"],
        &["frobnicate", "s3://examplebucket/k"],
        &["get", "examplebucket/k"],
        &["get"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        let last = stderr.lines().last().unwrap_or("");
        assert!(last.starts_with("presign: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
