//! A small file server that serves its files only through presigned links,
//! checked with `presign::verify` as S3 checks them: it signs the links, and
//! it verifies them.
//!
//! ```text
//! cargo run --example file_server -- [--root DIR] [--listen ADDR]
//!     [--region REGION] [--public-url URL]
//! ```
//!
//! Routes:
//!
//! - `GET /presign?path=REL[&expires=SECS]`: JSON `{"url": ...}`, a presigned
//!   `GET` URL of `/files/REL` valid for `SECS` seconds (default 3600, at most
//!   7 days), signed for service `s3` in `--region` (default: `AWS_REGION`,
//!   else `us-east-1`). The URL's origin is `--public-url` if given, else
//!   `http://` and the request's `Host`. Only a client on the loopback
//!   interface that names the server by a loopback host (`localhost`,
//!   `127.x.x.x`, `[::1]`) gets an answer: anyone else gets 403. The Host
//!   check defeats DNS rebinding (a web page whose own name resolves to
//!   127.0.0.1). A reverse proxy on the same machine makes every client look
//!   local: do not forward `/presign` through one.
//! - `GET` or `HEAD /files/REL?X-Amz-...`: the file `REL` under `--root`
//!   (default `.`), when [`presign::verify::Policy::verify`] accepts the
//!   request as received (method, target, headers with `Host`,
//!   `UNSIGNED-PAYLOAD`, the clock's time); a `HEAD` is also accepted with
//!   a link signed for `GET`, which shows more. A refused request gets S3's
//!   status and XML error body (`SignatureDoesNotMatch`, `AccessDenied` with
//!   "Request has expired", ...); a valid link to a missing file gets 404.
//!
//! Paths are percent-decoded before they are checked, and must be UTF-8 with
//! no empty, `.` or `..` segment, no backslash and no control character:
//! anything else is refused with 400 before any signature is looked at. A
//! symbolic link that leads out of the root is served as missing (404).
//! Files are served with `Content-Security-Policy: sandbox` and `nosniff`,
//! so an HTML file cannot run scripts in the server's origin.
//!
//! Credentials come from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
//! `AWS_SESSION_TOKEN`; with none set, the AWS documentation's example
//! credentials are used (and stderr says so). The first line on stdout is
//! `listening on http://ADDR`, with the port actually bound (so `--listen
//! 127.0.0.1:0` works). This is a demonstration server: std only, one
//! request per connection, one thread per connection, plain HTTP.

use std::collections::hash_map::RandomState;
use std::fs::File;
use std::hash::{BuildHasher, Hasher};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use presign::verify::{Policy, Received, Rejection};
use presign::{AmzDate, Bucket, Credentials, Endpoint, Payload, UrlStyle, MAX_EXPIRY};

/// The example credentials of the AWS documentation (S3 examples).
const EXAMPLE_ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const EXAMPLE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const USAGE: &str = "usage: file_server [--root DIR] [--listen ADDR] [--region REGION] \
[--public-url URL]";

/// Where the files are, in URLs.
const FILES: &str = "/files/";
/// The largest request head (request line and headers) the server reads.
const MAX_HEAD_BYTES: u64 = 16 * 1024;
/// The largest request body the server reads (and discards): no route takes one.
const MAX_BODY_BYTES: u64 = 64 * 1024;
/// How long a connection may stay silent.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// A link's lifetime when `/presign` is not given one.
const DEFAULT_EXPIRES: u64 = 3600;

/// What every connection shares.
struct App {
    /// The root, canonical: every file served lies under it.
    root: PathBuf,
    credentials: Credentials,
    region: String,
    policy: Policy,
    /// The links' origin when `--public-url` is given.
    public_url: Option<Endpoint>,
}

