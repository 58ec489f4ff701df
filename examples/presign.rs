//! Presign an S3 URL from the command line.
//!
//! ```text
//! cargo run --example presign -- <get|put|head|delete> s3://BUCKET/KEY
//!     [--expires SECS] [--region REGION] [--endpoint URL] [--path-style]
//!     [--date YYYYMMDDTHHMMSSZ] [--header 'Name: value']... [--query name=value]...
//! cargo run --example presign -- post s3://BUCKET/PREFIX
//!     [--expires SECS] [--condition JSON]... [--field name=value]... (and the options above)
//! cargo run --example presign -- verify [--method METHOD] [--header 'Name: value']...
//!     [--now YYYYMMDDTHHMMSSZ] [--region REGION] [--service NAME] URL
//! ```
//!
//! `post` prints `{"url": ..., "fields": {...}}` for a browser upload form:
//! `PREFIX` becomes the condition `["starts-with", "$key", PREFIX]` and the
//! `key` field `PREFIX${filename}`; each `--field` is an exact match that the
//! form sends; each `--condition` is a policy condition in S3's JSON form
//! (`{"acl": "private"}`, `["eq", "$acl", "private"]`,
//! `["starts-with", "$Content-Type", "image/"]`,
//! `["content-length-range", 1, 1048576]`).
//!
//! Credentials come from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
//! `AWS_SESSION_TOKEN`; with none set, the AWS documentation's example
//! credentials are used (and stderr says so). The region comes from
//! `--region`, else `AWS_REGION`, else `us-east-1`. The URL alone goes to
//! stdout, so it pipes into `curl`.
//!
//! `verify` checks a presigned URL as a server would (`presign::verify`):
//! the request is `--method` (default `GET`) of the URL, with the `--header`s
//! the client would send, and the URL's host (with a non-default port) as
//! `Host` unless a `--header 'Host: ...'` is given; the time is `--now`
//! (default: the clock), the scope `--region` and `--service` (default
//! `s3`). Under S3's rules the payload is `UNSIGNED-PAYLOAD`, otherwise the
//! empty body. It prints one JSON line:
//! `{"ok":true,"access_key_id":..,"region":..,"service":..,"signed_headers":[..],"expires":"YYYYMMDDTHHMMSSZ"|null,"payload_hash":..}`
//! or `{"ok":false,"code":"SignatureDoesNotMatch","status":403,"message":..}`
//! with S3's error code and status.
//!
//! Exit status: 0 for a URL or form printed, or for `verify` accepting; 1
//! for `verify` refusing (the reason on stdout); 2 for bad usage or input
//! (one line on stderr, nothing on stdout). `--help` prints the options and
//! these exit codes on stdout, and exits 0.

use std::process::ExitCode;
use std::time::Duration;

use presign::verify::{Policy, Received};
use presign::{AmzDate, Bucket, Credentials, Endpoint, Payload, PostPolicy, Rules, UrlStyle};

/// The example credentials of the AWS documentation (S3 examples).
const EXAMPLE_ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const EXAMPLE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const USAGE: &str = "usage: presign <get|put|head|delete|post> s3://BUCKET/KEY [OPTIONS] \
| presign verify [OPTIONS] URL (try --help)";

const HELP: &str = "\
usage: presign <get|put|head|delete> s3://BUCKET/KEY [--expires SECS] [--region REGION]
           [--endpoint URL] [--path-style] [--date YYYYMMDDTHHMMSSZ]
           [--header 'Name: value']... [--query name=value]...
       presign post s3://BUCKET/PREFIX [--condition JSON]... [--field name=value]...
           (and the options above)
       presign verify [--method METHOD] [--header 'Name: value']... [--now YYYYMMDDTHHMMSSZ]
           [--region REGION] [--service NAME] URL

Credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, else the
AWS documentation's example credentials. Region: --region, else AWS_REGION, else us-east-1.

Exit status: 0 when a URL or form is printed, or verify accepts; 1 when verify
refuses (its reason as JSON on stdout); 2 on bad usage or input.";

