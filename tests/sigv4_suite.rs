//! AWS's published SigV4 test suites, every case, byte for byte; and every
//! signed request of theirs verified by `presign::verify`.
//!
//! The suite lives outside the repository: `$SIGV4_TEST_SUITE`, else
//! `../shared/sigv4-test-suite` (see its README for the file layout).

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use presign::verify::{Form, Policy, Received, Rejection};
use presign::{
    AmzDate, ContentSha256, Credentials, PathRule, Payload, Request, Rules, SessionToken, Signer,
};

/// Cases of the 2015 suite whose expected files are wrong, as the suite's
/// README records ("Known bad data in this folder").
const BAD_OLD_CASES: [(&str, &str); 2] = [
    (
        "post-x-www-form-urlencoded",
        ".creq lists content-length but .sts/.authz were computed without it",
    ),
    (
        "post-x-www-form-urlencoded-parameters",
        ".sts hashes a request with charset=utf8 and no content-length; .authz and .sreq disagree",
    ),
];

/// The 2015 suite's `.sreq` of this case carries get-vanilla's signature; its
/// `.creq`, `.sts` and `.authz` are right and are checked.
const BAD_OLD_SREQ: &str = "get-vanilla-with-session-token";

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// A request parsed the way the suite's README describes.
struct RawRequest {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn read(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8(bytes)
        .expect("suite files are UTF-8")
        .replace('\r', "")
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .expect("suite query strings decode to UTF-8")
        .into_owned()
}

fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

fn parse_request(text: &str) -> RawRequest {
    let (head, body) = match text.split_once("\n\n") {
        Some((h, b)) => (h, b.as_bytes().to_vec()),
        None => (text.trim_end_matches('\n'), Vec::new()),
    };
    let mut lines = head.split('\n');
    let first = lines.next().expect("request line");
    let (method, rest) = first.split_once(' ').expect("method");
    let target = rest.strip_suffix(" HTTP/1.1").expect("HTTP/1.1");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            // obs-fold: an HTTP parser replaces the line break with a space
            // (RFC 9112, 5.2); the signer then collapses the run of spaces.
            let last = headers.last_mut().expect("continuation after a header");
            last.1.push(' ');
            last.1.push_str(line);
        } else {
            let (name, value) = line.split_once(':').expect("header line");
            headers.push((name.to_string(), value.to_string()));
        }
    }
    RawRequest {
        method: method.to_string(),
        path: path.to_string(),
        query: parse_query(query),
        headers,
        body,
    }
}

/// The added headers of a signed request: its header lines that the unsigned
/// request does not have, as (lower-case name, value).
fn added_headers(signed: &str, unsigned: &str) -> BTreeMap<String, String> {
    let head = signed.split("\n\n").next().unwrap_or("");
    let before: Vec<&str> = unsigned
        .split("\n\n")
        .next()
        .unwrap_or("")
        .lines()
        .collect();
    head.lines()
        .skip(1)
        .filter(|l| !l.starts_with([' ', '\t']) && !before.contains(l))
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.to_ascii_lowercase(), v.trim_start().to_string()))
        .collect()
}

/// The request target of a signed request's first line, split into its path
/// and its decoded parameters (as a sorted list, since order is free).
fn split_target(target: &str) -> (String, Vec<(String, String)>) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut params = parse_query(query);
    params.sort();
    (path.to_string(), params)
}

struct Tally {
    passed: usize,
    failed_cases: usize,
    failed: Vec<String>,
    excluded: Vec<String>,
}

impl Tally {
    fn error(&mut self, case: &str, e: presign::Error) {
        self.failed.push(format!("{case}: error {e}"));
        self.failed_cases += 1;
    }

    fn done(&mut self, ok: bool) {
        if ok {
            self.passed += 1;
        } else {
            self.failed_cases += 1;
        }
    }

    fn check(&mut self, case: &str, what: &str, got: &str, want: &str) -> bool {
        if got == want {
            true
        } else {
            self.failed.push(format!(
                "{case}: {what} differs\n--- expected ---\n{want}\n--- got ---\n{got}\n"
            ));
            false
        }
    }
}

struct Context {
    creds: Credentials,
    rules: Rules,
    payload_body: bool,
    region: String,
    service: String,
    time: AmzDate,
    expires: u64,
}

