//! A small web backend that hands out presigned S3 links: an upload page that
//! sends files straight to S3, presigned PUT URLs as JSON, and downloads
//! through a redirect to a presigned GET URL. Your server never sees the
//! file's bytes and never talks to S3; it only signs.
//!
//! ```text
//! cargo run --example upload_page -- --bucket BUCKET
//!     [--region REGION] [--endpoint URL] [--path-style] [--listen ADDR]
//!     [--max-size BYTES] [--part-size BYTES] [--expires SECS] [--public-url URL]
//! ```
//!
//! Routes:
//!
//! - `GET /`: the upload page. Its form's `action` and hidden fields come from
//!   a fresh presigned POST for a new key `uploads/<random>`, at most
//!   `--max-size` bytes (and at least 1; at most 5 GiB, S3's limit for one
//!   request). After the upload S3 redirects the browser
//!   (`success_action_redirect`, 303) back to `/?bucket=..&key=..&etag=..`,
//!   which shows a download link. Without JavaScript that is the whole story.
//!   With it, the page's script (`GET /upload.js`) shows a progress bar and a
//!   cancel button: files up to `--part-size` bytes go through the same form
//!   fields by `XMLHttpRequest`, larger ones through a multipart upload that
//!   the script drives with the presigned URLs of the two routes below.
//! - `GET /multipart/create?size=BYTES`: JSON `{"key", "url", "method": "POST",
//!   "headers", "size", "part_size", "part_count", "token", "expires_in",
//!   "expires_at"}`, a presigned CreateMultipartUpload for a new key
//!   `uploads/<random>` (it must be sent with `Content-Type:
//!   application/octet-stream`, which is signed), how a file of `size` bytes
//!   (1 to `--max-size`) is cut: parts of `--part-size` bytes, grown to whole
//!   MiB when the file would need more than 10,000, and a `token` that the
//!   next route requires: an HMAC, under a random secret of this process,
//!   of the key, the size, the part size and the token's expiry (7 days).
//! - `GET /multipart/sign?key=KEY&upload_id=ID&size=BYTES&token=TOKEN[&first=N]`:
//!   JSON `{"key", "upload_id", "size", "part_size", "part_count", "parts":
//!   [{"number", "url", "size"}], "complete": {"url", "method"}, "abort":
//!   {"url", "method"}, "expires_in", "expires_at"}`: presigned UploadPart
//!   URLs for parts `N` (1 by default) to `N + 99` at most, each pinned to its
//!   part's exact `Content-Length`, and the CompleteMultipartUpload and
//!   AbortMultipartUpload URLs of that upload. Only for the key and size that
//!   the token was made for (403 otherwise). The URLs expire `expires_in`
//!   seconds after they were signed (at `expires_at`, Unix time): the script
//!   asks again for URLs older than half that, and for a fresh abort URL.
//! - `GET /presign-put?size=BYTES[&content_type=TYPE]`: JSON `{"key", "url",
//!   "method": "PUT", "headers", "size", "expires_in", "expires_at"}`, a
//!   presigned PUT URL for a new key `uploads/<random>`, for exactly `size`
//!   bytes (1 to the form's limit: `Content-Length` is signed) of type
//!   `TYPE` (signed too): one of [`PUT_CONTENT_TYPES`],
//!   `application/octet-stream` by default.
//! - `GET /download/KEY`: a 303 redirect to a fresh presigned GET URL of `KEY`
//!   (or `uploads/KEY`), which asks for `Content-Disposition: attachment` so
//!   that browsers save uploads rather than render them.
//!
//! Keys from users must be 1 to 1024 bytes of UTF-8 under `uploads/`, without
//! control characters, backslashes, empty segments or `.`/`..` segments.
//! Every value written into HTML is escaped; the script writes text only as
//! text.
//!
//! The script's requests to S3 are cross-origin: the bucket needs a CORS rule
//! for the page's origin (methods `POST`, `PUT`, `DELETE`, header
//! `Content-Type`, `ExposeHeaders: ETag`; see the README).
//!
//! Credentials come from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
//! `AWS_SESSION_TOKEN` (not from profiles); with none set, the AWS
//! documentation's example credentials are used (and stderr says so). The
//! region comes from `--region`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`,
//! else `us-east-1`. An `--endpoint` whose host
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

