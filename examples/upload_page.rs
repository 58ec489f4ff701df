//! A small web backend that hands out presigned S3 links: an upload page whose
//! form posts straight to S3 (a presigned POST policy), presigned PUT URLs as
//! JSON, and downloads through a redirect to a presigned GET URL. Your server
//! never sees the file's bytes; it only signs.
//!
//! ```text
//! cargo run --example upload_page -- --bucket BUCKET
//!     [--region REGION] [--endpoint URL] [--path-style] [--listen ADDR]
//!     [--max-size BYTES] [--expires SECS] [--public-url URL]
//! ```
//!
//! Routes:
//!
//! - `GET /`: the upload page. Its form's `action` and hidden fields come from
//!   a fresh presigned POST for a new key `uploads/<random>`, at most
//!   `--max-size` bytes (and at least 1). After the upload S3 redirects the
//!   browser (`success_action_redirect`, 303) back to
//!   `/?bucket=..&key=..&etag=..`, which shows a download link.
//! - `GET /presign-put?key=NAME[&content_type=TYPE]`: JSON
//!   `{"key", "url", "method": "PUT", "headers", "expires_in"}`, a presigned PUT
//!   URL for `uploads/NAME` (a `NAME` already under `uploads/` is kept as is).
//!   With `content_type`, the uploader must send that `Content-Type`.
//! - `GET /download/KEY`: a 303 redirect to a fresh presigned GET URL of `KEY`
//!   (or `uploads/KEY`).
//!
//! Keys from users must be 1 to 1024 bytes of UTF-8 under `uploads/`, without
//! control characters, backslashes, empty segments or `.`/`..` segments.
//! Every value written into HTML is escaped.
//!
//! Credentials come from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
//! `AWS_SESSION_TOKEN`; with none set, the AWS documentation's example
//! credentials are used (and stderr says so). The region comes from
//! `--region`, else `AWS_REGION`, else `us-east-1`. An `--endpoint` whose host
//! is an IP address gets path-style URLs, as does `--path-style`.
//!
//! The first line on stdout is `listening on http://ADDR`, with the port
//! actually bound (so `--listen 127.0.0.1:0` works). This is a demonstration
//! server: std only, one thread per connection, plain HTTP.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use presign::{AmzDate, Bucket, Credentials, Endpoint, PostPolicy, UrlStyle, MAX_EXPIRY};

/// The example credentials of the AWS documentation (S3 examples).
const EXAMPLE_ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const EXAMPLE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const USAGE: &str = "usage: upload_page --bucket BUCKET [--region REGION] [--endpoint URL] \
[--path-style] [--listen ADDR] [--max-size BYTES] [--expires SECS] [--public-url URL]";

/// Every key this server signs lies under this prefix.
const PREFIX: &str = "uploads/";
/// S3's limit on the length of a key, in bytes.
const MAX_KEY_BYTES: usize = 1024;
/// The largest request head (request line and headers) the server reads.
const MAX_HEAD_BYTES: u64 = 16 * 1024;
/// The largest request body the server reads (and discards): no route takes one.
const MAX_BODY_BYTES: u64 = 64 * 1024;
/// How long a connection may stay silent.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// What the server signs with, shared by every connection.
struct App {
    bucket: Bucket,
    credentials: Credentials,
    /// The largest upload the form allows, in bytes.
    max_size: u64,
    /// How long forms and URLs stay valid.
    expires: Duration,
    /// The page's own URL as browsers see it, without a trailing `/`; `None`
    /// to take it from each request's `Host` header.
    public_url: Option<String>,
}