fn context(json: &str) -> Context {
    let c: serde_json::Value = serde_json::from_str(json).expect("context.json");
    let cred = &c["credentials"];
    let mut creds = Credentials::new(
        cred["access_key_id"].as_str().unwrap(),
        cred["secret_access_key"].as_str().unwrap(),
    )
    .unwrap();
    if let Some(token) = cred["token"].as_str() {
        creds = creds.with_session_token(token).unwrap();
    }
    let sign_body = c["sign_body"].as_bool().unwrap();
    let rules = Rules {
        path: if c["normalize"].as_bool().unwrap() {
            PathRule::Normalized
        } else {
            PathRule::Unnormalized
        },
        content_sha256: if sign_body {
            ContentSha256::Header
        } else {
            ContentSha256::Omitted
        },
        session_token: if c["omit_session_token"].as_bool() == Some(true) {
            SessionToken::AddedAfterSigning
        } else {
            SessionToken::Signed
        },
    };
    let ts = c["timestamp"].as_str().unwrap();
    let time = time::OffsetDateTime::parse(ts, &time::format_description::well_known::Rfc3339)
        .expect("timestamp");
    Context {
        creds,
        rules,
        payload_body: sign_body,
        region: c["region"].as_str().unwrap().to_string(),
        service: c["service"].as_str().unwrap().to_string(),
        time: AmzDate::try_from(time).unwrap(),
        expires: c["expiration_in_seconds"].as_u64().unwrap(),
    }
}

/// Runs one case of `aws-signing-test-suite/v4` in both its variants.
fn run_v4_case(dir: &Path, tally: &mut Tally) {
    let case = dir.file_name().unwrap().to_string_lossy().to_string();
    let ctx = context(&read(&dir.join("context.json")));
    let unsigned = read(&dir.join("request.txt"));
    let raw = parse_request(&unsigned);
    let query: Vec<(&str, &str)> = raw.query.iter().map(|(k, v)| (&**k, &**v)).collect();
    let headers: Vec<(&str, &str)> = raw.headers.iter().map(|(k, v)| (&**k, &**v)).collect();
    let host = raw
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.trim())
        .expect("host header");
    let request = Request {
        method: &raw.method,
        host,
        path: &raw.path,
        query: &query,
        headers: &headers,
        payload: if ctx.payload_body {
            Payload::Bytes(&raw.body)
        } else {
            Payload::Empty
        },
    };
    let signer = Signer::new(&ctx.region, &ctx.service)
        .unwrap()
        .with_rules(ctx.rules);

    // Header variant.
    let name = format!("v4/{case} (header)");
    match (
        signer.explain_sign(&ctx.creds, &request, ctx.time),
        signer.sign(&ctx.creds, &request, ctx.time),
    ) {
        (Ok(steps), Ok(signed)) => {
            let want_sig = read(&dir.join("header-signature.txt"));
            let mut ok = tally.check(
                &name,
                "canonical request",
                &steps.canonical_request,
                &read(&dir.join("header-canonical-request.txt")),
            );
            ok &= tally.check(
                &name,
                "string to sign",
                &steps.string_to_sign,
                &read(&dir.join("header-string-to-sign.txt")),
            );
            ok &= tally.check(&name, "signature (explained)", &steps.signature, &want_sig);
            ok &= tally.check(&name, "signature", signed.signature(), &want_sig);
            let signed_request = read(&dir.join("header-signed-request.txt"));
            let first = signed_request.lines().next().unwrap();
            ok &= tally.check(
                &name,
                "target",
                &format!("{:#?}", split_target(signed.target())),
                &format!("{:#?}", split_target(request_target(first))),
            );
            let want = added_headers(&signed_request, &unsigned);
            let got: BTreeMap<String, String> = signed
                .headers()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect();
            ok &= tally.check(
                &name,
                "added headers",
                &format!("{got:#?}"),
                &format!("{want:#?}"),
            );
            tally.done(ok);
        }
        (Err(e), _) | (_, Err(e)) => tally.error(&name, e),
    }

    // Query variant.
    let name = format!("v4/{case} (query)");
    let expires = Duration::from_secs(ctx.expires);
    let steps = match signer.explain_presign(&ctx.creds, &request, ctx.time, expires) {
        Ok(steps) => steps,
        Err(e) => return tally.error(&name, e),
    };
    let want_sig = read(&dir.join("query-signature.txt"));
    let mut ok = tally.check(
        &name,
        "canonical request",
        &steps.canonical_request,
        &read(&dir.join("query-canonical-request.txt")),
    );
    ok &= tally.check(
        &name,
        "string to sign",
        &steps.string_to_sign,
        &read(&dir.join("query-string-to-sign.txt")),
    );
    ok &= tally.check(&name, "signature (explained)", &steps.signature, &want_sig);
    let signed = read(&dir.join("query-signed-request.txt"));
    let presigned = signer.presign(&ctx.creds, &request, ctx.time, expires);
    if RAW_PATH_CASES.contains(&case.as_str()) {
        // The suite's presigned request line holds a raw space or non-ASCII
        // character, which no URL carries: `presign` refuses to return it as
        // a target (see `Signer::presign`).
        let refused = matches!(presigned, Err(presign::Error::InvalidPath(_)));
        ok &= tally.check(
            &name,
            "refusal of a target that is no URL",
            &format!("{presigned:?}"),
            &format!(
                "{:?}",
                Err::<String, _>(presign::Error::InvalidPath(raw.path.clone()))
            ),
        ) && refused;
        eprintln!("note: {name}: canonical request, string to sign and signature checked; presign refuses its raw target, as documented");
        return tally.done(ok);
    }
    let target = match presigned {
        Ok(target) => target,
        Err(e) => return tally.error(&name, e),
    };
    let first = signed.lines().next().unwrap();
    ok &= tally.check(
        &name,
        "presigned target",
        &format!("{:#?}", split_target(&target)),
        &format!("{:#?}", split_target(request_target(first))),
    );
    // No header is added by presigning.
    ok &= tally.check(
        &name,
        "added headers",
        &format!("{:?}", added_headers(&signed, &unsigned)),
        "{}",
    );
    tally.done(ok);
}