use hmac::{Hmac, Mac};
use sha2::Sha256;

use presign::{AmzDate, Bucket, Credentials, Endpoint, PostPolicy, UrlStyle, MAX_EXPIRY};

/// The example credentials of the AWS documentation (S3 examples).
const EXAMPLE_ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const EXAMPLE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const USAGE: &str = "usage: upload_page --bucket BUCKET [--region REGION] [--endpoint URL] \
[--path-style] [--listen ADDR] [--max-size BYTES] [--part-size BYTES] [--expires SECS] \
[--public-url URL]";

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

const MIB: u64 = 1024 * 1024;
/// S3's limits on multipart uploads: the smallest part (but the last), the
/// largest part, and the most parts.
const MIN_PART_SIZE: u64 = 5 * MIB;
const MAX_PART_SIZE: u64 = 5 * 1024 * MIB;
const MAX_PARTS: u64 = 10_000;
/// S3's limit on one upload request, the form's.
const MAX_SINGLE_UPLOAD: u64 = 5 * 1024 * MIB;
/// The most part URLs one `/multipart/sign` reply holds: the page asks for
/// the next ones when it gets there, so that no URL waits long enough to
/// expire.
const PARTS_PER_REPLY: u64 = 100;
/// The longest upload id this server signs for.
const MAX_UPLOAD_ID_BYTES: usize = 1024;
/// How long a multipart upload's token lets its holder ask for URLs: a week,
/// S3's longest presigned URL (and a common `AbortIncompleteMultipartUpload`
/// age).
const TOKEN_LIFETIME: Duration = MAX_EXPIRY;
/// The object types `/presign-put` signs: none that a browser would run as a
/// page or script (no HTML, SVG, XML or JavaScript).
const PUT_CONTENT_TYPES: &[&str] = &[
    "application/octet-stream",
    "text/plain",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
];
/// The object type of multipart uploads, signed into the create URL.
const MULTIPART_CONTENT_TYPE: &str = "application/octet-stream";

/// What the server signs with, shared by every connection.
struct App {
    bucket: Bucket,
    credentials: Credentials,
    /// The largest upload, in bytes (the form's limit too, up to 5 GiB).
    max_size: u64,
    /// The part size of multipart uploads, in bytes: the page's script
    /// sends larger files in parts.
    part_size: u64,
    /// How long forms and URLs stay valid.
    expires: Duration,
    /// The page's own URL as browsers see it, without a trailing `/`; `None`
    /// to take it from each request's `Host` header.
    public_url: Option<String>,
    /// The key of the multipart upload tokens' HMAC: random, made at start,
    /// never sent anywhere.
    token_secret: [u8; 32],
}

