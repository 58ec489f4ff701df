//! Signing throughput, side by side: `presign`, the `aws-sigv4` and `rusty-s3`
//! crates, and the floor (the cryptography alone, on pre-built strings).
//!
//! ```sh
//! cargo bench --bench signing
//! ```
//!
//! Every contender does the same work on the same inputs, up to the string a
//! user needs (a URL, or the headers to add), and is checked once to produce
//! the same signature as `presign` before anything is timed. After criterion
//! has run, a table of medians and ratios, all from this run, is printed,
//! then the presigned GET's ratio to the floor timed in alternation (see
//! `paired_floor_ratio`).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use criterion::{BenchmarkGroup, Criterion, Throughput};
use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

use presign::{
    AmzDate, Bucket, Credentials, Endpoint, Payload, PostPolicy, Request, SignedRequest, Signer,
    SigningKey, UrlStyle,
};

use presign::verify::{Policy, Received};

use aws_sigv4::http_request::{
    PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation, SigningInstructions,
    SigningSettings, UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use rusty_s3::S3Action;

// ---------------------------------------------------------------------------
// The inputs: the AWS documentation's presigned GET, an upload with headers
// and a query parameter, and a header-signed POST.

const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TIMESTAMP: &str = "20130524T000000Z";
const UNIX_SECONDS: u64 = 1_369_353_600;
const EXPIRES: Duration = Duration::from_secs(86_400);
const REGION: &str = "us-east-1";
const BUCKET: &str = "examplebucket";
const ORIGIN: &str = "https://examplebucket.s3.amazonaws.com";
const HOST: &str = "examplebucket.s3.amazonaws.com";

const GET_KEY: &str = "test.txt";

/// 150 characters (164 bytes) of UTF-8, with spaces, `+` and `%`.
const PUT_KEY: &str = "uploads/2024 Q1+Q2/Zürich + Genève/Día de campo — café crème ✓/\
IMG 0001+edited (final copy) größe/naïve résumé + notes 100% done/photo v2 + final.jpeg";
/// Lower-case names: rusty-s3 wants them so.
const PUT_HEADERS: [(&str, &str); 3] = [
    ("content-type", "image/jpeg"),
    ("x-amz-acl", "bucket-owner-full-control"),
    ("x-amz-meta-album", "summer 2024"),
];
const DISPOSITION: (&str, &str) = (
    "response-content-disposition",
    "attachment; filename=\"summer trip.jpg\"",
);

const POST_HOST: &str = "dynamodb.us-east-1.amazonaws.com";
const POST_HEADERS: [(&str, &str); 2] = [
    ("content-type", "application/x-amz-json-1.0"),
    ("x-amz-target", "DynamoDB_20120810.GetItem"),
];
const POST_BODY: &str = r#"{"TableName":"Music","Key":{"Artist":{"S":"No One You Know"}}}"#;

/// How many URLs one iteration of the throughput benchmarks presigns.
const BATCH: usize = 2_000;

/// RFC 3986 with `/` kept: how an aws-sigv4 user encodes an S3 key.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');
/// RFC 3986: a query value.
const QUERY: &AsciiSet = &PATH.add(b'/');

fn time() -> AmzDate {
    AmzDate::parse(TIMESTAMP).expect("the example time parses")
}

fn system_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(UNIX_SECONDS)
}

fn jiff_time() -> jiff::Timestamp {
    jiff::Timestamp::from_second(UNIX_SECONDS as i64).expect("the example time is valid")
}

fn creds() -> Credentials {
    Credentials::new(ACCESS_KEY, SECRET_KEY).expect("the example credentials are valid")
}

fn bucket() -> Bucket {
    let endpoint = Endpoint::parse("https://s3.amazonaws.com").expect("endpoint");
    Bucket::new(endpoint, BUCKET, REGION, UrlStyle::VirtualHost).expect("bucket")
}

fn body_hash() -> String {
    hex::encode(Sha256::digest(POST_BODY))
}

// ---------------------------------------------------------------------------
// presign

fn ours_get(bucket: &Bucket, creds: &Credentials, time: AmzDate) -> String {
    bucket
        .get_object(GET_KEY)
        .presign(creds, time, EXPIRES)
        .expect("presign GET")
}