/// The target of a request line: `GET /path?query HTTP/1.1`.
fn request_target(line: &str) -> &str {
    line.split_once(' ')
        .unwrap()
        .1
        .strip_suffix(" HTTP/1.1")
        .unwrap()
}

/// The v4 cases whose presigned request line has a raw space or non-ASCII
/// character in its path.
const RAW_PATH_CASES: [&str; 3] = ["get-space-normalized", "get-space-unnormalized", "get-utf8"];

/// Runs one case of the 2015 `aws-sig-v4-test-suite` (header signing only).
fn run_old_case(dir: &Path, tally: &mut Tally) {
    let case = dir.file_name().unwrap().to_string_lossy().to_string();
    let name = format!("2015/{case}");
    if let Some((_, why)) = BAD_OLD_CASES.iter().find(|(c, _)| *c == case) {
        tally.excluded.push(format!("{name}: {why}"));
        return;
    }
    let file = |ext: &str| dir.join(format!("{case}.{ext}"));
    let unsigned = read(&file("req"));
    let raw = parse_request(&unsigned);
    let mut creds = Credentials::new(ACCESS_KEY, SECRET).unwrap();
    let mut rules = Rules::DEFAULT;
    // The 2015 files give no parameters: a session token is whatever the
    // signed request carries (`get-vanilla-with-session-token`,
    // `post-sts-header-*`), and `post-sts-header-after` adds it after signing.
    let token = read(&file("sreq"))
        .lines()
        .find_map(|l| l.strip_prefix("X-Amz-Security-Token:").map(str::to_string));
    if let Some(token) = token {
        creds = creds.with_session_token(token.trim()).unwrap();
    }
    if case == "post-sts-header-after" {
        rules.session_token = SessionToken::AddedAfterSigning;
    }
    let query: Vec<(&str, &str)> = raw.query.iter().map(|(k, v)| (&**k, &**v)).collect();
    let headers: Vec<(&str, &str)> = raw.headers.iter().map(|(k, v)| (&**k, &**v)).collect();
    let host = raw
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.trim())
        .expect("host header");
    let request = Request {
        method: &raw.method,
        host,
        path: &raw.path,
        query: &query,
        headers: &headers,
        payload: Payload::Bytes(&raw.body),
    };
    let signer = Signer::new("us-east-1", "service")
        .unwrap()
        .with_rules(rules);
    let time = AmzDate::parse("20150830T123600Z").unwrap();
    match (
        signer.explain_sign(&creds, &request, time),
        signer.sign(&creds, &request, time),
    ) {
        (Ok(steps), Ok(signed)) => {
            let mut ok = tally.check(
                &name,
                "canonical request",
                &steps.canonical_request,
                &read(&file("creq")),
            );
            ok &= tally.check(
                &name,
                "string to sign",
                &steps.string_to_sign,
                &read(&file("sts")),
            );
            ok &= tally.check(
                &name,
                "authorization",
                signed.authorization(),
                &read(&file("authz")),
            );
            if case == BAD_OLD_SREQ {
                eprintln!("note: {name}: .sreq not compared (the suite README records its signature as wrong)");
            } else {
                let want = added_headers(&read(&file("sreq")), &unsigned);
                let got: BTreeMap<String, String> = signed
                    .headers()
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect();
                ok &= tally.check(
                    &name,
                    "added headers",
                    &format!("{got:#?}"),
                    &format!("{want:#?}"),
                );
            }
            tally.done(ok);
        }
        (Err(e), _) | (_, Err(e)) => tally.error(&name, e),
    }
}