struct Args {
    root: String,
    listen: String,
    region: Option<String>,
    public_url: Option<String>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        root: ".".to_string(),
        listen: "127.0.0.1:8080".to_string(),
        region: None,
        public_url: None,
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "-h" | "--help" => return Err(USAGE.to_string()),
            "--root" => parsed.root = value()?,
            "--listen" => parsed.listen = value()?,
            "--region" => parsed.region = Some(value()?),
            "--public-url" => parsed.public_url = Some(value()?),
            other => return Err(format!("unknown option {other:?} (try --help)")),
        }
    }
    Ok(parsed)
}

fn setup() -> Result<(App, String), String> {
    let args = parse_args(std::env::args().skip(1))?;
    let root =
        std::fs::canonicalize(&args.root).map_err(|e| format!("--root {}: {e}", args.root))?;
    if !root.is_dir() {
        return Err(format!("--root {} is not a directory", args.root));
    }
    let credentials = match Credentials::from_env().map_err(|e| e.to_string())? {
        Some(creds) => creds,
        None => {
            eprintln!(
                "file_server: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY not set; \
                 using the AWS documentation's example credentials ({EXAMPLE_ACCESS_KEY})"
            );
            Credentials::new(EXAMPLE_ACCESS_KEY, EXAMPLE_SECRET).map_err(|e| e.to_string())?
        }
    };
    let region = args
        .region
        .or_else(|| std::env::var("AWS_REGION").ok().filter(|r| !r.is_empty()))
        .unwrap_or_else(|| "us-east-1".to_string());
    let policy = Policy::new(&region, "s3").map_err(|e| e.to_string())?;
    let public_url = match &args.public_url {
        Some(url) => {
            let endpoint = Endpoint::parse(url).map_err(|e| e.to_string())?;
            if !endpoint.prefix().is_empty() {
                return Err(format!(
                    "--public-url takes an origin without a path, got {url:?}"
                ));
            }
            Some(endpoint)
        }
        None => None,
    };
    let app = App {
        root,
        credentials,
        region,
        policy,
        public_url,
    };
    Ok((app, args.listen))
}