/// Verifies the presigned GET as a server would receive it.
fn ours_verify_get(s: &Setup) -> presign::verify::Verified<'_> {
    let received = Received {
        method: "GET",
        target: &s.get_target,
        headers: &[("host", HOST)],
        payload: Payload::Unsigned,
    };
    s.verify_policy
        .verify(&received, &s.creds, s.time)
        .expect("the presigned GET verifies")
}

fn ours_put(bucket: &Bucket, creds: &Credentials, time: AmzDate) -> String {
    let [h1, h2, h3] = PUT_HEADERS;
    bucket
        .put_object(PUT_KEY)
        .with_header(h1.0, h1.1)
        .with_header(h2.0, h2.1)
        .with_header(h3.0, h3.1)
        .with_query(DISPOSITION.0, DISPOSITION.1)
        .presign(creds, time, EXPIRES)
        .expect("presign PUT")
}

fn ours_post(signer: &Signer, creds: &Credentials, hash: &str, time: AmzDate) -> SignedRequest {
    let request = Request {
        method: "POST",
        host: POST_HOST,
        path: "/",
        query: &[],
        headers: &POST_HEADERS,
        payload: Payload::Hash(hash),
    };
    signer.sign(creds, &request, time).expect("sign POST")
}

// ---------------------------------------------------------------------------
// aws-sigv4

fn aws_identity() -> Identity {
    aws_credential_types::Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "bench").into()
}

fn aws_params<'a>(
    identity: &'a Identity,
    service: &'a str,
    settings: SigningSettings,
) -> aws_sigv4::http_request::SigningParams<'a> {
    v4::SigningParams::builder()
        .identity(identity)
        .region(REGION)
        .name(service)
        .time(system_time())
        .settings(settings)
        .build()
        .expect("aws-sigv4 params")
        .into()
}

/// Presigns with aws-sigv4 and applies its instructions to build the URL.
fn aws_presign(identity: &Identity, method: &str, uri: &str, headers: &[(&str, &str)]) -> String {
    let mut settings = SigningSettings::default();
    settings.signature_location = SignatureLocation::QueryParams;
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    settings.expires_in = Some(EXPIRES);
    let params = aws_params(identity, "s3", settings);
    let request = SignableRequest::new(
        method,
        uri,
        headers.iter().copied(),
        SignableBody::UnsignedPayload,
    )
    .expect("aws-sigv4 request");
    let (instructions, _signature) = aws_sigv4::http_request::sign(request, &params)
        .expect("aws-sigv4 presign")
        .into_parts();
    let mut built = http::Request::builder()
        .uri(uri)
        .body(())
        .expect("http request");
    instructions.apply_to_request_http1x(&mut built);
    built.uri().to_string()
}

fn aws_get(identity: &Identity) -> String {
    aws_presign(identity, "GET", &format!("{ORIGIN}/{GET_KEY}"), &[])
}

fn aws_put(identity: &Identity) -> String {
    let uri = format!(
        "{ORIGIN}/{}?{}={}",
        utf8_percent_encode(PUT_KEY, PATH),
        DISPOSITION.0,
        utf8_percent_encode(DISPOSITION.1, QUERY)
    );
    aws_presign(identity, "PUT", &uri, &PUT_HEADERS)
}

fn aws_post(identity: &Identity, hash: &str) -> (SigningInstructions, String) {
    let params = aws_params(identity, "dynamodb", SigningSettings::default());
    let request = SignableRequest::new(
        "POST",
        "https://dynamodb.us-east-1.amazonaws.com/",
        POST_HEADERS.iter().copied(),
        SignableBody::Precomputed(hash.to_string()),
    )
    .expect("aws-sigv4 request");
    aws_sigv4::http_request::sign(request, &params)
        .expect("aws-sigv4 sign")
        .into_parts()
}

// ---------------------------------------------------------------------------
// rusty-s3

fn rusty_bucket() -> rusty_s3::Bucket {
    let endpoint = "https://s3.amazonaws.com".parse().expect("endpoint");
    rusty_s3::Bucket::new(endpoint, rusty_s3::UrlStyle::VirtualHost, BUCKET, REGION)
        .expect("rusty-s3 bucket")
}

fn rusty_creds() -> rusty_s3::Credentials {
    rusty_s3::Credentials::new(ACCESS_KEY, SECRET_KEY)
}