/// Every folder under `dir` that holds a `<name>.req` (the 2015 layout).
fn old_case_dirs(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.join(format!("{name}.req")).exists() {
                out.push(path);
            } else {
                old_case_dirs(&path, out);
            }
        }
    }
}

/// The verifications of the suites' signed requests: each must verify, as
/// a server receives it, with the case's credentials and rules at its
/// signing time.
#[derive(Default)]
struct Verifications {
    verified: usize,
    refused: Vec<String>,
    excluded: Vec<String>,
}

/// Verifies one signed request of the suites (`text`, a request as the
/// README describes it): its request line's target exactly as written,
/// every header (continuation lines unfolded as an HTTP parser does), and
/// its body as the payload. A presigned one must also verify at the end of
/// its lifetime and be `Expired` a second later.
fn verify_signed_request(
    text: &str,
    policy: &Policy,
    creds: &Credentials,
    time: AmzDate,
    expires: Option<u64>,
) -> Result<(), String> {
    let raw = parse_request(text);
    let target = request_target(text.lines().next().expect("request line"));
    let headers: Vec<(&str, &str)> = raw.headers.iter().map(|(k, v)| (&**k, &**v)).collect();
    let received = Received {
        method: &raw.method,
        target,
        headers: &headers,
        payload: Payload::Bytes(&raw.body),
    };
    let at = |unix: i64| AmzDate::from_unix_seconds(unix).unwrap();
    let mut times = vec![time];
    if let Some(expires) = expires {
        times.push(at(time.unix_seconds() + expires as i64));
    }
    for now in times {
        let verified = policy
            .verify(&received, creds, now)
            .map_err(|r| format!("refused at {}: {} ({r:?}: {r})", now.timestamp(), r.code()))?;
        let form = if expires.is_some() {
            Form::Presigned
        } else {
            Form::Header
        };
        let ok = verified.form == form
            && verified.access_key_id == creds.access_key_id()
            && verified.date == time;
        if !ok {
            return Err(format!("verified, but not as signed: {verified:?}"));
        }
    }
    if let Some(expires) = expires {
        let after = at(time.unix_seconds() + expires as i64 + 1);
        match policy.verify(&received, creds, after) {
            Err(Rejection::Expired) => {}
            other => {
                return Err(format!(
                    "a second after its lifetime: {other:?}, not Expired"
                ))
            }
        }
    }
    Ok(())
}

impl Verifications {
    fn record(&mut self, name: &str, outcome: Result<(), String>) {
        match outcome {
            Ok(()) => self.verified += 1,
            Err(why) => self.refused.push(format!("{name}: {why}")),
        }
    }
}

/// Verifies a v4 case's two signed requests, `header-signed-request.txt`
/// and `query-signed-request.txt`, with the rules of its `context.json`.
fn verify_v4_case(dir: &Path, v: &mut Verifications) {
    let case = dir.file_name().unwrap().to_string_lossy().to_string();
    let ctx = context(&read(&dir.join("context.json")));
    let policy = Policy::new(&ctx.region, &ctx.service)
        .unwrap()
        .with_rules(ctx.rules);
    let header = read(&dir.join("header-signed-request.txt"));
    let outcome = verify_signed_request(&header, &policy, &ctx.creds, ctx.time, None);
    v.record(&format!("v4/{case} (header)"), outcome);
    let query = read(&dir.join("query-signed-request.txt"));
    let outcome = verify_signed_request(&query, &policy, &ctx.creds, ctx.time, Some(ctx.expires));
    v.record(&format!("v4/{case} (query)"), outcome);
}