struct Args {
    method: String,
    bucket: String,
    key: String,
    expires: u64,
    region: Option<String>,
    endpoint: Option<String>,
    path_style: bool,
    date: Option<String>,
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    conditions: Vec<String>,
    fields: Vec<(String, String)>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let method = args.next().ok_or(USAGE)?;
    if method == "-h" || method == "--help" {
        return Err(HELP.to_string());
    }
    let method = method.to_ascii_lowercase();
    if !["get", "put", "head", "delete", "post"].contains(&method.as_str()) {
        return Err(format!("unknown command {method:?} (try --help)"));
    }
    let target = args.next().ok_or(USAGE)?;
    let rest = target
        .strip_prefix("s3://")
        .ok_or_else(|| format!("expected s3://BUCKET/KEY, got {target:?}"))?;
    let (bucket, key) = match rest.split_once('/') {
        Some(split) => split,
        // A POST form may allow any key: s3://BUCKET alone.
        None if method == "post" => (rest, ""),
        None => return Err(format!("expected s3://BUCKET/KEY, got {target:?}")),
    };
    let mut parsed = Args {
        method,
        bucket: bucket.to_string(),
        key: key.to_string(),
        expires: 3600,
        region: None,
        endpoint: None,
        path_style: false,
        date: None,
        headers: Vec::new(),
        query: Vec::new(),
        conditions: Vec::new(),
        fields: Vec::new(),
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--expires" => {
                let v = value()?;
                parsed.expires = v
                    .parse()
                    .map_err(|_| format!("--expires takes whole seconds, got {v:?}"))?;
            }
            "--region" => parsed.region = Some(value()?),
            "--endpoint" => parsed.endpoint = Some(value()?),
            "--path-style" => parsed.path_style = true,
            "--date" => parsed.date = Some(value()?),
            "--header" => {
                let v = value()?;
                let (name, val) = v
                    .split_once(':')
                    .ok_or_else(|| format!("--header takes 'Name: value', got {v:?}"))?;
                parsed
                    .headers
                    .push((name.trim().to_string(), val.trim().to_string()));
            }
            "--query" => {
                let v = value()?;
                let (name, val) = v.split_once('=').unwrap_or((&v, ""));
                parsed.query.push((name.to_string(), val.to_string()));
            }
            "--condition" => parsed.conditions.push(value()?),
            "--field" => {
                let v = value()?;
                let (name, val) = v
                    .split_once('=')
                    .ok_or_else(|| format!("--field takes name=value, got {v:?}"))?;
                parsed.fields.push((name.to_string(), val.to_string()));
            }
            other => return Err(format!("unknown option {other:?} (try --help)")),
        }
    }
    Ok(parsed)
}

/// The credentials from the environment, else the documentation's example
/// ones (and stderr says so).
fn credentials() -> Result<Credentials, String> {
    match Credentials::from_env().map_err(|e| e.to_string())? {
        Some(creds) => Ok(creds),
        None => {
            eprintln!(
                "presign: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY not set; \
                 using the AWS documentation's example credentials ({EXAMPLE_ACCESS_KEY})"
            );
            Credentials::new(EXAMPLE_ACCESS_KEY, EXAMPLE_SECRET).map_err(|e| e.to_string())
        }
    }
}

/// `--region`, else `AWS_REGION`, else `us-east-1`.
fn region(given: Option<String>) -> String {
    given
        .or_else(|| std::env::var("AWS_REGION").ok().filter(|r| !r.is_empty()))
        .unwrap_or_else(|| "us-east-1".to_string())
}

