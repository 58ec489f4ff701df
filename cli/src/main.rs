//! `presign`: presigned S3 URLs and POST forms, and their verification, from
//! the command line. Run `presign --help`, or `presign VERB --help`.
//!
//! Credentials and the region are found as the AWS CLI finds them (see
//! [`aws`]). The URL (or form, or verdict) alone goes to stdout, so it pipes
//! into `curl`; notices and errors go to stderr.
//!
//! Exit status: 0 for a URL or form printed, or for `verify` accepting; 1 for
//! `verify` refusing (the reason on stdout); 2 for bad usage or input (one
//! line on stderr, nothing on stdout), or for stdout that cannot be written.
//! A reader that closed the pipe early (`| head -c0`) is not a failure: the
//! status is what it would have been, with nothing on stderr.

mod aws;
mod profile;

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use lexopt::Arg::{Long, Short, Value};
use presign::verify::{Policy, Received};
use presign::{AmzDate, Bucket, Endpoint, Payload, PostPolicy, Rules, UrlStyle};

const USAGE: &str = "usage: presign <get|put|head|delete|post> s3://BUCKET/KEY [OPTIONS] \
| presign verify [OPTIONS] URL (try --help)";

const HELP: &str = "\
presign: presigned S3 URLs and POST forms, and their verification

usage: presign <get|put|head|delete> s3://BUCKET/KEY [OPTIONS]   a presigned URL
       presign post s3://BUCKET/PREFIX [OPTIONS]                 a browser upload form
       presign verify [OPTIONS] URL                              check a presigned URL

Run `presign VERB --help` for each verb's options. `presign --version` prints
the version.
";

const PRESIGN_HELP: &str = "\
usage: presign <get|put|head|delete> s3://BUCKET/KEY [OPTIONS]

Prints a presigned URL for one object and one method.

  --expires-in SECS          lifetime, 1 to 604800 (default 3600; alias --expires)
  --region REGION            the bucket's region
  --profile NAME             the AWS CLI profile to read
  --endpoint URL             an S3-compatible store, such as http://127.0.0.1:9000
  --path-style               https://HOST/BUCKET/KEY instead of https://BUCKET.HOST/KEY
  --date YYYYMMDDTHHMMSSZ    sign as of this time (default: now)
  --header 'Name: value'     a header the URL's user must send (repeatable)
  --query name=value         a query parameter to sign into the URL (repeatable)
";

const POST_HELP: &str = "\
usage: presign post s3://BUCKET/PREFIX [OPTIONS]

