//! An S3-compatible server that verifies SigV4, run in-process for the tests:
//! [s3s](https://crates.io/crates/s3s) over [s3s-fs](https://crates.io/crates/s3s-fs)
//! on an ephemeral port of 127.0.0.1, storing into a fresh temporary folder.
//!
//! ```ignore
//! let server = TestServer::start();
//! let bucket = server.create_bucket("bucket");
//! let url = bucket
//!     .put_object("k")
//!     .presign(&credentials(), AmzDate::now(), Duration::from_secs(300))?;
//! let r = server.send("PUT", &url, &[], b"hello");
//! assert_eq!(r.status, 200, "{}", r.text());
//! ```
//!
//! The server checks expiry and clock skew (±900 s) against the real clock:
//! sign live requests with `AmzDate::now()`.
//!
//! Two clients are offered. [`TestServer::send`] writes the request by hand
//! on a raw socket, so the request target goes out byte for byte as given
//! (and the `Host` header is the URL's, which virtual-hosted URLs need).
//! [`agent`] is a `ureq` agent for tests that want an ordinary client.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use presign::{Bucket, Credentials, Endpoint, UrlStyle};

/// The access key id the server accepts (the AWS documentation's example).
pub const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
/// The secret access key of [`ACCESS_KEY`].
pub const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// The region buckets are signed for. s3s accepts any region in the scope;
/// the signature covers it all the same.
pub const REGION: &str = "us-east-1";

/// How long a client waits for the server before failing the test.
const IO_TIMEOUT: Duration = Duration::from_secs(15);

/// The credentials the server accepts.
pub fn credentials() -> Credentials {
    Credentials::new(ACCESS_KEY, SECRET_KEY).expect("valid example credentials")
}

/// A `ureq` agent that returns 4xx and 5xx responses instead of errors, so
/// tests can read the status and the error body.
///
/// `ureq` parses URLs with `http::Uri`, which keeps percent-escapes and dot
/// segments as given (`tests/s3_server.rs` checks this); the raw client of
/// [`TestServer::send`] is exact by construction.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(IO_TIMEOUT))
        .build()
        .into()
}