/// Verifies a 2015 case's signed request, `.sreq`: the suite's fixed
/// credentials, scope and time, the default rules (the token added after
/// signing in `post-sts-header-after`).
fn verify_old_case(dir: &Path, v: &mut Verifications) {
    let case = dir.file_name().unwrap().to_string_lossy().to_string();
    let name = format!("2015/{case}");
    if let Some((_, why)) = BAD_OLD_CASES.iter().find(|(c, _)| *c == case) {
        v.excluded.push(format!("{name}: {why}"));
        return;
    }
    let sreq = read(&dir.join(format!("{case}.sreq")));
    let mut creds = Credentials::new(ACCESS_KEY, SECRET).unwrap();
    let token = sreq
        .lines()
        .find_map(|l| l.strip_prefix("X-Amz-Security-Token:"));
    if let Some(token) = token {
        creds = creds.with_session_token(token.trim()).unwrap();
    }
    let mut rules = Rules::DEFAULT;
    if case == "post-sts-header-after" {
        rules.session_token = SessionToken::AddedAfterSigning;
    }
    let policy = Policy::new("us-east-1", "service")
        .unwrap()
        .with_rules(rules);
    let time = AmzDate::parse("20150830T123600Z").unwrap();
    let outcome = verify_signed_request(&sreq, &policy, &creds, time, None);
    if case == BAD_OLD_SREQ {
        // Its signature is get-vanilla's: refusing it is right.
        match outcome {
            Err(why) if why.contains("SignatureDoesNotMatch") => v.excluded.push(format!(
                "{name}: its .sreq carries get-vanilla's signature (the suite README), \
                 and is refused as it should be: {why}"
            )),
            other => v.record(
                &name,
                Err(format!(
                    "its .sreq carries a wrong signature, yet: {other:?}"
                )),
            ),
        }
        return;
    }
    v.record(&name, outcome);
}

/// Every signed request of both suites verifies.
#[test]
fn aws_sigv4_test_suite_verifies() {
    let Some(root) = common::fixture("SIGV4_TEST_SUITE", "sigv4-test-suite") else {
        return;
    };
    let mut v = Verifications::default();
    let mut v4: Vec<_> = std::fs::read_dir(root.join("aws-signing-test-suite/v4"))
        .expect("aws-signing-test-suite/v4")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v4.sort();
    for dir in &v4 {
        verify_v4_case(dir, &mut v);
    }
    let mut old = Vec::new();
    old_case_dirs(&root.join("aws-sig-v4-test-suite"), &mut old);
    old.sort();
    for dir in &old {
        verify_old_case(dir, &mut v);
    }
    for f in &v.refused {
        eprintln!("REFUSED {f}");
    }
    for x in &v.excluded {
        eprintln!("excluded {x}");
    }
    println!(
        "sigv4 suite: {} verified, {} refused, {} excluded (the signed requests of both suites \
         through presign::verify)",
        v.verified,
        v.refused.len(),
        v.excluded.len()
    );
    assert_eq!(
        v.verified + v.refused.len() + v.excluded.len(),
        38 * 2 + 33,
        "every signed request is counted once"
    );
    assert!(
        v.refused.is_empty(),
        "{} signed requests refused:\n{}",
        v.refused.len(),
        v.refused.join("\n")
    );
}

