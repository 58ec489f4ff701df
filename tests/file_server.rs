//! The file server example (`examples/file_server.rs`), run as a process:
//! the links it hands out, and what it serves (or refuses) through them,
//! over raw HTTP/1.1 so that every byte of the request is the test's.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// What the test file holds.
const CONTENT: &[u8] = b"hello from the file server\n";

/// A fresh directory under the system's temp dir, removed on drop: `root/`
/// is served, `secret.txt` lies beside it.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "presign-file-server-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("root/docs")).unwrap();
        std::fs::write(dir.join("root/docs/hello.txt"), CONTENT).unwrap();
        std::fs::write(dir.join("root/docs/ü and space+.txt"), b"unicode\n").unwrap();
        std::fs::write(dir.join("secret.txt"), b"TOP SECRET\n").unwrap();
        TempDir(dir)
    }

    fn root(&self) -> PathBuf {
        self.0.join("root")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The file server as a child process, killed on drop.
struct FileServer {
    child: Child,
    /// `127.0.0.1:PORT`, as the server announced it.
    addr: String,
    _dir: TempDir,
}

impl FileServer {
    fn start() -> FileServer {
        FileServer::start_with(&[])
    }

    /// Starts the server with these options too.
    fn start_with(args: &[&str]) -> FileServer {
        let dir = TempDir::new();
        let mut child = Command::new(common::example_binary("file_server"))
            .arg("--root")
            .arg(dir.root())
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_SESSION_TOKEN")
            .env_remove("AWS_REGION")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the file server");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let first = rx.recv_timeout(Duration::from_secs(10)).unwrap_or_default();
        let mut server = FileServer {
            child,
            addr: String::new(),
            _dir: dir,
        };
        let Some(addr) = first.trim().strip_prefix("listening on http://") else {
            panic!("expected `listening on http://...` first on stdout, got {first:?}");
        };
        server.addr = addr.to_string();
        server
    }

    /// Sends `method target` with `Host` (unless `headers` give one) and
    /// `headers`, and reads the whole response.
    fn request(&self, method: &str, target: &str, headers: &[(&str, &str)]) -> Fetched {
        let mut head = format!("{method} {target} HTTP/1.1\r\n");
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("Host: {}\r\n", self.addr));
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("Connection: close\r\n\r\n");
        self.raw(head.as_bytes())
    }

    /// Sends `bytes` and reads the response until the server closes.
    fn raw(&self, bytes: &[u8]) -> Fetched {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
            .set_write_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        // The server may answer (and close) before reading all of a head
        // that is too large: a failed write is no failure of the test.
        let _ = stream.write_all(bytes);
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        Fetched::parse(&response)
    }

    /// `GET target` for the server's own host.
    fn get(&self, target: &str) -> Fetched {
        self.request("GET", target, &[])
    }

    /// A link from `/presign`: its target (path and query).
    fn link(&self, rel: &str, expires: u64) -> String {
        let query = format!("path={}&expires={expires}", encode_query(rel));
        let got = self.get(&format!("/presign?{query}"));
        assert_eq!(got.status, 200, "{}", got.text());
        assert_eq!(got.header("content-type"), Some("application/json"));
        let json: serde_json::Value = serde_json::from_slice(&got.body).unwrap();
        let url = json["url"].as_str().unwrap();
        let origin = format!("http://{}", self.addr);
        let target = url
            .strip_prefix(&origin)
            .unwrap_or_else(|| panic!("{url} is on {origin}"));
        assert!(target.starts_with("/files/"), "{url}");
        target.to_string()
    }
}