fn rusty_get(
    bucket: &rusty_s3::Bucket,
    creds: &rusty_s3::Credentials,
    time: &jiff::Timestamp,
) -> String {
    bucket
        .get_object(Some(creds), GET_KEY)
        .sign_with_time(EXPIRES, time)
        .into()
}

fn rusty_put(
    bucket: &rusty_s3::Bucket,
    creds: &rusty_s3::Credentials,
    time: &jiff::Timestamp,
) -> String {
    let mut action = bucket.put_object(Some(creds), PUT_KEY);
    for (name, value) in PUT_HEADERS {
        action.headers_mut().insert(name, value);
    }
    action.query_mut().insert(DISPOSITION.0, DISPOSITION.1);
    action.sign_with_time(EXPIRES, time).into()
}

// ---------------------------------------------------------------------------
// The floor: SHA-256 of the canonical request, one HMAC-SHA256 over the string
// to sign with a cached key, and hex encoding, on strings built beforehand.

/// The floor of a POST policy: one HMAC over the base64 policy, in hex.
struct PolicyFloor {
    policy: String,
    mac: Hmac<Sha256>,
}

impl PolicyFloor {
    fn sign(&self) -> [u8; 64] {
        let mut mac = self.mac.clone();
        mac.update(self.policy.as_bytes());
        let mut signature = [0u8; 64];
        hex::encode_to_slice(mac.finalize().into_bytes(), &mut signature).expect("64 hex digits");
        signature
    }
}

struct Floor {
    canonical_request: String,
    /// The string to sign without its last line (the request hash).
    string_to_sign_head: String,
    mac: Hmac<Sha256>,
}

impl Floor {
    fn new(steps: presign::Steps, key: &SigningKey) -> Floor {
        let sts = &steps.string_to_sign;
        let head = &sts[..sts.len() - 64];
        let floor = Floor {
            canonical_request: steps.canonical_request.clone(),
            string_to_sign_head: head.to_string(),
            mac: Hmac::new_from_slice(&key.to_bytes()).expect("HMAC takes any key"),
        };
        let got = floor.sign();
        assert_eq!(
            std::str::from_utf8(&got).expect("hex"),
            steps.signature,
            "the floor computes the same signature"
        );
        floor
    }

    fn sign(&self) -> [u8; 64] {
        let mut request_hash = [0u8; 64];
        hex::encode_to_slice(
            Sha256::digest(self.canonical_request.as_bytes()),
            &mut request_hash,
        )
        .expect("64 hex digits");
        let mut mac = self.mac.clone();
        mac.update(self.string_to_sign_head.as_bytes());
        mac.update(&request_hash);
        let mut signature = [0u8; 64];
        hex::encode_to_slice(mac.finalize().into_bytes(), &mut signature).expect("64 hex digits");
        signature
    }
}

// ---------------------------------------------------------------------------
// Agreement: every contender gives our signature before anything is timed.

fn signature_of(url: &str) -> &str {
    let start = url.find("X-Amz-Signature=").expect("a signature") + 16;
    &url[start..start + 64]
}

struct Setup {
    bucket: Bucket,
    creds: Credentials,
    time: AmzDate,
    post_signer: Signer,
    post_hash: String,
    identity: Identity,
    rusty_bucket: rusty_s3::Bucket,
    rusty_creds: rusty_s3::Credentials,
    jiff_time: jiff::Timestamp,
    floor_get: Floor,
    floor_put: Floor,
    floor_post: Floor,
    policy: PostPolicy,
    floor_policy: PolicyFloor,
    /// The presigned GET as a server receives it, and what verifies it.
    get_target: String,
    verify_policy: Policy,
}

/// A policy with five conditions.
fn policy() -> PostPolicy {
    PostPolicy::new(Duration::from_secs(600))
        .and_then(|p| p.starts_with("key", "user1/"))
        .and_then(|p| p.content_length_range(1, 10_000_000))
        .and_then(|p| p.eq("acl", "private"))
        .and_then(|p| p.eq("Content-Type", "image/png"))
        .and_then(|p| p.eq("x-amz-meta-album", "summer 2024"))
        .expect("policy")
}