struct Args {
    bucket: String,
    region: Option<String>,
    endpoint: Option<String>,
    path_style: bool,
    listen: String,
    max_size: u64,
    part_size: u64,
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
        part_size: 8 * MIB,
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
            "--part-size" => {
                let v = value()?;
                parsed.part_size = v
                    .parse()
                    .ok()
                    .filter(|n| (MIN_PART_SIZE..=MAX_PART_SIZE).contains(n))
                    .ok_or_else(|| {
                        format!("--part-size takes {MIN_PART_SIZE} to {MAX_PART_SIZE} bytes (5 MiB to 5 GiB), got {v:?}")
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
    if parsed.max_size > MAX_PARTS * MAX_PART_SIZE {
        return Err(format!(
            "--max-size is at most {} bytes (10,000 parts of 5 GiB)",
            MAX_PARTS * MAX_PART_SIZE
        ));
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
        .or_else(|| env_var("AWS_REGION"))
        .or_else(|| env_var("AWS_DEFAULT_REGION"))
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
        part_size: args.part_size,
        expires,
        public_url: args.public_url,
        token_secret: random_secret(),
    };
    Ok((app, args.listen))
}

/// A variable of the environment, if set and not empty.
fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
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
        204 => "No Content",
        303 => "See Other",
        400 => "Bad Request",
        403 => "Forbidden",
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
    if request.method == "OPTIONS" && request.path == "/" {
        return landing_preflight();
    }
    if request.method != "GET" && request.method != "HEAD" {
        return Response::text(405, "only GET and HEAD").with_header("Allow", "GET, HEAD".into());
    }
    if request.path == "/" {
        return upload_page(app, request);
    }
    if request.path == "/upload.js" {
        return Response::new(200, "text/javascript; charset=utf-8", SCRIPT);
    }
    if request.path == "/multipart/create" {
        return multipart_create(app, request);
    }
    if request.path == "/multipart/sign" {
        return multipart_sign(app, request);
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
/// upload when S3 redirected back here. The form works without script;
/// `/upload.js` adds the progress bar, the cancel button and the multipart
/// path.
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
progress {{ width: 100%; height: 1.2rem; }}
</style>
</head>
<body>
<h1>Upload to <code>{bucket}</code></h1>
{notice}<form id="upload" method="post" action="{action}" enctype="multipart/form-data" data-multipart-above="{part_size}">
{hidden}    <input id="file" type="file" name="file" required>
    <button id="upload-button" type="submit">Upload</button>
    <button id="cancel" type="button" hidden>Cancel</button>
</form>
<p id="transfer" hidden><progress id="progress" max="1" value="0"></progress>
<span id="progress-text"></span></p>
<p id="status" role="status" data-state="idle"></p>
<div id="result"></div>
<p>The file goes straight from your browser to S3, as <code id="key">{key}</code>
(a multipart upload gets a key of its own); this server only signs. Files of 1 to
{form_limit} bytes; the form is valid for {expires} seconds (reload the page for a
new one). With JavaScript, files over {part_size} bytes go up as a multipart upload
in parts of {part_size} bytes, up to {max_size} bytes.</p>
<h2>Upload with a presigned PUT</h2>
<p><code>GET /presign-put?size=BYTES&amp;content_type=TYPE</code> returns JSON with a
URL that accepts one <code>PUT</code> of exactly that many bytes of that type
(<code>application/octet-stream</code> by default) to a new key under
<code>{prefix}</code>:</p>
<pre>reply=$(curl -s "{page}/presign-put?size=$(wc -c &lt; notes.txt)&amp;content_type=text/plain")
curl -T notes.txt -H 'Content-Type: text/plain' "$(echo "$reply" | jq -r .url)"
curl -L "{page}/download/$(echo "$reply" | jq -r .key)"</pre>
<script src="/upload.js"></script>
</body>
</html>
"#,
        bucket = escape(app.bucket.name()),
        action = escape(&form.action),
        key = escape(&key),
        form_limit = form_limit(app),
        part_size = app.part_size,
        max_size = app.max_size,
        expires = app.expires.as_secs(),
        prefix = escape(PREFIX),
        page = escape(&page_url),
    );
    let s3_origin = origin(&form.action);
    let mut response = Response::new(200, "text/html; charset=utf-8", html).with_header(
        "Content-Security-Policy",
        format!(
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; \
             connect-src 'self' {s3_origin}; form-action 'self' {s3_origin}; \
             base-uri 'none'; frame-ancestors 'none'"
        ),
    );
    if request.param("key").is_some() {
        // The page's script posts the form with XMLHttpRequest, which follows
        // S3's 303 to this page as a CORS request from the opaque origin
        // `null`; it reads the key and ETag from the URL it landed on. The
        // page carries nothing secret (a form anyone may ask for), and no
        // credentials are involved.
        response = response.with_header("Access-Control-Allow-Origin", "*".into());
    }
    response
}

/// `OPTIONS /`: the CORS preflight of the request that S3's 303 sends back
/// here after the script's form upload. The script listens for upload
/// progress, which makes every request of that upload preflighted, the
/// redirected `GET` (from the opaque origin `null`) included.
fn landing_preflight() -> Response {
    Response::new(204, "text/plain; charset=utf-8", Vec::new())
        .with_header("Access-Control-Allow-Origin", "*".into())
        .with_header("Access-Control-Allow-Methods", "GET".into())
        .with_header("Access-Control-Max-Age", "600".into())
}

/// `GET /multipart/create?size=BYTES`: a presigned CreateMultipartUpload for
/// a new key under `uploads/`, how the file is cut into parts, and the token
/// that `/multipart/sign` requires for this key and size.
fn multipart_create(app: &App, request: &Request) -> Response {
    let (size, part_size, part_count) = match upload_plan(app, request) {
        Ok(plan) => plan,
        Err(e) => return json_error(&e),
    };
    let key = format!("{PREFIX}{}", random_id());
    let token_expires_at = unix_now() + TOKEN_LIFETIME.as_secs();
    let Some(token) = upload_token(app, &key, size, part_size, token_expires_at) else {
        return Response::json(500, &serde_json::json!({ "error": "cannot make a token" }));
    };
    // The object's type is signed: nobody can make an upload `text/html`.
    let action = app
        .bucket
        .create_multipart_upload(&key)
        .with_header("Content-Type", MULTIPART_CONTENT_TYPE);
    match action.presign(&app.credentials, AmzDate::now(), app.expires) {
        Ok(url) => Response::json(
            200,
            &serde_json::json!({
                "key": key,
                "url": url,
                "method": "POST",
                "headers": { "Content-Type": MULTIPART_CONTENT_TYPE },
                "size": size,
                "part_size": part_size,
                "part_count": part_count,
                "token": token,
                "expires_in": app.expires.as_secs(),
                "expires_at": unix_now() + app.expires.as_secs(),
            }),
        ),
        Err(e) => json_error(&e.to_string()),
    }
}

/// `GET /multipart/sign?key=KEY&upload_id=ID&size=BYTES&token=TOKEN[&first=N]`:
/// the part URLs of parts `N..` (at most [`PARTS_PER_REPLY`]), each for
/// exactly its part's length, and the complete and abort URLs of that one
/// upload; only for the key and size of the token `/multipart/create` gave.
fn multipart_sign(app: &App, request: &Request) -> Response {
    let (size, part_size, part_count) = match upload_plan(app, request) {
        Ok(plan) => plan,
        Err(e) => return json_error(&e),
    };
    let key = request.param("key").unwrap_or_default();
    if let Err(e) = check_key(&key) {
        return json_error(&e);
    }
    let upload_id = request.param("upload_id").unwrap_or_default();
    if upload_id.is_empty()
        || upload_id.len() > MAX_UPLOAD_ID_BYTES
        || !upload_id.bytes().all(|b| b.is_ascii_graphic())
    {
        return json_error(&format!(
            "upload_id takes 1 to {MAX_UPLOAD_ID_BYTES} visible ASCII characters"
        ));
    }
    let token = request.param("token").unwrap_or_default();
    if let Err(e) = check_upload_token(app, &token, &key, size, part_size) {
        return Response::json(403, &serde_json::json!({ "error": e }));
    }
    let first = match request.param("first") {
        None => 1,
        Some(v) => match v.parse::<u64>() {
            Ok(n) if (1..=part_count).contains(&n) => n,
            _ => return json_error(&format!("first takes a part number from 1 to {part_count}")),
        },
    };
    let last = part_count.min(first + PARTS_PER_REPLY - 1);

    let now = AmzDate::now();
    let expires_at = unix_now() + app.expires.as_secs();
    let sign = |action: presign::Action<'_>| action.presign(&app.credentials, now, app.expires);
    let mut parts = Vec::new();
    for number in first..=last {
        let start = (number - 1) * part_size;
        let length = part_size.min(size - start);
        // At most 10,000: `upload_plan` saw to it.
        let Ok(part_number) = u16::try_from(number) else {
            return json_error(&format!("part {number} is past S3's 10,000"));
        };
        let action = app
            .bucket
            .upload_part(&key, part_number, &upload_id)
            .with_header("Content-Length", length.to_string());
        match sign(action) {
            Ok(url) => {
                parts.push(serde_json::json!({ "number": number, "url": url, "size": length }))
            }
            Err(e) => return json_error(&e.to_string()),
        }
    }
    let complete = sign(app.bucket.complete_multipart_upload(&key, &upload_id));
    let abort = sign(app.bucket.abort_multipart_upload(&key, &upload_id));
    match (complete, abort) {
        (Ok(complete), Ok(abort)) => Response::json(
            200,
            &serde_json::json!({
                "key": key,
                "upload_id": upload_id,
                "size": size,
                "part_size": part_size,
                "part_count": part_count,
                "parts": parts,
                "complete": { "url": complete, "method": "POST" },
                "abort": { "url": abort, "method": "DELETE" },
                "expires_in": app.expires.as_secs(),
                "expires_at": expires_at,
            }),
        ),
        (Err(e), _) | (_, Err(e)) => json_error(&e.to_string()),
    }
}

/// The HMAC of one multipart upload's key, size and part size, and of the
/// token's expiry (Unix seconds), under the server's secret:
/// `EXPIRES_AT.HEX`. `None` only if HMAC refused the key (it takes any).
fn upload_token(
    app: &App,
    key: &str,
    size: u64,
    part_size: u64,
    expires_at: u64,
) -> Option<String> {
    let mac = upload_mac(app, key, size, part_size, expires_at)?;
    Some(format!(
        "{expires_at}.{}",
        hex::encode(mac.finalize().into_bytes())
    ))
}

/// The HMAC state of [`upload_token`], fed with everything it covers. A key
/// holds no control character ([`check_key`]), so the lines cannot run into
/// one another.
fn upload_mac(
    app: &App,
    key: &str,
    size: u64,
    part_size: u64,
    expires_at: u64,
) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(&app.token_secret).ok()?;
    mac.update(format!("multipart-upload\n{key}\n{size}\n{part_size}\n{expires_at}").as_bytes());
    Some(mac)
}

/// Checks that `token` is [`upload_token`] of this key, size and part size,
/// and has not expired. The comparison takes the same time wherever the
/// tokens differ.
fn check_upload_token(
    app: &App,
    token: &str,
    key: &str,
    size: u64,
    part_size: u64,
) -> Result<(), &'static str> {
    if token.is_empty() {
        return Err("the token of /multipart/create is required");
    }
    let refused = "the token was not made for this key and size";
    let (expires_at, tag) = token.split_once('.').ok_or(refused)?;
    let expires_at: u64 = expires_at.parse().map_err(|_| refused)?;
    let tag = hex::decode(tag).map_err(|_| refused)?;
    let mac = upload_mac(app, key, size, part_size, expires_at).ok_or(refused)?;
    mac.verify_slice(&tag).map_err(|_| refused)?;
    if unix_now() > expires_at {
        return Err("the token has expired: start the upload again");
    }
    Ok(())
}