struct Args {
    bucket: String,
    region: Option<String>,
    endpoint: Option<String>,
    path_style: bool,
    listen: String,
    max_size: u64,
    expires: u64,
    public_url: Option<String>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        bucket: String::new(),
        region: None,
        endpoint: None,
        path_style: false,
        listen: "127.0.0.1:8080".to_string(),
        max_size: 10 * 1024 * 1024,
        expires: 600,
        public_url: None,
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "-h" | "--help" => return Err(USAGE.to_string()),
            "--bucket" => parsed.bucket = value()?,
            "--region" => parsed.region = Some(value()?),
            "--endpoint" => parsed.endpoint = Some(value()?),
            "--path-style" => parsed.path_style = true,
            "--listen" => parsed.listen = value()?,
            "--max-size" => {
                let v = value()?;
                parsed.max_size =
                    v.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
                        format!("--max-size takes a positive byte count, got {v:?}")
                    })?;
            }
            "--expires" => {
                let v = value()?;
                parsed.expires = v
                    .parse()
                    .map_err(|_| format!("--expires takes whole seconds, got {v:?}"))?;
            }
            "--public-url" => {
                let v = value()?;
                let url = v.trim_end_matches('/').to_string();
                if !(url.starts_with("http://") || url.starts_with("https://"))
                    || !url.bytes().all(|b| b.is_ascii_graphic())
                {
                    return Err(format!("--public-url takes an http(s) URL, got {v:?}"));
                }
                parsed.public_url = Some(url);
            }
            other => return Err(format!("unknown option {other:?} (try --help)")),
        }
    }
    if parsed.bucket.is_empty() {
        return Err(format!("--bucket is required\n{USAGE}"));
    }
    Ok(parsed)
}