impl Setup {
    fn new() -> Setup {
        assert_eq!(PUT_KEY.chars().count(), 150);
        let bucket = bucket();
        let creds = creds();
        let time = time();
        let post_signer = Signer::new(REGION, "dynamodb").expect("signer");
        let post_hash = body_hash();
        let s3_key = SigningKey::derive(SECRET_KEY, &TIMESTAMP[..8], REGION, "s3");
        let dynamo_key = SigningKey::derive(SECRET_KEY, &TIMESTAMP[..8], REGION, "dynamodb");

        let unsigned = |method, path, query, headers| Request {
            method,
            host: bucket.host(),
            path,
            query,
            headers,
            payload: Payload::Unsigned,
        };
        let explain = |request: &Request<'_>| {
            bucket
                .signer()
                .explain_presign(&creds, request, time, EXPIRES)
                .expect("explain")
        };
        let get_path = format!("/{GET_KEY}");
        let floor_get = Floor::new(explain(&unsigned("GET", &get_path, &[], &[])), &s3_key);
        let put_path = format!("/{}", utf8_percent_encode(PUT_KEY, PATH));
        let floor_put = Floor::new(
            explain(&unsigned("PUT", &put_path, &[DISPOSITION], &PUT_HEADERS)),
            &s3_key,
        );
        let post_request = Request {
            method: "POST",
            host: POST_HOST,
            path: "/",
            query: &[],
            headers: &POST_HEADERS,
            payload: Payload::Hash(&post_hash),
        };
        let post_steps = post_signer
            .explain_sign(&creds, &post_request, time)
            .expect("explain");
        let floor_post = Floor::new(post_steps, &dynamo_key);

        let policy = policy();
        let post = bucket
            .presign_post(&creds, &policy, time)
            .expect("presign POST");
        let field = |name| post.field(name).expect("a form field").to_string();
        let floor_policy = PolicyFloor {
            policy: field("policy"),
            mac: Hmac::new_from_slice(&s3_key.to_bytes()).expect("HMAC takes any key"),
        };
        assert_eq!(
            std::str::from_utf8(&floor_policy.sign()).expect("hex"),
            field("x-amz-signature"),
            "the floor computes the same POST policy signature"
        );

        let get_url = ours_get(&bucket, &creds, time);
        let get_target = get_url[ORIGIN.len()..].to_string();
        let verify_policy = Policy::new(REGION, "s3").expect("policy");
        let setup = Setup {
            get_target,
            verify_policy,
            bucket,
            creds,
            time,
            post_signer,
            post_hash,
            identity: aws_identity(),
            rusty_bucket: rusty_bucket(),
            rusty_creds: rusty_creds(),
            jiff_time: jiff_time(),
            floor_get,
            floor_put,
            floor_post,
            policy,
            floor_policy,
        };
        setup.check_agreement();
        setup
    }

    fn check_agreement(&self) {
        let s = self;
        let get = ours_get(&s.bucket, &s.creds, s.time);
        assert_eq!(
            signature_of(&get),
            "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
            "presign reproduces the AWS documentation's example"
        );
        let put = ours_put(&s.bucket, &s.creds, s.time);
        let post = ours_post(&s.post_signer, &s.creds, &s.post_hash, s.time);
        let floor = |f: &Floor| String::from_utf8(f.sign().to_vec()).expect("hex");
        let rows = [
            ("GET", "aws-sigv4", &get, aws_get(&s.identity)),
            (
                "GET",
                "rusty-s3",
                &get,
                rusty_get(&s.rusty_bucket, &s.rusty_creds, &s.jiff_time),
            ),
            ("PUT", "aws-sigv4", &put, aws_put(&s.identity)),
            (
                "PUT",
                "rusty-s3",
                &put,
                rusty_put(&s.rusty_bucket, &s.rusty_creds, &s.jiff_time),
            ),
        ];
        for (case, who, ours, theirs) in rows {
            assert_eq!(
                signature_of(&theirs),
                signature_of(ours),
                "{who} and presign disagree on the {case} signature:\n  ours:   {ours}\n  theirs: {theirs}"
            );
            let same_url = if theirs == *ours {
                "same URL"
            } else {
                "same signature, URL differs in layout"
            };
            println!("agreement: presign {case}: {who} gives the same signature ({same_url})");
        }
        assert_eq!(signature_of(&get), floor(&s.floor_get));
        assert_eq!(signature_of(&put), floor(&s.floor_put));
        let (_, aws_signature) = aws_post(&s.identity, &s.post_hash);
        assert_eq!(aws_signature, post.signature(), "aws-sigv4 POST signature");
        assert_eq!(
            floor(&s.floor_post),
            post.signature(),
            "floor POST signature"
        );
        println!("agreement: header-signed POST: aws-sigv4 gives the same signature");
        println!("agreement: every floor gives the same signature");
    }
}