/// Seconds since the Unix epoch.
fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The `size` parameter (1 to `--max-size` bytes), the part size and the
/// part count of a multipart upload of that many bytes.
fn upload_plan(app: &App, request: &Request) -> Result<(u64, u64, u64), String> {
    let size = request
        .param("size")
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|n| (1..=app.max_size).contains(n))
        .ok_or_else(|| format!("size takes the file's length, 1 to {} bytes", app.max_size))?;
    let (part_size, part_count) = parts_of(size, app.part_size)?;
    Ok((size, part_size, part_count))
}

/// How `size` bytes are cut into parts: `part_size` bytes each (the last
/// holds the rest), the part size grown to whole MiB where the file would
/// otherwise need more than S3's 10,000 parts. Returns the part size and
/// the number of parts.
fn parts_of(size: u64, part_size: u64) -> Result<(u64, u64), String> {
    let smallest = size.div_ceil(MAX_PARTS).div_ceil(MIB) * MIB;
    let part_size = part_size.max(smallest);
    if part_size > MAX_PART_SIZE {
        return Err(format!("{size} bytes need parts over S3's 5 GiB limit"));
    }
    Ok((part_size, size.div_ceil(part_size)))
}

/// The form's upload limit: `--max-size`, at most what S3 takes in one request.
fn form_limit(app: &App) -> u64 {
    app.max_size.min(MAX_SINGLE_UPLOAD)
}