fn run() -> Result<String, String> {
    let args = parse_args(std::env::args().skip(1))?;
    let creds = credentials()?;
    let region = region(args.region.clone());
    let bucket = match &args.endpoint {
        Some(url) => {
            let endpoint = Endpoint::parse(url).map_err(|e| e.to_string())?;
            // An IP address has no room for the bucket name: path style.
            let style = if args.path_style || endpoint.is_ip() {
                UrlStyle::Path
            } else {
                UrlStyle::VirtualHost
            };
            Bucket::new(endpoint, &args.bucket, &region, style)
        }
        None if args.path_style => Bucket::new(
            Endpoint::aws(&region).map_err(|e| e.to_string())?,
            &args.bucket,
            &region,
            UrlStyle::Path,
        ),
        None => Bucket::aws(&args.bucket, &region),
    }
    .map_err(|e| e.to_string())?;
    let time = match &args.date {
        Some(d) => AmzDate::parse(d).map_err(|e| e.to_string())?,
        None => AmzDate::now(),
    };
    let expires = Duration::from_secs(args.expires);
    if args.method == "post" {
        return post_form(&args, &bucket, &creds, time, expires);
    }
    let mut action = match args.method.as_str() {
        "get" => bucket.get_object(&args.key),
        "put" => bucket.put_object(&args.key),
        "head" => bucket.head_object(&args.key),
        "delete" => bucket.delete_object(&args.key),
        other => return Err(format!("unknown command {other:?} (try --help)")),
    };
    for (name, value) in &args.headers {
        action = action.with_header(name.as_str(), value.as_str());
    }
    for (name, value) in &args.query {
        action = action.with_query(name.as_str(), value.as_str());
    }
    action
        .presign(&creds, time, expires)
        .map_err(|e| e.to_string())
}

/// Signs a POST policy and returns the form as JSON.
fn post_form(
    args: &Args,
    bucket: &Bucket,
    creds: &Credentials,
    time: AmzDate,
    expires: Duration,
) -> Result<String, String> {
    let err = |e: presign::Error| e.to_string();
    let mut policy = PostPolicy::new(expires)
        .map_err(err)?
        .starts_with("key", &args.key)
        .map_err(err)?;
    for (name, value) in &args.fields {
        policy = policy.eq(name, value).map_err(err)?;
    }
    for text in &args.conditions {
        policy = add_condition(policy, text)?;
    }
    let post = bucket.presign_post(creds, &policy, time).map_err(err)?;
    Ok(post.to_json())
}

/// Adds one condition written in S3's JSON form.
fn add_condition(policy: PostPolicy, text: &str) -> Result<PostPolicy, String> {
    let bad = || {
        format!("--condition takes S3's JSON form, such as '[\"starts-with\", \"$key\", \"a/\"]', got {text:?}")
    };
    let json: serde_json::Value = serde_json::from_str(text).map_err(|_| bad())?;
    let field = |v: &serde_json::Value| -> Result<String, String> {
        let s = v.as_str().ok_or_else(bad)?;
        Ok(s.strip_prefix('$').ok_or_else(bad)?.to_string())
    };
    let result = match &json {
        serde_json::Value::Object(map) if map.len() == 1 => {
            let (name, value) = map.iter().next().ok_or_else(bad)?;
            policy.eq(name, value.as_str().ok_or_else(bad)?)
        }
        serde_json::Value::Array(items) => match items.first().and_then(|v| v.as_str()) {
            Some("eq") if items.len() == 3 => {
                policy.eq_as_array(&field(&items[1])?, items[2].as_str().ok_or_else(bad)?)
            }
            Some("starts-with") if items.len() == 3 => {
                policy.starts_with(&field(&items[1])?, items[2].as_str().ok_or_else(bad)?)
            }
            Some("content-length-range") if items.len() == 3 => {
                let min = items[1].as_u64().ok_or_else(bad)?;
                let max = items[2].as_u64().ok_or_else(bad)?;
                policy.content_length_range(min, max)
            }
            _ => return Err(bad()),
        },
        _ => return Err(bad()),
    };
    result.map_err(|e| e.to_string())
}

/// What `verify` is asked to check.
struct VerifyArgs {
    method: String,
    headers: Vec<(String, String)>,
    now: Option<String>,
    region: Option<String>,
    service: String,
    url: String,
}

fn parse_verify_args(mut args: impl Iterator<Item = String>) -> Result<VerifyArgs, String> {
    let mut parsed = VerifyArgs {
        method: "GET".to_string(),
        headers: Vec::new(),
        now: None,
        region: None,
        service: "s3".to_string(),
        url: String::new(),
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => return Err(HELP.to_string()),
            "--method" => parsed.method = value()?,
            "--header" => {
                let v = value()?;
                let (name, val) = v
                    .split_once(':')
                    .ok_or_else(|| format!("--header takes 'Name: value', got {v:?}"))?;
                parsed
                    .headers
                    .push((name.trim().to_string(), val.trim().to_string()));
            }
            "--now" => parsed.now = Some(value()?),
            "--region" => parsed.region = Some(value()?),
            "--service" => parsed.service = value()?,
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option {flag:?} (try --help)"))
            }
            _ if !parsed.url.is_empty() => {
                return Err(format!("verify takes one URL, got a second: {arg:?}"))
            }
            _ => parsed.url = arg,
        }
    }
    if parsed.url.is_empty() {
        return Err(format!("verify needs a URL; {USAGE}"));
    }
    let method_ok = !parsed.method.is_empty()
        && parsed
            .method
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !method_ok {
        return Err(format!(
            "--method takes an HTTP method, got {:?}",
            parsed.method
        ));
    }
    Ok(parsed)
}