// ---------------------------------------------------------------------------
// The benchmarks.

type Group<'a> = BenchmarkGroup<'a, criterion::measurement::WallTime>;

fn presign_get_warm(g: &mut Group<'_>, s: &Setup) {
    g.bench_function("presign", |b| {
        b.iter(|| ours_get(black_box(&s.bucket), &s.creds, black_box(s.time)))
    });
    g.bench_function("aws-sigv4", |b| b.iter(|| aws_get(black_box(&s.identity))));
    g.bench_function("rusty-s3", |b| {
        b.iter(|| rusty_get(black_box(&s.rusty_bucket), &s.rusty_creds, &s.jiff_time))
    });
    g.bench_function("floor", |b| b.iter(|| black_box(&s.floor_get).sign()));
    g.bench_function("verify", |b| b.iter(|| ours_verify_get(black_box(s))));
}

fn presign_get_cold(g: &mut Group<'_>, s: &Setup) {
    g.bench_function("presign", |b| {
        b.iter(|| {
            let creds = creds();
            ours_get(black_box(&s.bucket), &creds, black_box(s.time))
        })
    });
    g.bench_function("aws-sigv4", |b| b.iter(|| aws_get(&aws_identity())));
    g.bench_function("rusty-s3", |b| {
        b.iter(|| rusty_get(black_box(&s.rusty_bucket), &rusty_creds(), &s.jiff_time))
    });
}

fn presign_put(g: &mut Group<'_>, s: &Setup) {
    g.bench_function("presign", |b| {
        b.iter(|| ours_put(black_box(&s.bucket), &s.creds, black_box(s.time)))
    });
    g.bench_function("aws-sigv4", |b| b.iter(|| aws_put(black_box(&s.identity))));
    g.bench_function("rusty-s3", |b| {
        b.iter(|| rusty_put(black_box(&s.rusty_bucket), &s.rusty_creds, &s.jiff_time))
    });
    g.bench_function("floor", |b| b.iter(|| black_box(&s.floor_put).sign()));
}

fn sign_headers_post(g: &mut Group<'_>, s: &Setup) {
    g.bench_function("presign", |b| {
        b.iter(|| ours_post(black_box(&s.post_signer), &s.creds, &s.post_hash, s.time))
    });
    g.bench_function("aws-sigv4", |b| {
        b.iter(|| aws_post(black_box(&s.identity), &s.post_hash))
    });
    g.bench_function("floor", |b| b.iter(|| black_box(&s.floor_post).sign()));
}

fn post_policy(g: &mut Group<'_>, s: &Setup) {
    g.bench_function("presign", |b| {
        b.iter(|| {
            s.bucket
                .presign_post(&s.creds, black_box(&s.policy), s.time)
                .expect("presign POST")
        })
    });
    g.bench_function("floor", |b| b.iter(|| black_box(&s.floor_policy).sign()));
}

/// Presigns `BATCH` URLs split across `threads` threads, each running `one`.
fn batch<F: Fn() -> String + Sync>(threads: usize, one: F) {
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for _ in 0..BATCH / threads {
                    black_box(one());
                }
            });
        }
    });
}

fn throughput(g: &mut Group<'_>, s: &Setup) {
    g.throughput(Throughput::Elements(BATCH as u64));
    for threads in [1, 2] {
        let suffix = if threads == 1 {
            "1-thread"
        } else {
            "2-threads"
        };
        // One `Credentials` shared by every thread, as a server would.
        g.bench_function(format!("presign-{suffix}"), |b| {
            b.iter(|| batch(threads, || ours_get(&s.bucket, &s.creds, s.time)))
        });
        if threads > 1 {
            // A `Credentials` per thread: nothing shared but the bucket.
            let own: Vec<Credentials> = (0..threads).map(|_| s.creds.clone()).collect();
            g.bench_function(format!("presign-{suffix}-own-credentials"), |b| {
                b.iter(|| {
                    std::thread::scope(|scope| {
                        for creds in &own {
                            scope.spawn(move || {
                                for _ in 0..BATCH / threads {
                                    black_box(ours_get(&s.bucket, creds, s.time));
                                }
                            });
                        }
                    })
                })
            });
        }
        g.bench_function(format!("aws-sigv4-{suffix}"), |b| {
            b.iter(|| batch(threads, || aws_get(&s.identity)))
        });
        g.bench_function(format!("rusty-s3-{suffix}"), |b| {
            b.iter(|| {
                batch(threads, || {
                    rusty_get(&s.rusty_bucket, &s.rusty_creds, &s.jiff_time)
                })
            })
        });
    }
}