Prints {\"url\": ..., \"fields\": {...}} for a browser upload form: the key must
start with PREFIX (its `key` field is PREFIX${filename}).

  --field name=value         a form field the policy requires exactly (repeatable)
  --condition JSON           a policy condition in S3's form (repeatable), such as
                             '[\"content-length-range\", 1, 1048576]' or
                             '[\"starts-with\", \"$Content-Type\", \"image/\"]'
  --expires-in SECS          the policy's lifetime (default 3600; alias --expires)
  --region, --profile, --endpoint, --path-style, --date   as for get
";

const VERIFY_HELP: &str = "\
usage: presign verify [--method METHOD] [--header 'Name: value']... [--now YYYYMMDDTHHMMSSZ]
           [--region REGION] [--service NAME] [--profile NAME] URL

Checks a presigned URL as a server would: the request is METHOD (default GET)
of URL with the headers given, and the URL's host as `Host` unless one is
given. The time is --now (default: the clock), the scope --region and
--service (default s3). Prints one JSON line:
  {\"ok\":true,\"access_key_id\":..,\"region\":..,\"service\":..,\"signed_headers\":[..],
   \"expires\":\"YYYYMMDDTHHMMSSZ\"|null,\"payload_hash\":..}
or {\"ok\":false,\"code\":\"SignatureDoesNotMatch\",\"status\":403,\"message\":..}.
";

const COMMON_HELP: &str = "
Credentials, as the AWS CLI finds them: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
and AWS_SECURITY_TOKEN or AWS_SESSION_TOKEN (not with --profile); else the
profile of --profile, else AWS_PROFILE, else `default`, from ~/.aws/credentials
and ~/.aws/config (AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE move them),
in botocore's order; a role, web identity, IAM Identity Center, aws login or
credential_process is an error (export them first: aws configure
export-credentials --format env); else the AWS documentation's example
credentials, with a notice on stderr.
Region: --region, else AWS_REGION, else AWS_DEFAULT_REGION, else the profile's
region, else us-east-1.

Exit status: 0 when a URL or form is printed, or verify accepts; 1 when verify
refuses (its reason as JSON on stdout); 2 on bad usage or input, or when stdout
cannot be written (a reader that closed the pipe early is no failure).";

/// What the command line asks for.
enum Command {
    /// Print this text on stdout and exit 0.
    Help(String),
    /// A presigned URL (`get`, `put`, `head`, `delete`) or a form (`post`).
    Presign(PresignArgs),
    /// Check a presigned URL.
    Verify(VerifyArgs),
}

/// The options of the presigning verbs.
struct PresignArgs {
    method: String,
    bucket: String,
    key: String,
    expires: u64,
    who: aws::Who,
    endpoint: Option<String>,
    path_style: bool,
    date: Option<String>,
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    conditions: Vec<String>,
    fields: Vec<(String, String)>,
}

/// What `verify` is asked to check.
struct VerifyArgs {
    method: String,
    headers: Vec<(String, String)>,
    now: Option<String>,
    who: aws::Who,
    service: String,
    url: String,
}

fn parse_args(mut parser: lexopt::Parser) -> Result<Command, String> {
    let verb = match parser.next().map_err(|e| e.to_string())? {
        Some(Long("help") | Short('h')) => {
            return Ok(Command::Help(format!("{HELP}{COMMON_HELP}")))
        }
        Some(Long("version") | Short('V')) => {
            return Ok(Command::Help(format!(
                "presign {}",
                env!("CARGO_PKG_VERSION")
            )))
        }
        Some(Value(verb)) => verb
            .into_string()
            .map_err(|v| format!("unknown command {v:?} (try --help)"))?
            .to_ascii_lowercase(),
        Some(other) => {
            return Err(format!(
                "{} before the command; {USAGE}",
                other.unexpected()
            ))
        }
        None => return Err(USAGE.to_string()),
    };
    match verb.as_str() {
        "verify" => parse_verify_args(parser),
        "get" | "put" | "head" | "delete" | "post" => parse_presign_args(verb, parser),
        _ => Err(format!("unknown command {verb:?} (try --help)")),
    }
}

/// The next value of an option, as UTF-8.
fn value(parser: &mut lexopt::Parser) -> Result<String, String> {
    let value = parser.value().map_err(|e| e.to_string())?;
    value
        .into_string()
        .map_err(|v| format!("expected UTF-8, got {v:?}"))
}

/// `Name: value`, trimmed.
fn header(text: &str) -> Result<(String, String), String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("--header takes 'Name: value', got {text:?}"))?;
    Ok((name.trim().to_string(), value.trim().to_string()))
}

fn parse_presign_args(method: String, mut parser: lexopt::Parser) -> Result<Command, String> {
    let post = method == "post";
    let mut target = None;
    let mut parsed = PresignArgs {
        method,
        bucket: String::new(),
        key: String::new(),
        expires: 3600,
        who: aws::Who::default(),
        endpoint: None,
        path_style: false,
        date: None,
        headers: Vec::new(),
        query: Vec::new(),
        conditions: Vec::new(),
        fields: Vec::new(),
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => {
                let help = if post { POST_HELP } else { PRESIGN_HELP };
                return Ok(Command::Help(format!("{help}{COMMON_HELP}")));
            }
            Long(flag @ ("expires-in" | "expires")) => {
                let flag = format!("--{flag}");
                let v = value(&mut parser)?;
                parsed.expires = v
                    .parse()
                    .map_err(|_| format!("{flag} takes whole seconds, got {v:?}"))?;
            }
            Long("region") => parsed.who.region = Some(value(&mut parser)?),
            Long("profile") => parsed.who.profile = Some(value(&mut parser)?),
            Long("endpoint") => parsed.endpoint = Some(value(&mut parser)?),
            Long("path-style") => parsed.path_style = true,
            Long("date") => parsed.date = Some(value(&mut parser)?),
            Long("header") => parsed.headers.push(header(&value(&mut parser)?)?),
            Long("query") if !post => {
                let v = value(&mut parser)?;
                let (name, val) = v.split_once('=').unwrap_or((&v, ""));
                parsed.query.push((name.to_string(), val.to_string()));
            }
            Long("condition") if post => parsed.conditions.push(value(&mut parser)?),
            Long("field") if post => {
                let v = value(&mut parser)?;
                let (name, val) = v
                    .split_once('=')
                    .ok_or_else(|| format!("--field takes name=value, got {v:?}"))?;
                parsed.fields.push((name.to_string(), val.to_string()));
            }
            Value(v) if target.is_none() => {
                target = Some(
                    v.into_string()
                        .map_err(|v| format!("expected UTF-8, got {v:?}"))?,
                )
            }
            Value(v) => return Err(format!("one s3://BUCKET/KEY only, got a second: {v:?}")),
            other => {
                return Err(format!(
                    "{} for {} (try --help)",
                    other.unexpected(),
                    parsed.method
                ))
            }
        }
    }
    let target =
        target.ok_or_else(|| format!("{} needs s3://BUCKET/KEY; {USAGE}", parsed.method))?;
    let rest = target
        .strip_prefix("s3://")
        .ok_or_else(|| format!("expected s3://BUCKET/KEY, got {target:?}"))?;
    let (bucket, key) = match rest.split_once('/') {
        Some(split) => split,
        // A POST form may allow any key: s3://BUCKET alone.
        None if post => (rest, ""),
        None => return Err(format!("expected s3://BUCKET/KEY, got {target:?}")),
    };
    parsed.bucket = bucket.to_string();
    parsed.key = key.to_string();
    Ok(Command::Presign(parsed))
}