fn setup() -> Result<(App, String), String> {
    let args = parse_args(std::env::args().skip(1))?;
    let credentials = match Credentials::from_env().map_err(|e| e.to_string())? {
        Some(creds) => creds,
        None => {
            eprintln!(
                "upload_page: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY not set; \
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
            // `bucket.127.0.0.1` cannot resolve: an IP address means path style.
            let host = endpoint.host();
            let is_ip = host.starts_with('[')
                || host
                    .split(':')
                    .next()
                    .is_some_and(|h| h.parse::<Ipv4Addr>().is_ok());
            let style = if args.path_style || is_ip {
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
    let expires = Duration::from_secs(args.expires);
    if expires.is_zero() || expires > MAX_EXPIRY {
        return Err(format!(
            "--expires takes 1 to {} seconds (7 days)",
            MAX_EXPIRY.as_secs()
        ));
    }
    let app = App {
        bucket,
        credentials,
        max_size: args.max_size,
        expires,
        public_url: args.public_url,
    };
    Ok((app, args.listen))
}

fn main() -> ExitCode {
    let (app, listen) = match setup() {
        Ok(setup) => setup,
        Err(e) => {
            eprintln!("upload_page: {e}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind(&listen) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("upload_page: cannot listen on {listen}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = match listener.local_addr() {
        Ok(addr) => addr,
        Err(e) => {
            eprintln!("upload_page: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("listening on http://{addr}");
    let _ = std::io::stdout().flush();
    eprintln!(
        "upload_page: uploads go to {}{PREFIX} (up to {} bytes each)",
        app.bucket.url(),
        app.max_size
    );
    let app = Arc::new(app);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let app = Arc::clone(&app);
        std::thread::spawn(move || serve_connection(&app, stream));
    }
    ExitCode::SUCCESS
}

// ---------------------------------------------------------------------------
// HTTP/1.1, just enough: one request per connection.

/// A parsed request. The body, if any, was read and dropped.
struct Request {
    method: String,
    /// The path, still percent-encoded.
    path: String,
    /// The query string after `?`, still encoded; empty if none.
    query: String,
    /// Header names in lower case.
    headers: Vec<(String, String)>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The decoded value of query parameter `name`, if present.
    fn param(&self, name: &str) -> Option<String> {
        self.query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(k).as_deref() == Some(name)).then(|| form_decode(v).unwrap_or_default())
        })
    }
}

struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                // Every page and link here is signed for a short while: a
                // cached copy would hand out expired forms and URLs.
                ("Cache-Control", "no-store".to_string()),
                ("X-Content-Type-Options", "nosniff".to_string()),
                ("Referrer-Policy", "no-referrer".to_string()),
            ],
            body: body.into(),
        }
    }

    fn text(status: u16, body: &str) -> Self {
        Response::new(status, "text/plain; charset=utf-8", format!("{body}\n"))
    }

    fn json(status: u16, value: &serde_json::Value) -> Self {
        Response::new(status, "application/json", format!("{value}\n"))
    }

    fn redirect(location: String) -> Self {
        let mut response = Response::text(303, "See Other");
        response.headers.push(("Location", location));
        response
    }

    fn with_header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        303 => "See Other",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        _ => "Internal Server Error",
    }
}

fn serve_connection(app: &App, stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let (response, head_only) = match read_request(&mut reader) {
        Ok(Some(request)) => (route(app, &request), request.method == "HEAD"),
        Ok(None) => return, // the client closed without a request
        Err(response) => (response, false),
    };
    let _ = write_response(stream, &response, head_only);
}

/// Reads one request; `Err` is the error response to send instead.
fn read_request(reader: &mut BufReader<TcpStream>) -> Result<Option<Request>, Response> {
    let mut head = Vec::new();
    let mut limited = reader.by_ref().take(MAX_HEAD_BYTES);
    loop {
        let before = head.len();
        match limited.read_until(b'\n', &mut head) {
            Ok(0) if head.is_empty() => return Ok(None),
            Ok(0) => return Err(Response::text(400, "incomplete request")),
            Ok(_) => {}
            Err(_) => return Err(Response::text(400, "unreadable request")),
        }
        if !head.ends_with(b"\n") {
            return Err(Response::text(431, "request head too large"));
        }
        let line = &head[before..];
        if line == b"\r\n" || line == b"\n" {
            break;
        }
    }
    let head =
        String::from_utf8(head).map_err(|_| Response::text(400, "request head is not UTF-8"))?;
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Response::text(400, "malformed request line"));
    };
    if !version.starts_with("HTTP/1.") || !target.starts_with('/') {
        return Err(Response::text(400, "malformed request line"));
    }
    let mut headers = Vec::new();
    for line in lines.take_while(|l| !l.is_empty()) {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| Response::text(400, "malformed header"))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let request = Request {
        method: method.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        headers,
    };
    if request.header("transfer-encoding").is_some() {
        return Err(Response::text(
            400,
            "chunked request bodies are not supported",
        ));
    }
    // No route takes a body; read and drop one so that closing the socket
    // cannot reset the connection before the client reads the response.
    let length: u64 = match request.header("content-length") {
        Some(v) => v
            .parse()
            .map_err(|_| Response::text(400, "bad Content-Length"))?,
        None => 0,
    };
    if length > MAX_BODY_BYTES {
        return Err(Response::text(413, "request body too large"));
    }
    std::io::copy(&mut reader.by_ref().take(length), &mut std::io::sink())
        .map_err(|_| Response::text(400, "unreadable request body"))?;
    Ok(Some(request))
}

fn write_response(
    mut stream: TcpStream,
    response: &Response,
    head_only: bool,
) -> std::io::Result<()> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        response.status,
        reason(response.status),
        response.body.len()
    );
    for (name, value) in &response.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

// ---------------------------------------------------------------------------
// Routes.

fn route(app: &App, request: &Request) -> Response {
    if request.method != "GET" && request.method != "HEAD" {
        return Response::text(405, "only GET and HEAD").with_header("Allow", "GET, HEAD".into());
    }
    if request.path == "/" {
        return upload_page(app, request);
    }
    if request.path == "/presign-put" {
        return presign_put(app, request);
    }
    if let Some(encoded) = request.path.strip_prefix("/download/") {
        return download(app, encoded);
    }
    Response::text(404, "not found")
}