// ---------------------------------------------------------------------------
// The ratio table, from criterion's estimates of this run.

/// Where criterion writes, found as criterion finds it.
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return Path::new(&target).join("criterion");
    }
    // This executable is target/<profile>/deps/signing-<hash>.
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.join("criterion")))
        .unwrap_or_else(|| PathBuf::from("target/criterion"))
}

/// The median of one benchmark, in nanoseconds, if it ran after `since`.
fn median(dir: &Path, group: &str, function: &str, since: SystemTime) -> Option<f64> {
    let file = dir.join(group).join(function).join("new/estimates.json");
    let fresh = std::fs::metadata(&file).ok()?.modified().ok()? >= since;
    if !fresh {
        return None;
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).ok()?).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn show_time(ns: f64) -> String {
    if ns >= 1_000_000.0 {
        format!("{:.2} ms", ns / 1_000_000.0)
    } else if ns >= 1_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{ns:.0} ns")
    }
}

/// `theirs / ours`, with the target when there is one.
fn ratio(theirs: Option<f64>, ours: Option<f64>, target: Option<(f64, bool)>) -> String {
    match (theirs, ours) {
        (Some(t), Some(o)) => {
            let r = t / o;
            let verdict = match target {
                Some((goal, at_least)) => {
                    let met = if at_least { r >= goal } else { r <= goal };
                    let sign = if at_least { "≥" } else { "≤" };
                    format!(
                        " (target {sign} {goal}: {})",
                        if met { "met" } else { "MISSED" }
                    )
                }
                None => String::new(),
            };
            format!("{r:.2}×{verdict}")
        }
        _ => "—".to_string(),
    }
}

/// `first` ÷ `second`, timed in alternation.
///
/// Criterion times each function in a window of its own, and the speed of a
/// shared machine drifts from one window to the next: the ratio of two
/// medians mixes that drift in. Here short batches of the two alternate, so
/// both run under the same conditions; the 10th, 50th and 90th percentiles
/// of the per-round ratios show how much the conditions still move it.
fn paired_ratio(first: impl Fn(), second: impl Fn()) -> [f64; 3] {
    const ROUNDS: usize = 201;
    const PER_ROUND: usize = 2_000;
    let time = |work: &dyn Fn()| {
        let start = Instant::now();
        for _ in 0..PER_ROUND {
            work();
        }
        start.elapsed().as_secs_f64()
    };
    let mut ratios: Vec<f64> = (0..ROUNDS).map(|_| time(&first) / time(&second)).collect();
    ratios.sort_by(f64::total_cmp);
    [10, 50, 90].map(|p| ratios[p * (ROUNDS - 1) / 100])
}

