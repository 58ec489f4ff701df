//! A fixed amount of signing work, for an instruction counter: on a shared
//! machine timings drift from run to run, instruction counts do not.
//!
//! Run on its own, it presigns the AWS documentation's GET, verifies it, signs the
//! header-signed DynamoDB POST of `benches/signing.rs`, or runs the floor
//! (see `benches/signing.rs`) a given number of times. Counted under
//! callgrind:
//!
//! ```sh
//! cargo bench --bench instructions --no-run
//! bin=$(ls -t target/release/deps/instructions-* | grep -v '\.d$' | head -1)
//! for what in presign verify sign floor; do
//!   valgrind --tool=callgrind --callgrind-out-file=callgrind.$what \
//!     --toggle-collect="instructions::$what" \
//!     --toggle-collect='sha2::sha256::compress256' "$bin" "$what" 10000
//! done
//! ```
//!
//! The first `--toggle-collect` counts only the timed loop; the second stops
//! counting inside SHA-256's block function, which valgrind runs in plain
//! code without the CPU's SHA instructions, where it would outweigh
//! everything else. Each run ends with `Collected : N`: N / 10000 is the
//! count per signature. The presigned GET and the floor hash the same
//! blocks; the POST hashes its own.

use std::hint::black_box;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use presign::verify::{Policy, Received};
use presign::{
    AmzDate, Bucket, Credentials, Endpoint, Payload, Request, Signer, SigningKey, UrlStyle,
};

const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const EXPIRES: Duration = Duration::from_secs(86_400);

#[inline(never)]
fn presign(bucket: &Bucket, creds: &Credentials, time: AmzDate, n: usize) {
    for _ in 0..n {
        let url = bucket
            .get_object(black_box("test.txt"))
            .presign(creds, black_box(time), EXPIRES);
        black_box(url.expect("presign GET"));
    }
}

/// Verifies the presigned GET as a server receives it.
#[inline(never)]
fn verify(target: &str, host: &str, policy: &Policy, creds: &Credentials, time: AmzDate, n: usize) {
    let headers = [("host", host)];
    for _ in 0..n {
        let received = Received {
            method: "GET",
            target: black_box(target),
            headers: &headers,
            payload: Payload::Unsigned,
        };
        black_box(
            policy
                .verify(&received, creds, black_box(time))
                .expect("the presigned GET verifies"),
        );
    }
}

/// A header-signed DynamoDB `GetItem`, its body hash computed beforehand.
#[inline(never)]
fn sign(signer: &Signer, creds: &Credentials, time: AmzDate, body_hash: &str, n: usize) {
    let headers = [
        ("content-type", "application/x-amz-json-1.0"),
        ("x-amz-target", "DynamoDB_20120810.GetItem"),
    ];
    for _ in 0..n {
        let request = Request {
            method: "POST",
            host: black_box("dynamodb.us-east-1.amazonaws.com"),
            path: "/",
            query: &[],
            headers: &headers,
            payload: Payload::Hash(body_hash),
        };
        black_box(
            signer
                .sign(creds, &request, black_box(time))
                .expect("sign POST"),
        );
    }
}

/// SHA-256 of the canonical request, one HMAC with a keyed state, hex.
#[inline(never)]
fn floor(canonical_request: &str, head: &str, mac: &Hmac<Sha256>, n: usize) {
    for _ in 0..n {
        let mut request_hash = [0u8; 64];
        hex::encode_to_slice(
            Sha256::digest(black_box(canonical_request)),
            &mut request_hash,
        )
        .expect("64 hex digits");
        let mut mac = black_box(mac).clone();
        mac.update(head.as_bytes());
        mac.update(&request_hash);
        let mut signature = [0u8; 64];
        hex::encode_to_slice(mac.finalize().into_bytes(), &mut signature).expect("64 hex digits");
        black_box(signature);
    }
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let what = args.next().unwrap_or_default();
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);

    let creds = Credentials::new(ACCESS_KEY, SECRET_KEY).expect("credentials");
    let time = AmzDate::parse("20130524T000000Z").expect("time");
    let endpoint = Endpoint::parse("https://s3.amazonaws.com").expect("endpoint");
    let bucket = Bucket::new(
        endpoint,
        "examplebucket",
        "us-east-1",
        UrlStyle::VirtualHost,
    )
    .expect("bucket");
    let request = Request {
        method: "GET",
        host: bucket.host(),
        path: "/test.txt",
        query: &[],
        headers: &[],
        payload: Payload::Unsigned,
    };
    let steps = bucket
        .signer()
        .explain_presign(&creds, &request, time, EXPIRES)
        .expect("explain");
    let sts = &steps.string_to_sign;
    let head = &sts[..sts.len() - 64];
    let key = SigningKey::derive(SECRET_KEY, "20130524", "us-east-1", "s3");
    let mac = Hmac::<Sha256>::new_from_slice(&key.to_bytes()).expect("HMAC takes any key");
    // The floor computes the same signature, and the key is derived and
    // cached, before anything is counted.
    let mut request_hash = [0u8; 64];
    hex::encode_to_slice(Sha256::digest(&steps.canonical_request), &mut request_hash)
        .expect("64 hex digits");
    let mut check = mac.clone();
    check.update(head.as_bytes());
    check.update(&request_hash);
    assert_eq!(hex::encode(check.finalize().into_bytes()), steps.signature);
    presign(&bucket, &creds, time, 1);
    let dynamodb = Signer::new("us-east-1", "dynamodb").expect("signer");
    let body = r#"{"TableName":"Music","Key":{"Artist":{"S":"No One You Know"}}}"#;
    let body_hash = hex::encode(Sha256::digest(body));
    sign(&dynamodb, &creds, time, &body_hash, 1);

    let url = bucket
        .get_object("test.txt")
        .presign(&creds, time, EXPIRES)
        .expect("presign GET");
    let target = &url[url.find(".com").expect("the host") + 4..];
    let policy = Policy::new("us-east-1", "s3").expect("policy");
    verify(target, bucket.host(), &policy, &creds, time, 1);

    match what.as_str() {
        "presign" => presign(&bucket, &creds, time, n),
        "verify" => verify(target, bucket.host(), &policy, &creds, time, n),
        "sign" => sign(&dynamodb, &creds, time, &body_hash, n),
        "floor" => floor(&steps.canonical_request, head, &mac, n),
        _ => println!(
            "usage: instructions presign|verify|sign|floor [N]: see the top of benches/instructions.rs"
        ),
    }
}