/// `GET /`: a page with a fresh upload form, and the result of the last
/// upload when S3 redirected back here.
fn upload_page(app: &App, request: &Request) -> Response {
    let page_url = match page_url(app, request) {
        Ok(url) => url,
        Err(e) => return Response::text(400, e),
    };
    let key = format!("{PREFIX}{}", random_id());
    let form = match sign_upload_form(app, &key, &format!("{page_url}/")) {
        Ok(form) => form,
        Err(e) => return Response::text(500, &format!("cannot sign the upload form: {e}")),
    };

    let mut notice = String::new();
    if let Some(uploaded) = request.param("key") {
        match check_key(&uploaded) {
            Ok(()) => {
                notice = format!(
                    "<p id=\"uploaded\">Uploaded <code id=\"uploaded-key\">{}</code>{}. \
                 <a id=\"download\" href=\"{}\">Download it</a>.</p>\n",
                    escape(&uploaded),
                    request
                        .param("etag")
                        .map(|etag| format!(" (ETag <code>{}</code>)", escape(&etag)))
                        .unwrap_or_default(),
                    escape(&download_path(&uploaded)),
                )
            }
            Err(e) => {
                notice = format!("<p class=\"error\">Not an upload key: {}</p>\n", escape(&e));
            }
        }
    }

    let mut hidden = String::new();
    for (name, value) in &form.fields {
        hidden.push_str(&format!(
            "    <input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
            escape(name),
            escape(value)
        ));
    }
    let html = format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Upload to {bucket}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }}