/// An s3s + s3s-fs server on `127.0.0.1:<ephemeral port>`, with its own tokio
/// runtime on a background thread and its own temporary storage folder.
///
/// Dropping it stops the server and removes the folder.
pub struct TestServer {
    addr: SocketAddr,
    root: PathBuf,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl TestServer {
    /// Starts a server over a new, empty folder. Accepts [`credentials`] only.
    ///
    /// Virtual-hosted requests work for the domain `localhost:<port>` (see
    /// [`TestServer::virtual_host_endpoint`]); requests to `127.0.0.1:<port>`
    /// are path-style.
    pub fn start() -> Self {
        let root = fresh_temp_dir();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");

        let fs = s3s_fs::FileSystem::new(&root).expect("s3s-fs over the temporary folder");
        let mut builder = s3s::service::S3ServiceBuilder::new(fs);
        builder.set_auth(s3s::auth::SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
        let domain = format!("localhost:{}", addr.port());
        builder.set_host(s3s::host::SingleDomain::new(&domain).expect("valid domain"));
        let service = builder.build();

        let stop = Arc::new(AtomicBool::new(false));
        let stop_flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name(format!("s3s-{}", addr.port()))
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("tokio runtime");
                rt.block_on(async move {
                    let listener =
                        tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                    loop {
                        let Ok((socket, _)) = listener.accept().await else {
                            continue;
                        };
                        if stop_flag.load(Ordering::SeqCst) {
                            break;
                        }
                        let service = service.clone();
                        tokio::spawn(
                            hyper::server::conn::http1::Builder::new()
                                .serve_connection(hyper_util::rt::TokioIo::new(socket), service),
                        );
                    }
                });
            })
            .expect("spawn the server thread");

        TestServer {
            addr,
            root,
            stop,
            thread: Some(thread),
        }
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The endpoint URL, `http://127.0.0.1:PORT`, for path-style buckets.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `http://localhost:PORT`: the endpoint for virtual-hosted buckets,
    /// whose host is `bucket.localhost:PORT`. Only [`TestServer::send`] can
    /// reach such URLs, since it always connects to this server whatever the
    /// host name says.
    pub fn virtual_host_endpoint(&self) -> String {
        format!("http://localhost:{}", self.addr.port())
    }

    /// The folder the objects are stored in; a bucket is a folder in it.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Creates the bucket `name` (a folder, for s3s-fs) and returns it as a
    /// path-style [`Bucket`] on [`TestServer::endpoint`] in [`REGION`].
    pub fn create_bucket(&self, name: &str) -> Bucket {
        self.create_bucket_in_style(name, UrlStyle::Path)
    }

    /// As [`TestServer::create_bucket`], in the URL style given: a
    /// [`UrlStyle::VirtualHost`] bucket lives on
    /// [`TestServer::virtual_host_endpoint`], a [`UrlStyle::CustomDomain`]
    /// one on `http://NAME.localhost:PORT`.
    pub fn create_bucket_in_style(&self, name: &str, style: UrlStyle) -> Bucket {
        std::fs::create_dir_all(self.root.join(name)).expect("create the bucket folder");
        let endpoint = match style {
            UrlStyle::Path => self.endpoint(),
            UrlStyle::VirtualHost => self.virtual_host_endpoint(),
            // The bucket's own host, as a CNAME would give it: the server
            // reads the bucket from the host name.
            UrlStyle::CustomDomain => format!("http://{name}.localhost:{}", self.addr.port()),
        };
        let endpoint = Endpoint::parse(&endpoint).expect("endpoint");
        Bucket::new(endpoint, name, REGION, style).expect("bucket")
    }

    /// Sends one HTTP/1.1 request on a new connection to this server and
    /// reads the whole response.
    ///
    /// `url` must be `http://HOST/TARGET`: the request target is sent exactly
    /// as written (no parsing, no re-encoding) and `HOST` becomes the `Host`
    /// header. `Content-Length` is added for a non-empty body and for `PUT`
    /// and `POST`; `Connection: close` is always added.
    pub fn send(&self, method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
        let rest = url
            .strip_prefix("http://")
            .unwrap_or_else(|| panic!("not an http:// URL: {url}"));
        let (host, target) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\n");
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if !body.is_empty() || method == "PUT" || method == "POST" {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("Connection: close\r\n\r\n");

        let mut stream = TcpStream::connect(self.addr).expect("connect to the test server");
        stream.set_read_timeout(Some(IO_TIMEOUT)).expect("timeout");
        stream.set_write_timeout(Some(IO_TIMEOUT)).expect("timeout");
        // A server may answer (and close) before reading a body it refuses;
        // the response is still there to read.
        let _ = stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.write_all(body));
        let mut raw = Vec::new();
        if let Err(e) = stream.read_to_end(&mut raw) {
            assert!(
                !raw.is_empty(),
                "reading the response to {method} {url}: {e}"
            );
        }
        Response::parse(&raw, method == "HEAD")
            .unwrap_or_else(|| panic!("malformed response to {method} {url}: {raw:?}"))
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag; join the thread only
        // then, so that a failed wake-up cannot hang the test.
        let woken = TcpStream::connect(self.addr).is_ok();
        if let Some(thread) = self.thread.take().filter(|_| woken) {
            let _ = thread.join();
        }
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// A new empty folder under the system's temporary folder, named after the
/// process, a counter and the time, so that parallel tests never share one.
fn fresh_temp_dir() -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let dir = std::env::temp_dir().join(format!("presign-s3s-{}-{n}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create the temporary folder");
    dir
}

/// An HTTP response, read whole.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The headers, in order, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body (chunked encoding undone).
    pub body: Vec<u8>,
}

impl Response {
    /// Parses a response read up to the end of the connection.
    fn parse(raw: &[u8], head_request: bool) -> Option<Response> {
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = std::str::from_utf8(&raw[..end]).ok()?;
        let mut lines = head.split("\r\n");
        let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
        let headers: Vec<(String, String)> = lines
            .map(|line| {
                let (name, value) = line.split_once(':')?;
                Some((name.trim().to_ascii_lowercase(), value.trim().to_string()))
            })
            .collect::<Option<_>>()?;
        let rest = &raw[end + 4..];
        let chunked = headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
        let body = if head_request {
            Vec::new()
        } else if chunked {
            dechunk(rest)?
        } else {
            rest.to_vec()
        };
        Some(Response {
            status,
            headers,
            body,
        })
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The text of the first `<tag>` element of the body, if any.
    pub fn xml(&self, tag: &str) -> Option<String> {
        xml_values(&self.text(), tag).into_iter().next()
    }

    /// The texts of every `<tag>` element of the body, in order.
    pub fn xml_all(&self, tag: &str) -> Vec<String> {
        xml_values(&self.text(), tag)
    }

    /// The S3 error code of an error response: its `<Code>`.
    pub fn error_code(&self) -> Option<String> {
        self.xml("Code")
    }
}

/// The texts of every `<tag>...</tag>` element of `xml` (without attributes),
/// with the five predefined XML entities decoded. Enough for S3's replies.
pub fn xml_values(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i + open.len()..];
        let Some(len) = rest.find(&close) else { break };
        out.push(unescape_xml(&rest[..len]));
        rest = &rest[len + close.len()..];
    }
    out
}

fn unescape_xml(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Undoes `Transfer-Encoding: chunked`.
fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = raw.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&raw[..eol]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        raw = &raw[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size + 2..)?;
    }
}

/// Deterministic bytes of length `len` (not UTF-8), different for each `seed`.
pub fn pattern(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

/// A `multipart/form-data` body of `fields`, then the file as `file_name`,
/// as a browser sends an upload form; returns the content type and the body.
pub fn multipart(fields: &[(String, String)], file_name: &str, file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----presign-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