/// A JSON error reply: `{"error": message}`, 400.
fn json_error(message: &str) -> Response {
    Response::json(400, &serde_json::json!({ "error": message }))
}

/// `GET /presign-put?size=BYTES[&content_type=TYPE]`: a presigned PUT URL for
/// a new key under `uploads/`, for exactly `size` bytes of an allowed type,
/// as JSON.
fn presign_put(app: &App, request: &Request) -> Response {
    if request.param("key").is_some() {
        return json_error("the key parameter is gone: the server picks a new key for each upload");
    }
    let limit = form_limit(app);
    let Some(size) = request
        .param("size")
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|n| (1..=limit).contains(n))
    else {
        return json_error(&format!("size takes the file's length, 1 to {limit} bytes"));
    };
    let content_type = match request.param("content_type") {
        None => PUT_CONTENT_TYPES[0].to_string(),
        Some(t) if PUT_CONTENT_TYPES.contains(&t.as_str()) => t,
        Some(_) => {
            return json_error(&format!(
                "content_type takes one of {}",
                PUT_CONTENT_TYPES.join(", ")
            ))
        }
    };
    let key = format!("{PREFIX}{}", random_id());
    // Both signed: S3 takes exactly `size` bytes, stored as `content_type`.
    let action = app
        .bucket
        .put_object(&key)
        .with_header("Content-Length", size.to_string())
        .with_header("Content-Type", content_type.as_str());
    match action.presign(&app.credentials, AmzDate::now(), app.expires) {
        Ok(url) => Response::json(
            200,
            &serde_json::json!({
                "key": key,
                "url": url,
                "method": "PUT",
                "headers": { "Content-Type": content_type },
                "size": size,
                "expires_in": app.expires.as_secs(),
                "expires_at": unix_now() + app.expires.as_secs(),
            }),
        ),
        Err(e) => json_error(&e.to_string()),
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
        // Saved, not shown: an upload is never rendered as this site's page.
        .with_query("response-content-disposition", "attachment")
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

/// Signs a form that uploads one file of 1 to [`form_limit`] bytes as `key`, and
/// sends the browser back to `redirect` afterwards.
fn sign_upload_form(app: &App, key: &str, redirect: &str) -> Result<UploadForm, presign::Error> {
    let policy = PostPolicy::new(app.expires)?
        .eq("key", key)?
        .content_length_range(1, form_limit(app))?
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

/// 16 hex digits, unpredictable enough to keep uploads apart.
fn random_id() -> String {
    format!("{:016x}", random_u64())
}

/// 32 random bytes: the tokens' secret.
fn random_secret() -> [u8; 32] {
    let mut secret = [0; 32];
    for chunk in secret.chunks_mut(8) {
        chunk.copy_from_slice(&random_u64().to_le_bytes());
    }
    secret
}

/// 64 unpredictable bits, std only: std's `RandomState` is seeded from the
/// OS's random source (SipHash keyed with 128 random bits per process),
/// mixed with a counter and the time. A real service would use a CSPRNG
/// crate such as `getrandom`.
fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(nanos);
    hasher.finish()
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

// ---------------------------------------------------------------------------
// The page's script, served as `/upload.js`.

/// Progress, cancel, and the multipart path. Without it the form still
/// posts; it writes text only through `textContent`, never as HTML.
const SCRIPT: &str = r#""use strict";
// Files up to the part size: the form's own fields and the file, posted with
// XMLHttpRequest (fetch reports no upload progress). Larger files: a multipart
// upload through presigned URLs from this page's server: create, each part,
// complete, and abort on cancel or failure. The bucket's CORS rule must allow
// this page's origin, POST, PUT and DELETE, the Content-Type header, and
// expose ETag. Without that rule, small files fall back to the plain form.

const form = document.getElementById("upload");
const fileInput = document.getElementById("file");
const submitButton = document.getElementById("upload-button");
const cancelButton = document.getElementById("cancel");
const transfer = document.getElementById("transfer");
const bar = document.getElementById("progress");
const barText = document.getElementById("progress-text");
const status = document.getElementById("status");
const multipartAbove = Number(form.dataset.multipartAbove);

class Cancelled extends Error {}
class NetworkError extends Error {}

let cancelled = false;
let inFlight = null; // the request that the cancel button aborts

function setState(state, message) {
  status.dataset.state = state;
  status.textContent = message;
}

function showProgress(sent, total) {
  const percent = total > 0 ? Math.floor((sent * 100) / total) : 100;
  bar.max = total;
  bar.value = sent;
  barText.textContent =
    `${sent.toLocaleString("en")} of ${total.toLocaleString("en")} bytes (${percent}%)`;
}

function stopIfCancelled() {
  if (cancelled) throw new Cancelled("cancelled");
}

// One request; resolves once the whole response is in, whatever its status.
// With `abortable`, the cancel button aborts it.
function send(method, url, body, { abortable = false, onProgress, contentType } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    if (contentType) xhr.setRequestHeader("Content-Type", contentType);
    if (onProgress) xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total);
    xhr.onload = () => resolve(xhr);
    xhr.onerror = () =>
      reject(new NetworkError(`${method} failed: a network error, or CORS refused it`));
    xhr.onabort = () => reject(new Cancelled("cancelled"));
    xhr.onloadend = () => {
      if (inFlight === xhr) inFlight = null;
    };
    if (abortable) inFlight = xhr;
    xhr.send(body);
  });
}