code, pre {{ background: #f3f3f3; padding: 0 .2em; }}
pre {{ padding: .5em; overflow-x: auto; }}
.error {{ color: #a00; }}
</style>
</head>
<body>
<h1>Upload to <code>{bucket}</code></h1>
{notice}<form id="upload" method="post" action="{action}" enctype="multipart/form-data">
{hidden}    <input id="file" type="file" name="file" required>
    <button id="submit" type="submit">Upload</button>
</form>
<p>The file goes straight from your browser to S3, as <code id="key">{key}</code>;
this server only signed the form. Files of 1 to {max_size} bytes; the form is valid for
{expires} seconds (reload the page for a new one).</p>
<h2>Upload with a presigned PUT</h2>
<p><code>GET /presign-put?key=NAME</code> returns JSON with a URL that accepts one
<code>PUT</code> of <code>{prefix}NAME</code>:</p>
<pre>url=$(curl -s '{page}/presign-put?key=notes.txt' | jq -r .url)
curl -T notes.txt "$url"
curl -L '{page}/download/{prefix}notes.txt'</pre>
</body>
</html>
"#,
        bucket = escape(app.bucket.name()),
        action = escape(&form.action),
        key = escape(&key),
        max_size = app.max_size,
        expires = app.expires.as_secs(),
        prefix = escape(PREFIX),
        page = escape(&page_url),
    );
    let s3_origin = origin(&form.action);
    Response::new(200, "text/html; charset=utf-8", html).with_header(
        "Content-Security-Policy",
        format!(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' {s3_origin}; \
             base-uri 'none'; frame-ancestors 'none'"
        ),
    )
}

/// `GET /presign-put?key=NAME[&content_type=TYPE]`: a presigned PUT URL, as JSON.
fn presign_put(app: &App, request: &Request) -> Response {
    let bad = |message: String| Response::json(400, &serde_json::json!({ "error": message }));
    let Some(name) = request.param("key") else {
        return bad("the key parameter is required".into());
    };
    let key = match user_key(&name) {
        Ok(key) => key,
        Err(e) => return bad(e),
    };
    let content_type = request.param("content_type").filter(|t| !t.is_empty());
    let mut action = app.bucket.put_object(&key);
    if let Some(content_type) = &content_type {
        action = action.with_header("Content-Type", content_type.as_str());
    }
    match action.presign(&app.credentials, AmzDate::now(), app.expires) {
        Ok(url) => {
            let mut headers = serde_json::Map::new();
            if let Some(content_type) = content_type {
                headers.insert("Content-Type".into(), content_type.into());
            }
            Response::json(
                200,
                &serde_json::json!({
                    "key": key,
                    "url": url,
                    "method": "PUT",
                    "headers": headers,
                    "expires_in": app.expires.as_secs(),
                }),
            )
        }
        Err(e) => bad(e.to_string()),
    }
}

/// `GET /download/KEY`: a redirect to a fresh presigned GET URL.
fn download(app: &App, encoded: &str) -> Response {
    let Some(name) = percent_decode(encoded.as_bytes()).and_then(|b| String::from_utf8(b).ok())
    else {
        return Response::text(400, "the key is not percent-encoded UTF-8");
    };
    let key = match user_key(&name) {
        Ok(key) => key,
        Err(e) => return Response::text(400, &e),
    };
    match app
        .bucket
        .get_object(&key)
        .presign(&app.credentials, AmzDate::now(), app.expires)
    {
        Ok(url) => Response::redirect(url),
        Err(e) => Response::text(400, &e.to_string()),
    }
}

// ---------------------------------------------------------------------------
// The presigned POST.

/// An upload form: where it posts, and its fields in order (the file input
/// goes after them: S3 ignores fields that follow the file).
struct UploadForm {
    action: String,
    fields: Vec<(String, String)>,
}

/// Signs a form that uploads one file of 1 to `max_size` bytes as `key`, and
/// sends the browser back to `redirect` afterwards.
fn sign_upload_form(app: &App, key: &str, redirect: &str) -> Result<UploadForm, presign::Error> {
    let policy = PostPolicy::new(app.expires)?
        .eq("key", key)?
        .content_length_range(1, app.max_size)?
        .eq("success_action_redirect", redirect)?;
    let post = app
        .bucket
        .presign_post(&app.credentials, &policy, AmzDate::now())?;
    Ok(UploadForm {
        action: post.url().to_string(),
        fields: post.fields().to_vec(),
    })
}

// ---------------------------------------------------------------------------
// Keys, URLs, escaping.

/// A key from a user: `NAME` becomes `uploads/NAME` unless it already starts
/// with `uploads/`; then [`check_key`].
fn user_key(name: &str) -> Result<String, String> {
    let key = if name.starts_with(PREFIX) {
        name.to_string()
    } else {
        format!("{PREFIX}{name}")
    };
    check_key(&key)?;
    Ok(key)
}

/// A key this server will sign: under `uploads/`, at most 1024 bytes, no
/// control characters or backslashes, and no empty, `.` or `..` segments.
fn check_key(key: &str) -> Result<(), String> {
    let Some(name) = key.strip_prefix(PREFIX) else {
        return Err(format!("keys must start with {PREFIX}"));
    };
    if name.is_empty() {
        return Err("the key is empty".into());
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(format!("the key is longer than {MAX_KEY_BYTES} bytes"));
    }
    if key.chars().any(|c| c.is_control() || c == '\\') {
        return Err("the key has a control character or a backslash".into());
    }
    if name
        .split('/')
        .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Err("the key has an empty, '.' or '..' segment".into());
    }
    Ok(())
}

/// `/download/KEY`, each segment of the key percent-encoded.
fn download_path(key: &str) -> String {
    let segments: Vec<String> = key.split('/').map(presign::uri_encode).collect();
    format!("/download/{}", segments.join("/"))
}

/// This page's URL without a trailing `/`: `--public-url`, else
/// `http://` and the request's `Host`.
fn page_url(app: &App, request: &Request) -> Result<String, &'static str> {
    if let Some(url) = &app.public_url {
        return Ok(url.clone());
    }
    let host = request.header("host").unwrap_or_default();
    let ok = !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    if !ok {
        return Err("a valid Host header is required");
    }
    Ok(format!("http://{host}"))
}

/// `scheme://host[:port]` of a URL.
fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

/// 16 hex digits, unpredictable enough to keep uploads apart: std's
/// `RandomState` is seeded from the OS, mixed with a counter and the time.
fn random_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(nanos);
    format!("{:016x}", hasher.finish())
}

/// Escapes text for HTML element content and quoted attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Decodes `%XX` escapes; `None` for a malformed escape.
fn percent_decode(s: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Decodes an `application/x-www-form-urlencoded` name or value.
fn form_decode(s: &str) -> Option<String> {
    let plus_as_space = s.replace('+', " ");
    String::from_utf8(percent_decode(plus_as_space.as_bytes())?).ok()
}