fn main() -> ExitCode {
    let (app, listen) = match setup() {
        Ok(setup) => setup,
        Err(e) => {
            eprintln!("file_server: {e}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind(&listen) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("file_server: cannot listen on {listen}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = match listener.local_addr() {
        Ok(addr) => addr,
        Err(e) => {
            eprintln!("file_server: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("listening on http://{addr}");
    let _ = std::io::stdout().flush();
    eprintln!("file_server: serving {}", app.root.display());
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
    /// The request target as sent: path and query, still encoded.
    target: String,
    /// The headers as received: names as sent, values trimmed.
    headers: Vec<(String, String)>,
    /// Whether the client is on the loopback interface.
    from_loopback: bool,
}

impl Request {
    /// The path: the target before any `?`.
    fn path(&self) -> &str {
        self.target.split_once('?').map_or(&self.target, |(p, _)| p)
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The decoded value of query parameter `name`, if present.
    fn param(&self, name: &str) -> Option<String> {
        let query = self.target.split_once('?').map_or("", |(_, q)| q);
        query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(k).as_deref() == Some(name)).then(|| form_decode(v).unwrap_or_default())
        })
    }
}

/// What a response sends: a status, headers, and a body in memory or a file.
struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
}

enum Body {
    Bytes(Vec<u8>),
    File(File, u64),
}

impl Response {
    fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Cache-Control", "no-store".to_string()),
                ("X-Content-Type-Options", "nosniff".to_string()),
            ],
            body: Body::Bytes(body.into()),
        }
    }

    fn text(status: u16, body: &str) -> Self {
        Response::new(status, "text/plain; charset=utf-8", format!("{body}\n"))
    }

    fn json(status: u16, value: &serde_json::Value) -> Self {
        Response::new(status, "application/json", format!("{value}\n"))
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
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
    let from_loopback = stream
        .peer_addr()
        .is_ok_and(|a| a.ip().to_canonical().is_loopback());
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let (response, head_only) = match read_request(&mut reader, from_loopback) {
        Ok(Some(request)) => (route(app, &request), request.method == "HEAD"),
        Ok(None) => return, // the client closed without a request
        Err(response) => (response, false),
    };
    let _ = write_response(stream, response, head_only);
}

/// Reads one request; `Err` is the error response to send instead.
fn read_request(
    reader: &mut BufReader<TcpStream>,
    from_loopback: bool,
) -> Result<Option<Request>, Response> {
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
    let mut parts = lines.next().unwrap_or_default().split(' ');
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
            .filter(|(name, _)| is_token(name))
            .ok_or_else(|| Response::text(400, "malformed header"))?;
        headers.push((
            name.to_string(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
    }
    let request = Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
        from_loopback,
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

/// RFC 9110 `token`: a method or header name.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn write_response(
    mut stream: TcpStream,
    response: Response,
    head_only: bool,
) -> std::io::Result<()> {
    let length = match &response.body {
        Body::Bytes(bytes) => bytes.len() as u64,
        Body::File(_, length) => *length,
    };
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {length}\r\nConnection: close\r\n",
        response.status,
        reason(response.status),
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        match response.body {
            Body::Bytes(bytes) => stream.write_all(&bytes)?,
            Body::File(file, length) => {
                std::io::copy(&mut file.take(length), &mut stream)?;
            }
        }
    }
    stream.flush()
}

// ---------------------------------------------------------------------------
// Routes.

fn route(app: &App, request: &Request) -> Response {
    let path = request.path();
    if let Some(encoded) = path.strip_prefix(FILES) {
        return serve_file(app, request, encoded);
    }
    if path == "/presign" {
        if request.method != "GET" {
            return Response::text(405, "only GET");
        }
        return presign_link(app, request);
    }
    Response::text(404, "not found")
}

/// `GET /presign?path=REL[&expires=SECS]`: a presigned link, as JSON.
fn presign_link(app: &App, request: &Request) -> Response {
    let error =
        |status, message: &str| Response::json(status, &serde_json::json!({ "error": message }));
    let host = request.header("host").unwrap_or_default();
    if !request.from_loopback || !is_loopback_host(host) {
        return error(403, "links are handed out to loopback clients only");
    }
    let Some(rel) = request.param("path") else {
        return error(400, "the path parameter is required");
    };
    if let Err(e) = check_rel(&rel) {
        return error(400, &e);
    }
    let expires = match request.param("expires") {
        None => DEFAULT_EXPIRES,
        Some(v) => match v.parse::<u64>() {
            Ok(s) if (1..=MAX_EXPIRY.as_secs()).contains(&s) => s,
            _ => return error(400, "expires takes 1 to 604800 seconds"),
        },
    };
    // The files are a bucket on a custom domain: the origin is the bucket,
    // and `/files` the endpoint's path prefix.
    let origin = match &app.public_url {
        Some(endpoint) => format!("{}://{}", endpoint.scheme(), endpoint.host()),
        None => format!("http://{host}"),
    };
    let url = Endpoint::parse(&format!("{origin}{}", FILES.trim_end_matches('/')))
        .and_then(|endpoint| Bucket::new(endpoint, "files", &app.region, UrlStyle::CustomDomain))
        .and_then(|bucket| {
            bucket.get_object(&rel).presign(
                &app.credentials,
                AmzDate::now(),
                Duration::from_secs(expires),
            )
        });
    match url {
        Ok(url) => Response::json(200, &serde_json::json!({ "url": url })),
        Err(e) => error(400, &e.to_string()),
    }
}

/// True for `localhost`, `127.x.x.x` and `[::1]`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    // A name, an address and a port: no path, user or query to smuggle in.
    let authority = host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    let Ok(endpoint) = Endpoint::parse(&format!("http://{host}")) else {
        return false;
    };
    if !authority {
        return false;
    }
    let name = match endpoint.host().rsplit_once(':') {
        Some((name, port)) if !port.contains(']') => name,
        _ => endpoint.host(),
    };
    name == "localhost"
        || name
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `/files/REL`: the file, when the request's signature verifies.
fn serve_file(app: &App, request: &Request, encoded: &str) -> Response {
    let rel = match percent_decode(encoded.as_bytes()).and_then(|b| String::from_utf8(b).ok()) {
        Some(rel) => rel,
        None => return Response::text(400, "the path is not percent-encoded UTF-8"),
    };
    if let Err(e) = check_rel(&rel) {
        return Response::text(400, &e);
    }
    let headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let received = Received {
        method: &request.method,
        target: &request.target,
        headers: &headers,
        payload: Payload::Unsigned,
    };
    let now = AmzDate::now();
    let mut verified = app.policy.verify(&received, &app.credentials, now);
    // A GET link covers HEAD too, which reveals less: curl -I and link
    // checkers send HEAD with the URL they were given.
    if request.method == "HEAD" && verified == Err(Rejection::SignatureDoesNotMatch) {
        let as_get = Received {
            method: "GET",
            ..received
        };
        verified = app.policy.verify(&as_get, &app.credentials, now);
    }
    if let Err(rejection) = verified {
        let id = request_id();
        let xml = rejection.to_xml(request.path(), &id);
        let mut response = Response::new(rejection.status(), "application/xml", xml);
        response.headers.push(("x-amz-request-id", id));
        return response;
    }
    if request.method != "GET" && request.method != "HEAD" {
        let mut response = Response::text(405, "only GET and HEAD");
        response.headers.push(("Allow", "GET, HEAD".into()));
        return response;
    }
    let Some((file, length)) = open_under(&app.root, &rel) else {
        return Response::text(404, "no such file");
    };
    Response {
        status: 200,
        headers: vec![
            ("Content-Type", content_type(&rel).to_string()),
            ("Cache-Control", "private, no-store".to_string()),
            ("X-Content-Type-Options", "nosniff".to_string()),
            // No script of a served file runs in this server's origin.
            ("Content-Security-Policy", "sandbox".to_string()),
        ],
        body: Body::File(file, length),
    }
}

/// A relative path this server serves: UTF-8, no control characters or
/// backslashes, and no empty, `.` or `..` segments (so not absolute either).
fn check_rel(rel: &str) -> Result<(), String> {
    if rel.is_empty() || rel.len() > 1024 {
        return Err("the path must be 1 to 1024 bytes".into());
    }
    if rel.chars().any(|c| c.is_control() || c == '\\') {
        return Err("the path has a control character or a backslash".into());
    }
    if rel
        .split('/')
        .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Err("the path has an empty, '.' or '..' segment".into());
    }
    Ok(())
}

/// The regular file `rel` under `root` and its length, if it exists and,
/// symbolic links resolved, is still under `root`.
fn open_under(root: &Path, rel: &str) -> Option<(File, u64)> {
    let path = std::fs::canonicalize(root.join(rel)).ok()?;
    if !path.starts_with(root) {
        return None;
    }
    let file = File::open(&path).ok()?;
    let meta = file.metadata().ok()?;
    meta.is_file().then_some((file, meta.len()))
}

/// The media type of a file, from its extension.
fn content_type(rel: &str) -> &'static str {
    let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "txt" => "text/plain; charset=utf-8",
        "html" | "htm" => "text/html; charset=utf-8",
        "json" => "application/json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// 16 hex digits for `x-amz-request-id`: std's `RandomState` is seeded from
/// the OS.
fn request_id() -> String {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    format!("{:016X}", hasher.finish())
}

/// Decodes `%XX` escapes; `None` for a malformed escape.
fn percent_decode(s: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%' {
            let hex = std::str::from_utf8(s.get(i + 1..i + 3)?).ok()?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
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