// S3's reply as an XML document; throws with S3's error code unless the
// request succeeded (CompleteMultipartUpload can fail with a 200).
function s3Reply(xhr, what) {
  const xml = new DOMParser().parseFromString(xhr.responseText || "<empty/>", "application/xml");
  const code = xml.querySelector("Error > Code");
  if (xhr.status < 200 || xhr.status > 299 || code) {
    throw new Error(`${what}: S3 answered ${xhr.status} ${code ? code.textContent : ""}`);
  }
  return xml;
}

// A JSON reply of this page's server, which only signs.
async function ask(path) {
  const response = await fetch(path, { cache: "no-store" });
  const reply = await response.json();
  if (!response.ok) throw new Error(reply.error);
  return reply;
}

async function viaForm(file) {
  const xhr = await send("POST", form.action, new FormData(form), {
    abortable: true,
    onProgress: (sent, total) => showProgress(Math.round((file.size * sent) / total), file.size),
  });
  // S3's 303 (success_action_redirect) brings the request back to this page,
  // whose URL carries the key and the ETag; anything else is S3's refusal.
  const back = new URL(xhr.responseURL);
  if (back.origin !== location.origin || xhr.status !== 200) {
    s3Reply(xhr, "the upload");
    throw new Error("the upload: S3 did not send the browser back");
  }
  return { key: back.searchParams.get("key"), etag: back.searchParams.get("etag") };
}

