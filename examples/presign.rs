//! Presign an S3 URL from the command line.
//!
//! ```text
//! cargo run --example presign -- <get|put|head|delete> s3://BUCKET/KEY
//!     [--expires SECS] [--region REGION] [--endpoint URL] [--path-style]
//!     [--date YYYYMMDDTHHMMSSZ] [--header 'Name: value']... [--query name=value]...
//! ```
//!
//! Credentials come from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
//! `AWS_SESSION_TOKEN`; with none set, the AWS documentation's example
//! credentials are used (and stderr says so). The region comes from
//! `--region`, else `AWS_REGION`, else `us-east-1`. The URL alone goes to
//! stdout, so it pipes into `curl`.

use std::process::ExitCode;
use std::time::Duration;

use presign::{AmzDate, Bucket, Credentials, Endpoint, UrlStyle};

/// The example credentials of the AWS documentation (S3 examples).
const EXAMPLE_ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const EXAMPLE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const USAGE: &str = "usage: presign <get|put|head|delete> s3://BUCKET/KEY [--expires SECS] \
[--region REGION] [--endpoint URL] [--path-style] [--date YYYYMMDDTHHMMSSZ] \
[--header 'Name: value']... [--query name=value]...";

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
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let method = args.next().ok_or(USAGE)?;
    if method == "-h" || method == "--help" {
        return Err(USAGE.to_string());
    }
    if !["get", "put", "head", "delete"].contains(&method.to_ascii_lowercase().as_str()) {
        return Err(format!("unknown command {method:?} (try --help)"));
    }
    let target = args.next().ok_or(USAGE)?;
    let rest = target
        .strip_prefix("s3://")
        .ok_or_else(|| format!("expected s3://BUCKET/KEY, got {target:?}"))?;
    let (bucket, key) = rest
        .split_once('/')
        .ok_or_else(|| format!("expected s3://BUCKET/KEY, got {target:?}"))?;
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
            let style = if args.path_style {
                UrlStyle::Path
            } else {
                UrlStyle::VirtualHost
            };
            Bucket::new(
                Endpoint::parse(url).map_err(|e| e.to_string())?,
                &args.bucket,
                &region,
                style,
            )
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
    let mut action = match args.method.to_ascii_lowercase().as_str() {
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
        .presign(&creds, time, Duration::from_secs(args.expires))
        .map_err(|e| e.to_string())
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