/// Splits an `http(s)://` URL into the `Host` a client sends (lower case,
/// without a default port) and the request target (`/path?query`).
fn split_url(url: &str) -> Result<(String, String), String> {
    let bad = || format!("expected an http:// or https:// URL, got {url:?}");
    let url = url.split_once('#').map_or(url, |(before, _)| before);
    let scheme_end = url.find("://").ok_or_else(bad)?;
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, target) = rest.split_at(authority_end);
    // The endpoint parser writes the host as an HTTP client sends it.
    let endpoint = Endpoint::parse(&format!("{}://{authority}", &url[..scheme_end]))
        .map_err(|e| e.to_string())?;
    let target = if target.starts_with('/') {
        target.to_string()
    } else {
        format!("/{target}")
    };
    if !target.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(format!(
            "the URL's path and query must be encoded (no spaces or control characters), got {target:?}"
        ));
    }
    Ok((endpoint.host().to_string(), target))
}

/// One JSON object, its members in the order given (serde_json's own map
/// would sort them).
fn json_line(members: &[(&str, serde_json::Value)]) -> String {
    let members: Vec<String> = members
        .iter()
        .map(|(name, value)| format!("{}:{value}", serde_json::Value::from(*name)))
        .collect();
    format!("{{{}}}", members.join(","))
}

/// `presign verify`: the JSON line, and whether the URL verified.
fn run_verify() -> Result<(String, bool), String> {
    let args = parse_verify_args(std::env::args().skip(2))?;
    let (host, target) = split_url(&args.url)?;
    let region = region(args.region.clone());
    let policy = Policy::new(&region, &args.service).map_err(|e| e.to_string())?;
    let now = match &args.now {
        Some(d) => AmzDate::parse(d).map_err(|e| e.to_string())?,
        None => AmzDate::now(),
    };
    let creds = credentials()?;
    let mut headers: Vec<(&str, &str)> = args
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        headers.insert(0, ("Host", &host));
    }
    let payload = if Rules::for_service(&args.service) == Rules::S3 {
        Payload::Unsigned
    } else {
        Payload::Empty
    };
    let received = Received {
        method: &args.method,
        target: &target,
        headers: &headers,
        payload,
    };
    use serde_json::Value;
    Ok(match policy.verify(&received, &creds, now) {
        Ok(v) => (
            json_line(&[
                ("ok", Value::Bool(true)),
                ("access_key_id", v.access_key_id.into()),
                ("region", v.region.into()),
                ("service", v.service.into()),
                (
                    "signed_headers",
                    v.signed_headers.split(';').collect::<Vec<_>>().into(),
                ),
                (
                    "expires",
                    v.expires.map_or(Value::Null, |e| e.timestamp().into()),
                ),
                ("payload_hash", v.payload_hash.into()),
            ]),
            true,
        ),
        Err(rejection) => (
            json_line(&[
                ("ok", Value::Bool(false)),
                ("code", rejection.code().into()),
                ("status", rejection.status().into()),
                ("message", rejection.to_string().into()),
            ]),
            false,
        ),
    })
}

fn main() -> ExitCode {
    let result = if std::env::args().nth(1).as_deref() == Some("verify") {
        run_verify()
    } else {
        run().map(|printed| (printed, true))
    };
    match result {
        Ok((line, accepted)) => {
            println!("{line}");
            ExitCode::from(if accepted { 0 } else { 1 })
        }
        Err(help) if help == HELP => {
            println!("{HELP}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("presign: {e}");
            ExitCode::from(2)
        }
    }
}