// Signed URLs for the upload from part `first` on (with the complete and
// abort URLs), and when the script stops using them: at half their lifetime,
// so that none is used near its expiry, however slow the uplink.
async function signFrom(upload, first) {
  const q = (name, value) => `${name}=${encodeURIComponent(value)}`;
  const signed = await ask("/multipart/sign?" + [q("key", upload.key),
    q("upload_id", upload.uploadId), q("size", upload.size), q("token", upload.token),
    q("first", first)].join("&"));
  signed.useUntil = Date.now() + (signed.expires_in * 1000) / 2;
  return signed;
}

// The URLs of part `number` (and complete and abort), signed recently enough.
async function fresh(upload, number) {
  const signed = upload.signed;
  if (!signed || Date.now() > signed.useUntil || !signed.parts.some((p) => p.number === number)) {
    upload.signed = await signFrom(upload, number);
  }
  return upload.signed;
}

async function viaMultipart(file) {
  const plan = await ask(`/multipart/create?size=${file.size}`);
  stopIfCancelled();
  // The object's type, sent so that the browser preflights the create: where
  // the bucket's CORS rule does not allow this page, S3 never creates an
  // upload whose id the script could not read, and so could not abort.
  const created = s3Reply(
    await send("POST", plan.url, null, { contentType: plan.headers["Content-Type"] }),
    "creating the upload");
  const upload = {
    key: plan.key,
    uploadId: created.querySelector("UploadId").textContent,
    size: file.size,
    token: plan.token, // what /multipart/sign signs for: this key and size only
    signed: null, // the latest reply of /multipart/sign
  };
  try {
    const etags = await sendParts(file, plan, upload);
    stopIfCancelled();
    const body = "<CompleteMultipartUpload>" + etags.map((etag, i) =>
      `<Part><PartNumber>${i + 1}</PartNumber><ETag>${xmlText(etag)}</ETag></Part>`).join("") +
      "</CompleteMultipartUpload>";
    const complete = (await fresh(upload, plan.part_count)).complete;
    // S3 may complete the upload whatever the browser does now: no cancel.
    cancelButton.hidden = true;
    stopIfCancelled();
    const done = s3Reply(
      await send("POST", complete.url, body, { contentType: "application/xml" }),
      "completing the upload");
    return { key: upload.key, etag: done.querySelector("ETag")?.textContent ?? "" };
  } catch (error) {
    // Frees the parts stored so far (a cancelled part is aborted first),
    // with an abort URL signed now: the last batch's may have expired.
    try {
      const signed = await signFrom(upload, plan.part_count);
      s3Reply(await send("DELETE", signed.abort.url, null), "aborting the upload");
    } catch (failure) {
      throw new Error(`${error.message}; then ${failure.message}`);
    }
    throw error;
  }
}