fn report(since: SystemTime, setup: &Setup) {
    let dir = criterion_dir();
    let m = |group: &str, function: &str| median(&dir, group, function, since);
    let rows: [(&str, &str, Option<f64>, Option<f64>); 5] = [
        (
            "presign GET, warm key",
            "presign_get_warm",
            Some(3.0),
            Some(1.5),
        ),
        ("presign GET, cold key", "presign_get_cold", None, None),
        ("presign PUT, 3 headers + query", "presign_put", None, None),
        ("header-signed POST", "sign_headers_post", Some(3.0), None),
        ("POST policy, 5 conditions", "post_policy", None, None),
    ];
    let any = rows.iter().any(|r| m(r.1, "presign").is_some());
    if !any {
        return;
    }
    println!();
    println!("Medians of this run (ratio = contender / presign; floor ratio = presign / floor):");
    println!();
    println!("| case | presign | aws-sigv4 | rusty-s3 | presign / floor |");
    println!("|---|---|---|---|---|");
    for (name, group, aws_goal, rusty_goal) in rows {
        let ours = m(group, "presign");
        let Some(ours_ns) = ours else { continue };
        let floor_goal = (group == "presign_get_warm").then_some((1.3, false));
        let floor = m(group, "floor");
        println!(
            "| {name} | {} | {} | {} | {} |",
            show_time(ours_ns),
            ratio(m(group, "aws-sigv4"), ours, aws_goal.map(|g| (g, true))),
            ratio(m(group, "rusty-s3"), ours, rusty_goal.map(|g| (g, true))),
            ratio(ours, floor, floor_goal),
        );
    }
    if let (Some(verify), Some(sign)) = (
        m("presign_get_warm", "verify"),
        m("presign_get_warm", "presign"),
    ) {
        let r = verify / sign;
        let verdict = if r <= 1.5 { "met" } else { "MISSED" };
        println!();
        println!(
            "verify the presigned GET: {} = {r:.2}× presigning it (target ≤ 1.5: {verdict})",
            show_time(verify)
        );
    }
    let presign = || {
        black_box(ours_get(
            black_box(&setup.bucket),
            &setup.creds,
            black_box(setup.time),
        ));
    };
    if m("presign_get_warm", "verify").is_some() {
        let verify = || {
            black_box(ours_verify_get(black_box(setup)));
        };
        let [low, mid, high] = paired_ratio(verify, presign);
        let verdict = if mid <= 1.5 { "met" } else { "MISSED" };
        println!();
        println!(
            "verify the presigned GET / presign it, in alternating rounds: median {mid:.2}× \
             (target ≤ 1.5: {verdict}); 10th–90th percentile {low:.2}–{high:.2}×"
        );
    }
    if m("presign_get_warm", "presign").is_some() {
        let floor = || {
            black_box(black_box(&setup.floor_get).sign());
        };
        let [low, mid, high] = paired_ratio(presign, floor);
        let verdict = if mid <= 1.3 { "met" } else { "MISSED" };
        println!();
        println!(
            "presign GET, warm key / floor, in alternating rounds: median {mid:.2}× \
             (target ≤ 1.3: {verdict}); 10th–90th percentile {low:.2}–{high:.2}×"
        );
    }
    let group = "throughput_get";
    let per_second = |f: &str| m(group, f).map(|ns| BATCH as f64 / ns * 1e9);
    if per_second("presign-1-thread").is_some() {
        println!();
        println!("Presigned GET URLs per second, {BATCH} per batch:");
        println!();
        println!("| signer | 1 thread | 2 threads | scaling |");
        println!("|---|---|---|---|");
        let rows = [
            ("presign", "presign", "presign-2-threads"),
            (
                "presign, a `Credentials` per thread",
                "presign",
                "presign-2-threads-own-credentials",
            ),
            ("aws-sigv4", "aws-sigv4", "aws-sigv4-2-threads"),
            ("rusty-s3", "rusty-s3", "rusty-s3-2-threads"),
        ];
        for (who, one, two) in rows {
            let one = per_second(&format!("{one}-1-thread"));
            let two = per_second(two);
            let show =
                |x: Option<f64>| x.map_or("—".to_string(), |x| format!("{:.0} k/s", x / 1e3));
            let scaling = match (one, two) {
                (Some(a), Some(b)) => format!("{:.2}×", b / a),
                _ => "—".to_string(),
            };
            println!("| {who} | {} | {} | {scaling} |", show(one), show(two));
        }
    }
}

fn main() {
    let started = SystemTime::now();
    let setup = Setup::new();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_millis(1500))
        .sample_size(50)
        .nresamples(20_000)
        .configure_from_args();

    type Bench = fn(&mut Group<'_>, &Setup);
    let groups: [(&str, Bench); 6] = [
        ("presign_get_warm", presign_get_warm),
        ("presign_get_cold", presign_get_cold),
        ("presign_put", presign_put),
        ("sign_headers_post", sign_headers_post),
        ("post_policy", post_policy),
        ("throughput_get", throughput),
    ];
    for (name, bench) in groups {
        let mut group = c.benchmark_group(name);
        if name == "throughput_get" {
            group
                .sample_size(20)
                .measurement_time(Duration::from_secs(3));
        }
        bench(&mut group, &setup);
        group.finish();
    }
    c.final_summary();
    report(started, &setup);
}