impl Drop for FileServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A whole HTTP response.
#[derive(Debug)]
struct Fetched {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Fetched {
    fn parse(response: &[u8]) -> Fetched {
        let split = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(response)));
        let head = std::str::from_utf8(&response[..split]).unwrap();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap();
        let status = status_line
            .strip_prefix("HTTP/1.1 ")
            .and_then(|s| s.get(..3))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
        let headers = lines
            .map(|l| {
                let (n, v) = l.split_once(':').unwrap();
                (n.to_ascii_lowercase(), v.trim().to_string())
            })
            .collect();
        Fetched {
            status,
            headers,
            body: response[split + 4..].to_vec(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Checks an S3 error: status, `application/xml`, code, and returns the
    /// body.
    fn assert_s3_error(&self, status: u16, code: &str) -> String {
        let text = self.text();
        assert_eq!(self.status, status, "{text}");
        assert_eq!(self.header("content-type"), Some("application/xml"));
        assert!(text.starts_with("<?xml"), "{text}");
        assert!(
            text.contains(&format!("<Error><Code>{code}</Code>")),
            "{code} in {text}"
        );
        assert!(self.header("x-amz-request-id").is_some());
        text
    }
}

/// Percent-encodes a query value.
fn encode_query(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn a_presigned_link_serves_the_file() {
    let server = FileServer::start();
    let link = server.link("docs/hello.txt", 300);
    assert!(link.starts_with("/files/docs/hello.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&"));
    assert!(link.contains("X-Amz-Expires=300&"), "{link}");

    let got = server.get(&link);
    assert_eq!(got.status, 200, "{}", got.text());
    assert_eq!(got.body, CONTENT);
    assert_eq!(
        got.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(got.header("content-security-policy"), Some("sandbox"));
    assert_eq!(got.header("connection"), Some("close"));

    let head = server.request("HEAD", &link, &[]);
    assert_eq!(head.status, 200);
    let length = CONTENT.len().to_string();
    assert_eq!(head.header("content-length"), Some(length.as_str()));
    assert!(head.body.is_empty());

    // Names beyond ASCII and reserved characters round-trip.
    let link = server.link("docs/ü and space+.txt", 300);
    assert!(
        link.starts_with("/files/docs/%C3%BC%20and%20space%2B.txt?"),
        "{link}"
    );
    let got = server.get(&link);
    assert_eq!((got.status, got.body.as_slice()), (200, &b"unicode\n"[..]));
}

#[test]
fn a_link_used_otherwise_than_signed_is_refused() {
    let server = FileServer::start();
    let link = server.link("docs/hello.txt", 300);

    let put = server.request("PUT", &link, &[("Content-Length", "0")]);
    let xml = put.assert_s3_error(403, "SignatureDoesNotMatch");
    assert!(
        xml.contains("<Resource>/files/docs/hello.txt</Resource>"),
        "{xml}"
    );
    assert!(!put.text().contains("hello from"), "no content");

    // One digit of the signature changed.
    let last = if link.ends_with('0') { "1" } else { "0" };
    let tampered = format!("{}{last}", &link[..link.len() - 1]);
    server
        .get(&tampered)
        .assert_s3_error(403, "SignatureDoesNotMatch");

    // Another file with this file's signature.
    let (_, query) = link.split_once('?').unwrap();
    server
        .get(&format!("/files/docs/other.txt?{query}"))
        .assert_s3_error(403, "SignatureDoesNotMatch");

    // Another host than the one signed.
    server
        .request("GET", &link, &[("Host", "localhost:1")])
        .assert_s3_error(403, "SignatureDoesNotMatch");

    // No signature at all.
    let xml = server
        .get("/files/docs/hello.txt")
        .assert_s3_error(403, "AccessDenied");
    assert!(xml.contains("not signed"), "{xml}");

    // Signed by other credentials.
    let foreign = link.replace("AKIAIOSFODNN7EXAMPLE", "AKIDOTHER");
    server
        .get(&foreign)
        .assert_s3_error(403, "InvalidAccessKeyId");

    // HEAD may use a GET link, not a tampered one (a HEAD answer has no
    // body: the status and headers say it).
    let head = server.request("HEAD", &tampered, &[]);
    assert_eq!(head.status, 403);
    assert_eq!(head.header("content-type"), Some("application/xml"));
    assert!(head.body.is_empty());
}

/// A link to `rel` on `server`, signed here for `method`, as the server
/// signs (the example credentials, a bucket on the custom domain
/// `http://ADDR/files`).
fn signed_here(server: &FileServer, method: &str, rel: &str) -> String {
    use presign::{AmzDate, Bucket, Credentials, Endpoint, UrlStyle};
    let creds = Credentials::new(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    )
    .unwrap();
    let endpoint = Endpoint::parse(&format!("http://{}/files", server.addr)).unwrap();
    let bucket = Bucket::new(endpoint, "files", "us-east-1", UrlStyle::CustomDomain).unwrap();
    let action = match method {
        "HEAD" => bucket.head_object(rel),
        "PUT" => bucket.put_object(rel),
        _ => bucket.get_object(rel),
    };
    let url = action
        .presign(&creds, AmzDate::now(), Duration::from_secs(300))
        .unwrap();
    url[format!("http://{}", server.addr).len()..].to_string()
}

#[test]
fn what_a_valid_signature_allows() {
    let server = FileServer::start();
    // A HEAD link is good for HEAD only.
    let head = signed_here(&server, "HEAD", "docs/hello.txt");
    assert_eq!(server.request("HEAD", &head, &[]).status, 200);
    server
        .get(&head)
        .assert_s3_error(403, "SignatureDoesNotMatch");
    // A link signed here for GET is the server's own.
    let get = signed_here(&server, "GET", "docs/hello.txt");
    assert_eq!(server.get(&get).body, CONTENT);
    // A valid PUT link uploads nothing: the server only reads.
    let put = signed_here(&server, "PUT", "docs/hello.txt");
    let got = server.request("PUT", &put, &[("Content-Length", "0")]);
    assert_eq!(got.status, 405, "{}", got.text());
    assert_eq!(got.header("allow"), Some("GET, HEAD"));
}

#[test]
fn public_url_sets_the_links_origin() {
    let server = FileServer::start_with(&["--public-url", "https://Files.Example.com:443"]);
    let got = server.get("/presign?path=docs/hello.txt");
    let json: serde_json::Value = serde_json::from_slice(&got.body).unwrap();
    let url = json["url"].as_str().unwrap();
    let target = url
        .strip_prefix("https://files.example.com")
        .unwrap_or_else(|| panic!("{url}"));
    assert!(target.starts_with("/files/docs/hello.txt?"), "{url}");
    // As a TLS proxy in front would pass it on, Host and all.
    let got = server.request("GET", target, &[("Host", "files.example.com")]);
    assert_eq!((got.status, got.body.as_slice()), (200, CONTENT));
    server
        .get(target)
        .assert_s3_error(403, "SignatureDoesNotMatch");
}

#[test]
fn an_expired_link_is_refused() {
    let server = FileServer::start();
    let link = server.link("docs/hello.txt", 1);
    // The link's lifetime ends 1 s after its signing second.
    std::thread::sleep(Duration::from_millis(2100));
    let xml = server.get(&link).assert_s3_error(403, "AccessDenied");
    assert!(
        xml.contains("<Message>Request has expired</Message>"),
        "{xml}"
    );
}

#[test]
fn a_valid_link_to_a_missing_file_is_404() {
    let server = FileServer::start();
    for rel in ["docs/missing.txt", "docs"] {
        let got = server.get(&server.link(rel, 300));
        assert_eq!(got.status, 404, "{rel}: {}", got.text());
    }
}

#[test]
fn paths_out_of_the_root_are_refused() {
    let server = FileServer::start();
    let link = server.link("docs/hello.txt", 300);
    let (_, query) = link.split_once('?').unwrap();
    for path in [
        "/files/../secret.txt",
        "/files/docs/../../secret.txt",
        "/files/%2e%2e/secret.txt",
        "/files/docs/..%2F..%2Fsecret.txt",
        "/files/%2E%2E%5Csecret.txt",
        "/files//etc/passwd",
        "/files/%2Fetc%2Fpasswd",
        "/files/./docs/hello.txt",
        "/files/docs/hello.txt%00",
        "/files/docs/%zz",
        "/files/%FF",
    ] {
        for target in [path.to_string(), format!("{path}?{query}")] {
            let got = server.get(&target);
            assert_eq!(got.status, 400, "{target}: {}", got.text());
            assert!(!got.text().contains("SECRET"), "{target}");
        }
    }
    for rel in [
        "../secret.txt",
        "/etc/passwd",
        "docs/../../secret.txt",
        "a\\b",
        "",
    ] {
        let got = server.get(&format!("/presign?path={}", encode_query(rel)));
        assert_eq!(got.status, 400, "{rel:?}: {}", got.text());
        let json: serde_json::Value = serde_json::from_slice(&got.body).unwrap();
        assert!(json["error"].is_string(), "{rel:?}: {json}");
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_root_is_not_followed() {
    let server = FileServer::start();
    let root = server._dir.root();
    std::os::unix::fs::symlink(root.join("../secret.txt"), root.join("docs/escape.txt")).unwrap();
    std::os::unix::fs::symlink(root.join("docs/hello.txt"), root.join("docs/inside.txt")).unwrap();
    let got = server.get(&server.link("docs/escape.txt", 300));
    assert_eq!(got.status, 404, "{}", got.text());
    assert!(!got.text().contains("SECRET"));
    let got = server.get(&server.link("docs/inside.txt", 300));
    assert_eq!((got.status, got.body.as_slice()), (200, CONTENT));
}

#[test]
fn links_are_handed_out_only_for_a_loopback_host() {
    let server = FileServer::start();
    let target = "/presign?path=docs/hello.txt";
    for host in ["localhost", "127.0.0.2:8080", "[::1]:1"] {
        let got = server.request("GET", target, &[("Host", host)]);
        assert_eq!(got.status, 200, "{host}: {}", got.text());
        let json: serde_json::Value = serde_json::from_slice(&got.body).unwrap();
        let url = json["url"].as_str().unwrap();
        assert!(
            url.starts_with(&format!("http://{host}/files/docs/hello.txt?")),
            "{url}"
        );
    }
    // A page whose name resolves to 127.0.0.1 (DNS rebinding) gets nothing.
    for host in [
        "evil.example",
        "evil.example:80",
        "127.0.0.1.evil.example",
        "",
        // Not a host at all.
        "localhost/x",
        "u@localhost",
        "localhost?x",
    ] {
        let got = server.request("GET", target, &[("Host", host)]);
        assert_eq!(got.status, 403, "{host}: {}", got.text());
    }
    let got = server.request("POST", target, &[("Content-Length", "0")]);
    assert_eq!(got.status, 405);
    let got = server.get("/presign?path=docs/hello.txt&expires=604801");
    assert_eq!(got.status, 400, "{}", got.text());
    assert_eq!(server.get("/").status, 404);
}

#[test]
fn malformed_requests_get_4xx_and_the_server_lives_on() {
    let server = FileServer::start();
    let big = format!(
        "GET /files/docs/hello.txt HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(20 * 1024)
    );
    for (request, status) in [
        (big.as_bytes(), 431),
        (b"GET /files/docs/hello.txt\r\n\r\n".as_slice(), 400),
        (b"GET http://x/files/a HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        (b"GET /files/a HTTP/1.1\r\nBad Header\r\n\r\n", 400),
        (
            b"GET /files/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
            400,
        ),
        (
            b"GET /files/a HTTP/1.1\r\nHost: x\r\nContent-Length: 999999\r\n\r\n",
            413,
        ),
    ] {
        let got = server.raw(request);
        assert_eq!(got.status, status, "{}", String::from_utf8_lossy(request));
    }
    let got = server.get(&server.link("docs/hello.txt", 300));
    assert_eq!(got.status, 200, "still serving");
}