#[test]
fn aws_sigv4_test_suite() {
    let Some(root) = common::fixture("SIGV4_TEST_SUITE", "sigv4-test-suite") else {
        return;
    };
    let mut tally = Tally {
        passed: 0,
        failed_cases: 0,
        failed: Vec::new(),
        excluded: Vec::new(),
    };

    let mut v4: Vec<_> = std::fs::read_dir(root.join("aws-signing-test-suite/v4"))
        .expect("aws-signing-test-suite/v4")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v4.sort();
    for dir in &v4 {
        run_v4_case(dir, &mut tally);
    }

    let mut old = Vec::new();
    old_case_dirs(&root.join("aws-sig-v4-test-suite"), &mut old);
    old.sort();
    for dir in &old {
        run_old_case(dir, &mut tally);
    }

    for f in &tally.failed {
        eprintln!("FAILED {f}");
    }
    for x in &tally.excluded {
        eprintln!("excluded {x}");
    }
    println!(
        "sigv4 suite: {} passed, {} failed, {} excluded",
        tally.passed,
        tally.failed_cases,
        tally.excluded.len()
    );
    // Completeness: every case on disk was run (38 cases x 2 variants, and
    // the 33 cases of the 2015 suite).
    assert_eq!(
        v4.len(),
        38,
        "aws-signing-test-suite/v4 should hold 38 cases"
    );
    assert_eq!(old.len(), 33, "aws-sig-v4-test-suite should hold 33 cases");
    assert_eq!(
        tally.passed + tally.failed_cases + tally.excluded.len(),
        38 * 2 + 33,
        "every case is counted once"
    );
    assert!(
        tally.failed.is_empty(),
        "{} suite checks failed",
        tally.failed.len()
    );
}

/// One `#[test]` per case, so a failure names its case; the summary test
/// above runs them all again and prints the totals.
macro_rules! v4_cases {
    ($($name:ident => $dir:literal,)*) => {
        /// Every v4 case this file names, to check against the folder.
        const V4_CASES: &[&str] = &[$($dir),*];
        mod v4 {
            $(
                #[test]
                fn $name() {
                    super::run_one(|root, tally| {
                        super::run_v4_case(&root.join("aws-signing-test-suite/v4").join($dir), tally)
                    });
                    super::verify_one(|root, v| {
                        super::verify_v4_case(&root.join("aws-signing-test-suite/v4").join($dir), v)
                    });
                }
            )*
        }
    };
}

macro_rules! old_cases {
    ($($name:ident => $dir:literal,)*) => {
        /// Every 2015 case this file names, to check against the folder.
        const OLD_CASES: &[&str] = &[$($dir),*];
        mod suite_2015 {
            $(
                #[test]
                fn $name() {
                    super::run_one(|root, tally| {
                        super::run_old_case(&root.join("aws-sig-v4-test-suite").join($dir), tally)
                    });
                    super::verify_one(|root, v| {
                        super::verify_old_case(&root.join("aws-sig-v4-test-suite").join($dir), v)
                    });
                }
            )*
        }
    };
}

/// Runs one case and fails with its report.
fn run_one(run: impl FnOnce(&Path, &mut Tally)) {
    let Some(root) = common::fixture("SIGV4_TEST_SUITE", "sigv4-test-suite") else {
        return;
    };
    let mut tally = Tally {
        passed: 0,
        failed_cases: 0,
        failed: Vec::new(),
        excluded: Vec::new(),
    };
    run(&root, &mut tally);
    for x in &tally.excluded {
        eprintln!("excluded {x}");
    }
    assert!(tally.failed.is_empty(), "{}", tally.failed.join("\n"));
}

/// Verifies one case's signed requests and fails with the refusals.
fn verify_one(run: impl FnOnce(&Path, &mut Verifications)) {
    let Some(root) = common::fixture("SIGV4_TEST_SUITE", "sigv4-test-suite") else {
        return;
    };
    let mut v = Verifications::default();
    run(&root, &mut v);
    for x in &v.excluded {
        eprintln!("excluded {x}");
    }
    assert!(v.refused.is_empty(), "{}", v.refused.join("\n"));
}