async function sendParts(file, plan, upload) {
  const etags = [];
  let sent = 0;
  for (let number = 1; number <= plan.part_count; number++) {
    // Part URLs come in batches, signed as they are needed.
    const part = (await fresh(upload, number)).parts.find((p) => p.number === number);
    stopIfCancelled();
    const start = (number - 1) * plan.part_size;
    const xhr = await send("PUT", part.url, file.slice(start, start + part.size), {
      abortable: true,
      onProgress: (loaded) => showProgress(sent + loaded, file.size),
    });
    s3Reply(xhr, `part ${number}`);
    const etag = xhr.getResponseHeader("ETag");
    if (!etag) throw new Error("S3's ETag is hidden: the bucket's CORS rule must expose ETag");
    etags.push(etag);
    sent += part.size;
    showProgress(sent, file.size);
    status.dataset.partsDone = number;
  }
  return etags;
}

function xmlText(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function showUploaded({ key, etag }) {
  const code = document.createElement("code");
  code.id = "uploaded-key";
  code.textContent = key;
  const download = document.createElement("a");
  download.id = "download";
  download.href = "/download/" + key.split("/").map(encodeURIComponent).join("/");
  download.textContent = "Download it";
  const again = document.createElement("a");
  again.href = "/";
  again.textContent = "upload another file";
  const line = document.createElement("p");
  line.append("Uploaded ", code, etag ? ` (ETag ${etag}). ` : ". ", download, " or ", again, ".");
  document.getElementById("uploaded")?.remove(); // the result of an earlier upload
  line.id = "uploaded";
  document.getElementById("result").replaceChildren(line);
}

form.addEventListener("submit", async (event) => {
  const file = fileInput.files[0];
  if (!file) return;
  event.preventDefault();
  cancelled = false;
  submitButton.disabled = true;
  cancelButton.hidden = false;
  transfer.hidden = false;
  showProgress(0, file.size);
  setState("uploading", `Uploading ${file.name}`);
  try {
    const uploaded = file.size > multipartAbove ? await viaMultipart(file) : await viaForm(file);
    showProgress(file.size, file.size);
    showUploaded(uploaded);
    setState("done", "Uploaded.");
  } catch (error) {
    if (error instanceof NetworkError && file.size <= multipartAbove) {
      // Most likely the bucket has no CORS rule for this page, so the script
      // may not read S3's answer: post the form as it would go without the
      // script, which needs none (no progress bar then).
      setState("uploading", `Uploading ${file.name} with the plain form`);
      HTMLFormElement.prototype.submit.call(form);
      return;
    }
    submitButton.disabled = false;
    if (error instanceof Cancelled) setState("cancelled", "Cancelled: nothing was stored.");
    else setState("failed", `Upload failed: ${error.message}`);
  } finally {
    cancelButton.hidden = true;
  }
});

cancelButton.addEventListener("click", () => {
  cancelled = true;
  if (inFlight) inFlight.abort();
});
"#;
