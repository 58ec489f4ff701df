//! Presign an S3 URL from the command line.
//!
//! ```text
//! cargo run --example presign -- <get|put|head|delete> s3://BUCKET/KEY
//!     [--expires SECS] [--region REGION] [--endpoint URL] [--path-style]
//!     [--date YYYYMMDDTHHMMSSZ] [--header 'Name: value']... [--query name=value]...
//! cargo run --example presign -- post s3://BUCKET/PREFIX
//!     [--expires SECS] [--condition JSON]... [--field name=value]... (and the options above)
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

use std::process::ExitCode;
use std::time::Duration;

use presign::{AmzDate, Bucket, Credentials, Endpoint, PostPolicy, UrlStyle};

/// The example credentials of the AWS documentation (S3 examples).
const EXAMPLE_ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const EXAMPLE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const USAGE: &str = "usage: presign <get|put|head|delete|post> s3://BUCKET/KEY [--expires SECS] \
[--region REGION] [--endpoint URL] [--path-style] [--date YYYYMMDDTHHMMSSZ] \
[--header 'Name: value']... [--query name=value]... [--condition JSON]... [--field name=value]...";

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
        return Err(USAGE.to_string());
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

fn run() -> Result<String, String> {
    let args = parse_args(std::env::args().skip(1))?;
    let creds = match Credentials::from_env().map_err(|e| e.to_string())? {
        Some(creds) => creds,
        None => {
            eprintln!(
                "presign: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY not set; \
                 using the AWS documentation's example credentials ({EXAMPLE_ACCESS_KEY})"
            );
            Credentials::new(EXAMPLE_ACCESS_KEY, EXAMPLE_SECRET).map_err(|e| e.to_string())?
        }
    };
    let region = args
        .region
        .clone()
        .or_else(|| std::env::var("AWS_REGION").ok().filter(|r| !r.is_empty()))
        .unwrap_or_else(|| "us-east-1".to_string());
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

fn main() -> ExitCode {
    match run() {
        Ok(url) => {
            println!("{url}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("presign: {e}");
            ExitCode::from(2)
        }
    }
}