v4_cases! {
    get_header_key_duplicate => "get-header-key-duplicate",
    get_header_value_multiline => "get-header-value-multiline",
    get_header_value_order => "get-header-value-order",
    get_header_value_trim => "get-header-value-trim",
    get_relative_normalized => "get-relative-normalized",
    get_relative_relative_normalized => "get-relative-relative-normalized",
    get_relative_relative_unnormalized => "get-relative-relative-unnormalized",
    get_relative_unnormalized => "get-relative-unnormalized",
    get_slash_dot_slash_normalized => "get-slash-dot-slash-normalized",
    get_slash_dot_slash_unnormalized => "get-slash-dot-slash-unnormalized",
    get_slash_normalized => "get-slash-normalized",
    get_slash_pointless_dot_normalized => "get-slash-pointless-dot-normalized",
    get_slash_pointless_dot_unnormalized => "get-slash-pointless-dot-unnormalized",
    get_slash_unnormalized => "get-slash-unnormalized",
    get_slashes_normalized => "get-slashes-normalized",
    get_slashes_unnormalized => "get-slashes-unnormalized",
    get_space_normalized => "get-space-normalized",
    get_space_unnormalized => "get-space-unnormalized",
    get_unreserved => "get-unreserved",
    get_utf8 => "get-utf8",
    get_vanilla => "get-vanilla",
    get_vanilla_empty_query_key => "get-vanilla-empty-query-key",
    get_vanilla_query => "get-vanilla-query",
    get_vanilla_query_order_encoded => "get-vanilla-query-order-encoded",
    get_vanilla_query_order_key_case => "get-vanilla-query-order-key-case",
    get_vanilla_query_unreserved => "get-vanilla-query-unreserved",
    get_vanilla_utf8_query => "get-vanilla-utf8-query",
    get_vanilla_with_session_token => "get-vanilla-with-session-token",
    post_header_key_case => "post-header-key-case",
    post_header_key_sort => "post-header-key-sort",
    post_header_value_case => "post-header-value-case",
    post_sts_header_after => "post-sts-header-after",
    post_sts_header_before => "post-sts-header-before",
    post_vanilla => "post-vanilla",
    post_vanilla_empty_query_value => "post-vanilla-empty-query-value",
    post_vanilla_query => "post-vanilla-query",
    post_x_www_form_urlencoded => "post-x-www-form-urlencoded",
    post_x_www_form_urlencoded_parameters => "post-x-www-form-urlencoded-parameters",
}

old_cases! {
    get_header_key_duplicate => "get-header-key-duplicate",
    get_header_value_multiline => "get-header-value-multiline",
    get_header_value_order => "get-header-value-order",
    get_header_value_trim => "get-header-value-trim",
    get_unreserved => "get-unreserved",
    get_utf8 => "get-utf8",
    get_vanilla => "get-vanilla",
    get_vanilla_empty_query_key => "get-vanilla-empty-query-key",
    get_vanilla_query => "get-vanilla-query",
    get_vanilla_query_order_encoded => "get-vanilla-query-order-encoded",
    get_vanilla_query_order_key => "get-vanilla-query-order-key",
    get_vanilla_query_order_key_case => "get-vanilla-query-order-key-case",
    get_vanilla_query_order_value => "get-vanilla-query-order-value",
    get_vanilla_query_unreserved => "get-vanilla-query-unreserved",
    get_vanilla_utf8_query => "get-vanilla-utf8-query",
    get_vanilla_with_session_token => "get-vanilla-with-session-token",
    get_relative => "normalize-path/get-relative",
    get_relative_relative => "normalize-path/get-relative-relative",
    get_slash => "normalize-path/get-slash",
    get_slash_dot_slash => "normalize-path/get-slash-dot-slash",
    get_slash_pointless_dot => "normalize-path/get-slash-pointless-dot",
    get_slashes => "normalize-path/get-slashes",
    get_space => "normalize-path/get-space",
    post_header_key_case => "post-header-key-case",
    post_header_key_sort => "post-header-key-sort",
    post_header_value_case => "post-header-value-case",
    post_sts_header_after => "post-sts-token/post-sts-header-after",
    post_sts_header_before => "post-sts-token/post-sts-header-before",
    post_vanilla => "post-vanilla",
    post_vanilla_empty_query_value => "post-vanilla-empty-query-value",
    post_vanilla_query => "post-vanilla-query",
    post_x_www_form_urlencoded => "post-x-www-form-urlencoded",
    post_x_www_form_urlencoded_parameters => "post-x-www-form-urlencoded-parameters",
}

#[test]
fn every_case_on_disk_has_its_own_test() {
    let Some(root) = common::fixture("SIGV4_TEST_SUITE", "sigv4-test-suite") else {
        return;
    };
    let mut v4: Vec<String> = std::fs::read_dir(root.join("aws-signing-test-suite/v4"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v4.sort();
    assert_eq!(v4, V4_CASES, "v4 folders and named tests differ");
    let base = root.join("aws-sig-v4-test-suite");
    let mut dirs = Vec::new();
    old_case_dirs(&base, &mut dirs);
    let mut old: Vec<String> = dirs
        .iter()
        .map(|d| d.strip_prefix(&base).unwrap().to_string_lossy().to_string())
        .collect();
    old.sort();
    assert_eq!(old, OLD_CASES, "2015 folders and named tests differ");
}