fn parse_verify_args(mut parser: lexopt::Parser) -> Result<Command, String> {
    let mut parsed = VerifyArgs {
        method: "GET".to_string(),
        headers: Vec::new(),
        now: None,
        who: aws::Who::default(),
        service: "s3".to_string(),
        url: String::new(),
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => {
                return Ok(Command::Help(format!("{VERIFY_HELP}{COMMON_HELP}")))
            }
            Long("method") => parsed.method = value(&mut parser)?,
            Long("header") => parsed.headers.push(header(&value(&mut parser)?)?),
            Long("now") => parsed.now = Some(value(&mut parser)?),
            Long("region") => parsed.who.region = Some(value(&mut parser)?),
            Long("profile") => parsed.who.profile = Some(value(&mut parser)?),
            Long("service") => parsed.service = value(&mut parser)?,
            Value(v) if parsed.url.is_empty() => {
                parsed.url = v
                    .into_string()
                    .map_err(|v| format!("expected UTF-8, got {v:?}"))?
            }
            Value(v) => return Err(format!("verify takes one URL, got a second: {v:?}")),
            other => return Err(format!("{} for verify (try --help)", other.unexpected())),
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
    Ok(Command::Verify(parsed))
}

/// A presigned URL, or a POST form as JSON.
fn run_presign(args: &PresignArgs) -> Result<String, String> {
    let found = aws::find(&args.who)?;
    let (creds, region) = (&found.credentials, found.region.as_str());
    let bucket = match &args.endpoint {
        Some(url) => {
            let endpoint = Endpoint::parse(url).map_err(|e| e.to_string())?;
            // An IP address has no room for the bucket name: path style.
            let style = if args.path_style || endpoint.is_ip() {
                UrlStyle::Path
            } else {
                UrlStyle::VirtualHost
            };
            Bucket::new(endpoint, &args.bucket, region, style)
        }
        None if args.path_style => Bucket::new(
            Endpoint::aws(region).map_err(|e| e.to_string())?,
            &args.bucket,
            region,
            UrlStyle::Path,
        ),
        None => Bucket::aws(&args.bucket, region),
    }
    .map_err(|e| e.to_string())?;
    let time = match &args.date {
        Some(d) => AmzDate::parse(d).map_err(|e| e.to_string())?,
        None => AmzDate::now(),
    };
    let expires = Duration::from_secs(args.expires);
    let mut action = match args.method.as_str() {
        "post" => return post_form(args, &bucket, creds, time, expires),
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
        .presign(creds, time, expires)
        .map_err(|e| e.to_string())
}

/// Signs a POST policy and returns the form as JSON.
fn post_form(
    args: &PresignArgs,
    bucket: &Bucket,
    creds: &presign::Credentials,
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
fn run_verify(args: &VerifyArgs) -> Result<(String, bool), String> {
    let (host, target) = split_url(&args.url)?;
    let now = match &args.now {
        Some(d) => AmzDate::parse(d).map_err(|e| e.to_string())?,
        None => AmzDate::now(),
    };
    let found = aws::find(&args.who)?;
    let policy = Policy::new(&found.region, &args.service).map_err(|e| e.to_string())?;
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
    Ok(match policy.verify(&received, &found.credentials, now) {
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
    let result = parse_args(lexopt::Parser::from_env()).and_then(|command| match command {
        Command::Help(text) => Ok((text, true)),
        Command::Presign(args) => run_presign(&args).map(|printed| (printed, true)),
        Command::Verify(args) => run_verify(&args),
    });
    let (line, status) = match result {
        Ok((line, accepted)) => (line, if accepted { 0 } else { 1 }),
        Err(e) => {
            // An error that cannot be written leaves the status to say it.
            let _ = writeln!(std::io::stderr(), "presign: {e}");
            return ExitCode::from(2);
        }
    };
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{line}").and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::from(status),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(status),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "presign: cannot write to stdout: {e}");
            ExitCode::from(2)
        }
    }
}
