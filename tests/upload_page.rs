//! The upload page example (`examples/upload_page.rs`), run as a process next
//! to the in-process S3 server (`common::server`): its page, its presigned
//! POST form, its PUT-URL endpoint and its download redirects, first with
//! plain HTTP clients, then in headless Chromium (`common::browser`).
//!
//! The browser test skips loudly where Chromium or chromedriver is missing,
//! and fails instead under `CI=true`.

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use common::browser::Browser;
use common::server::{TestServer, ACCESS_KEY, SECRET_KEY};

const BUCKET: &str = "uploads-bucket";
/// The upload limit the page is started with, in bytes.
const MAX_SIZE: usize = 64 * 1024;

/// The upload page example as a child process, killed on drop.
struct UploadPage {
    child: Child,
    /// `http://127.0.0.1:PORT`, as the page announced it.
    url: String,
    stderr: Arc<Mutex<String>>,
}

impl UploadPage {
    /// Starts the page for bucket [`BUCKET`] of `server`, with the server's
    /// credentials in the environment.
    fn start(server: &TestServer) -> UploadPage {
        UploadPage::start_with(
            server,
            &[
                ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
                ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
            ],
        )
    }

    /// Starts the page with these credential variables (and no others).
    fn start_with(server: &TestServer, env: &[(&str, &str)]) -> UploadPage {
        let max_size = MAX_SIZE.to_string();
        UploadPage::launch(&server.endpoint(), &["--max-size", &max_size], env)
    }

    /// Starts the page for bucket [`BUCKET`] at `endpoint`, with `args` after
    /// the common ones and these credential variables (and no others).
    fn launch(endpoint: &str, args: &[&str], env: &[(&str, &str)]) -> UploadPage {
        let region = ["--region", common::server::REGION];
        UploadPage::launch_without_region(endpoint, &[&region[..], args].concat(), env)
    }

    /// [`UploadPage::launch`] without `--region`.
    fn launch_without_region(endpoint: &str, args: &[&str], env: &[(&str, &str)]) -> UploadPage {
        let mut command = Command::new(common::example_binary("upload_page"));
        command
            .args(["--bucket", BUCKET, "--endpoint", endpoint])
            .args(["--listen", "127.0.0.1:0", "--expires", "300"])
            .args(args)
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_SESSION_TOKEN")
            .env_remove("AWS_REGION")
            .env_remove("AWS_DEFAULT_REGION")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("start the upload page");

        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0; 1024];
            while let Ok(n @ 1..) = pipe.read(&mut buf) {
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });

        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let first = rx.recv_timeout(Duration::from_secs(10)).unwrap_or_default();
        let mut page = UploadPage {
            child,
            url: String::new(),
            stderr,
        };
        let Some(url) = first.trim().strip_prefix("listening on ") else {
            panic!(
                "expected `listening on http://...` first on stdout, got {first:?}; stderr: {}",
                page.stderr()
            );
        };
        page.url = url.to_string();
        page
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits up to 5 s for stderr to contain `text` (it is read by another
    /// thread); returns whether it did.
    fn stderr_mentions(&self, text: &str) -> bool {
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while !self.stderr().contains(text) {
            if std::time::Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        true
    }

    /// `GET`s `path` of the page, redirects not followed.
    fn get(&self, path: &str) -> Fetched {
        fetch(&format!("{}{path}", self.url))
    }
}

impl Drop for UploadPage {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A whole HTTP response.
#[derive(Debug)]
struct Fetched {
    status: u16,
    location: Option<String>,
    content_type: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Fetched {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// `GET url` with `ureq`, redirects not followed, errors returned as responses.
fn fetch(url: &str) -> Fetched {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(15)))
        .build()
        .into();
    let mut response = agent
        .get(url)
        .call()
        .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_string()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let location = header("location");
    let content_type = header("content-type").unwrap_or_default();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .unwrap_or_else(|e| panic!("GET {url}: reading the body: {e}"));
    Fetched {
        status: response.status().as_u16(),
        location,
        content_type,
        headers,
        body,
    }
}

/// Follows `/download/KEY` on the page: a 303 to a presigned GET URL, whose
/// body is returned.
fn download(page: &UploadPage, path: &str) -> Vec<u8> {
    let redirect = page.get(path);
    assert_eq!(redirect.status, 303, "{path}: {}", redirect.text());
    assert_eq!(redirect.header("cache-control"), Some("no-store"));
    let url = redirect.location.expect("a Location header");
    assert!(url.contains("X-Amz-Signature="), "presigned: {url}");
    let object = fetch(&url);
    assert_eq!(object.status, 200, "GET {url}: {}", object.text());
    object.body
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out
}

/// A new empty folder, removed on drop: where the browser picks files from.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!(
            "presign-upload-files-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The stored bytes of object `key` (s3s-fs keeps objects as files).
fn stored(server: &TestServer, key: &str) -> Option<Vec<u8>> {
    std::fs::read(server.root().join(BUCKET).join(key)).ok()
}

fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in the first tag of `html` that contains
/// `marker`, unescaped.
fn attribute_of(html: &str, marker: &str, name: &str) -> Option<String> {
    let at = html.find(marker)?;
    let start = html[..at].rfind('<')?;
    let tag = &html[start..start + html[start..].find('>')?];
    let open = format!(" {name}=\"");
    let value_start = tag.find(&open)? + open.len();
    let len = tag[value_start..].find('"')?;
    Some(unescape_html(&tag[value_start..value_start + len]))
}

/// The upload form of a page: its action and hidden fields, in order.
fn upload_form(html: &str) -> (String, Vec<(String, String)>) {
    let action = attribute_of(html, "id=\"upload\"", "action").expect("the form's action");
    let mut fields = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<input type=\"hidden\"") {
        let tag_end = rest[i..].find('>').unwrap() + i;
        let tag = &rest[i..=tag_end];
        fields.push((
            attribute_of(tag, "type=\"hidden\"", "name").unwrap(),
            attribute_of(tag, "type=\"hidden\"", "value").unwrap(),
        ));
        rest = &rest[tag_end..];
    }
    (action, fields)
}

/// Posts the page's upload form with `file`, as a browser would.
fn post_form(server: &TestServer, html: &str, file: &[u8]) -> common::server::Response {
    let (action, fields) = upload_form(html);
    let (content_type, body) = common::server::multipart(&fields, "photo.bin", file);
    server.send("POST", &action, &[("Content-Type", &content_type)], &body)
}

/// The policy document of a form, decoded.
fn policy_of(fields: &[(String, String)]) -> serde_json::Value {
    let policy = &fields
        .iter()
        .find(|(n, _)| n == "policy")
        .expect("a policy")
        .1;
    let json = base64::engine::general_purpose::STANDARD
        .decode(policy)
        .expect("the policy is base64");
    serde_json::from_slice(&json).expect("the policy is JSON")
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} field in {fields:?}"))
}

// ---------------------------------------------------------------------------
// Without a browser.

#[test]
fn page_serves_a_signed_form_for_a_fresh_key_under_uploads() {
    let server = TestServer::start();
    let bucket = server.create_bucket(BUCKET);
    let page = UploadPage::start(&server);

    let first = page.get("/");
    assert_eq!(first.status, 200, "{}", first.text());
    assert_eq!(first.content_type, "text/html; charset=utf-8");
    assert_eq!(first.header("cache-control"), Some("no-store"));
    let html = first.text();
    let (action, fields) = upload_form(&html);
    assert_eq!(action, bucket.url(), "the form posts to the bucket");

    let key = field(&fields, "key");
    assert!(
        key.starts_with("uploads/") && key.len() > "uploads/".len(),
        "{key}"
    );
    assert_eq!(
        field(&fields, "success_action_redirect"),
        format!("{}/", page.url)
    );
    for name in [
        "policy",
        "x-amz-signature",
        "x-amz-credential",
        "x-amz-date",
    ] {
        field(&fields, name);
    }
    // The file input comes after every signed field: S3 ignores what follows it.
    let file_input = html.find("name=\"file\"").expect("a file input");
    assert!(html.rfind("type=\"hidden\"").unwrap() < file_input);

    let policy = policy_of(&fields);
    let conditions = policy["conditions"].as_array().expect("conditions");
    assert!(
        conditions.contains(&serde_json::json!(["content-length-range", 1, MAX_SIZE])),
        "size limit in {policy}"
    );
    let text = policy.to_string();
    assert!(text.contains(key), "the key is in the policy: {text}");
    assert!(text.contains("success_action_redirect"), "{text}");

    assert!(
        !page.stderr().contains("example credentials"),
        "{}",
        page.stderr()
    );

    // Each page load signs a new key.
    let (_, again) = upload_form(&page.get("/").text());
    assert_ne!(field(&again, "key"), key);
}

#[test]
fn form_upload_redirects_back_to_the_page_and_downloads() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let page = UploadPage::start(&server);
    let html = page.get("/").text();
    let (_, fields) = upload_form(&html);
    let key = field(&fields, "key").to_string();
    let bytes = common::server::pattern(10_000, 1);

    let posted = post_form(&server, &html, &bytes);
    assert_eq!(posted.status, 303, "{}", posted.text());
    let back = posted
        .header("location")
        .expect("S3 redirects back")
        .to_string();
    assert!(back.starts_with(&format!("{}/?", page.url)), "{back}");
    assert_eq!(stored(&server, &key).as_deref(), Some(&bytes[..]));

    // The page S3 sent the browser back to links to the download.
    let landing = fetch(&back);
    assert_eq!(landing.status, 200);
    let landing = landing.text();
    assert!(
        landing.contains(&format!("<code id=\"uploaded-key\">{key}</code>")),
        "{landing}"
    );
    let link = attribute_of(&landing, "id=\"download\"", "href").expect("a download link");
    assert_eq!(link, format!("/download/{key}"));
    assert_eq!(download(&page, &link), bytes);
}

#[test]
fn form_refuses_a_file_over_the_limit_and_stores_nothing() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let page = UploadPage::start(&server);
    let html = page.get("/").text();
    let before = files_under(server.root());

    let refused = post_form(&server, &html, &common::server::pattern(MAX_SIZE + 1, 2));
    assert_eq!(
        (refused.status, refused.error_code().as_deref()),
        (400, Some("EntityTooLarge")),
        "{}",
        refused.text()
    );
    let refused = post_form(&server, &html, b"");
    assert_eq!(
        (refused.status, refused.error_code().as_deref()),
        (400, Some("EntityTooSmall")),
        "an empty file is refused too: {}",
        refused.text()
    );
    assert_eq!(files_under(server.root()), before, "nothing was stored");

    // Exactly at the limit is fine.
    let (_, fields) = upload_form(&html);
    let at_limit = post_form(&server, &html, &common::server::pattern(MAX_SIZE, 3));
    assert_eq!(at_limit.status, 303, "{}", at_limit.text());
    assert_eq!(
        stored(&server, field(&fields, "key")).map(|b| b.len()),
        Some(MAX_SIZE)
    );
}

#[test]
fn presigned_put_json_uploads_exactly_its_size_to_a_fresh_key() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let page = UploadPage::start(&server);

    let reply = page.get("/presign-put?size=5000");
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.content_type, "application/json");
    let json = reply.json();
    let key = json["key"].as_str().unwrap().to_string();
    assert!(key.starts_with("uploads/") && key.len() > 8, "{json}");
    assert_eq!(json["method"], "PUT");
    assert_eq!(json["size"], 5000);
    assert_eq!(json["expires_in"], 300);
    assert_eq!(json["headers"]["Content-Type"], "application/octet-stream");
    let url = json["url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/{BUCKET}/{key}?", server.endpoint())),
        "{url}"
    );
    assert_eq!(
        query_param(url, "X-Amz-SignedHeaders"),
        Some("content-length%3Bcontent-type%3Bhost"),
        "{url}"
    );

    // Each reply is for a new key: nobody can overwrite another's upload.
    let again = page.get("/presign-put?size=5000").json();
    assert_ne!(again["key"], json["key"]);

    let octets = [("Content-Type", "application/octet-stream")];
    let bytes = common::server::pattern(5000, 4);
    for (body, why) in [
        (common::server::pattern(4999, 4), "one byte short"),
        (common::server::pattern(1024 * 1024, 4), "1 MiB"),
    ] {
        let refused = server.send("PUT", url, &octets, &body);
        assert_eq!(
            (refused.status, refused.error_code().as_deref()),
            (403, Some("SignatureDoesNotMatch")),
            "{why}: {}",
            refused.text()
        );
    }
    let html = server.send("PUT", url, &[("Content-Type", "text/html")], &bytes);
    assert_eq!(html.status, 403, "another type: {}", html.text());
    assert_eq!(stored(&server, &key), None, "nothing stored yet");
    let put = server.send("PUT", url, &octets, &bytes);
    assert_eq!(put.status, 200, "{}", put.text());
    assert_eq!(stored(&server, &key).as_deref(), Some(&bytes[..]));
    assert_eq!(download(&page, &format!("/download/{key}")), bytes);
    // A key given without the prefix means the same object.
    let name = key.trim_start_matches("uploads/");
    assert_eq!(download(&page, &format!("/download/{name}")), bytes);

    // Sizes: 1 to --max-size; a key from the caller is refused.
    let over = (MAX_SIZE + 1).to_string();
    for (query, why) in [
        ("", "no size"),
        ("size=0", "an empty file"),
        ("size=-1", "a negative size"),
        (&format!("size={over}"), "over --max-size"),
        ("size=10&key=notes.txt", "a key of the caller's"),
        ("size=10&key=uploads/someone-elses", "another's key"),
    ] {
        let reply = page.get(&format!("/presign-put?{query}"));
        assert_eq!(reply.status, 400, "{why}: {}", reply.text());
        assert!(reply.json()["error"].is_string(), "{why}: {}", reply.text());
    }
    let at_limit = page.get(&format!("/presign-put?size={MAX_SIZE}"));
    assert_eq!(at_limit.status, 200, "{}", at_limit.text());
}

#[test]
fn presigned_put_signs_only_allowed_content_types() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let page = UploadPage::start(&server);

    let json = page
        .get("/presign-put?size=9&content_type=text%2Fplain")
        .json();
    assert_eq!(json["headers"]["Content-Type"], "text/plain");
    let url = json["url"].as_str().unwrap();
    let without = server.send("PUT", url, &[], b"<p>hi</p>");
    assert_eq!(
        without.status,
        403,
        "the signed header is required: {}",
        without.text()
    );
    let html = server.send("PUT", url, &[("Content-Type", "text/html")], b"<p>hi</p>");
    assert_eq!(
        (html.status, html.error_code().as_deref()),
        (403, Some("SignatureDoesNotMatch")),
        "{}",
        html.text()
    );
    let with = server.send("PUT", url, &[("Content-Type", "text/plain")], b"<p>hi</p>");
    assert_eq!(with.status, 200, "{}", with.text());

    // Types a browser would run as this site's page or script are refused.
    for content_type in [
        "text%2Fhtml",
        "text%2Fhtml%3B+charset%3Dutf-8",
        "image%2Fsvg%2Bxml",
        "application%2Fxhtml%2Bxml",
        "text%2Fjavascript",
        "text%2Fplain%0D%0AX-Evil%3A+1",
        "",
    ] {
        let reply = page.get(&format!("/presign-put?size=9&content_type={content_type}"));
        assert_eq!(reply.status, 400, "{content_type}: {}", reply.text());
        assert!(reply.json()["error"].is_string());
    }
}

#[test]
fn keys_from_users_are_validated() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let page = UploadPage::start(&server);

    let overlong = "a".repeat(1100);
    for (path, why) in [
        ("/download/", "empty"),
        ("/download/uploads/", "only the prefix"),
        ("/download/%2E%2E", "a .. segment"),
        ("/download/a%2F..%2F..%2Fb", "a .. segment inside"),
        ("/download/uploads%2F..%2Fsecret", "escaping the prefix"),
        ("/download/.%2Fa", "a . segment"),
        ("/download/a//b", "an empty segment"),
        ("/download/a/", "a trailing slash"),
        ("/download/%2Fetc%2Fpasswd", "a leading slash"),
        ("/download/..%2Fsecret", "an encoded .. segment"),
        ("/download/uploads/%2E%2E/secret", "an encoded .. segment"),
        ("/download/a%0D%0ALocation:%20x", "header injection"),
        ("/download/a%00b", "a NUL"),
        ("/download/a%7Fb", "DEL"),
        ("/download/a%5C..%5Cb", "a backslash"),
        ("/download/a%zz", "a malformed escape"),
        ("/download/%FF", "not UTF-8"),
        (&format!("/download/{overlong}"), "over 1024 bytes"),
    ] {
        let reply = page.get(path);
        assert_eq!(reply.status, 400, "{why}: {path}: {}", reply.text());
        assert_eq!(reply.location, None);
    }
    // 1024 bytes, prefix included, is the most S3 takes.
    let longest = format!("/download/{}", "b".repeat(1024 - "uploads/".len()));
    assert_eq!(page.get(&longest).status, 303);
    let longer = format!("/download/{}", "b".repeat(1025 - "uploads/".len()));
    assert_eq!(page.get(&longer).status, 400);
}

#[test]
fn download_urls_ask_for_an_attachment() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let page = UploadPage::start(&server);
    let redirect = page.get("/download/uploads/page.html");
    assert_eq!(redirect.status, 303, "{}", redirect.text());
    let url = redirect.location.unwrap();
    assert_eq!(
        query_param(&url, "response-content-disposition"),
        Some("attachment"),
        "{url}"
    );
}

#[test]
fn page_escapes_everything_it_echoes() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let page = UploadPage::start(&server);

    let reply = page.get(
        "/?bucket=x&key=uploads/%3Cscript%3Ealert(1)%3C%2Fscript%3E%22'%26&etag=%22%3E%3Cimg+src%3Dx%3E",
    );
    assert_eq!(reply.status, 200);
    let html = reply.text();
    // The one script is the page's own.
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    assert!(
        html.contains("<script src=\"/upload.js\"></script>"),
        "{html}"
    );
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains("uploads/&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"),
        "{html}"
    );
    assert!(html.contains("&quot;&gt;&lt;img src=x&gt;"), "{html}");
    let link = attribute_of(&html, "id=\"download\"", "href").unwrap();
    assert_eq!(
        link,
        "/download/uploads/%3Cscript%3Ealert%281%29%3C/script%3E%22%27%26"
    );

    // A key that is not an upload key gets an (escaped) error and no link.
    let html = page.get("/?key=..%2F%3Cb%3E").text();
    assert!(
        !html.contains("id=\"download\"") && !html.contains("<b>"),
        "{html}"
    );
    assert!(html.contains("class=\"error\""), "{html}");

    // The page sends a strict content security policy.
    let csp = reply.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(
        csp.contains(&format!("form-action 'self' {}", server.endpoint())),
        "{csp}"
    );
    // Scripts from the page's own origin only; requests to it and to S3.
    assert!(csp.contains("script-src 'self';"), "{csp}");
    assert!(
        csp.contains(&format!("connect-src 'self' {};", server.endpoint())),
        "{csp}"
    );
}

#[test]
fn page_serves_its_script_and_answers_the_landing_preflight() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let page = UploadPage::start(&server);

    let script = page.get("/upload.js");
    assert_eq!(script.status, 200);
    assert_eq!(script.content_type, "text/javascript; charset=utf-8");
    let text = script.text();
    assert!(text.contains("XMLHttpRequest"), "{text}");
    // The script writes text as text: no HTML parsing of anything it shows.
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
    ] {
        assert!(!text.contains(sink), "{sink} in the script");
    }

    // The landing page (where S3's 303 sends the script's upload) answers
    // the CORS preflight and the request itself for any origin.
    let reply = preflight_to(&page.url, "/", "null", "GET", None);
    assert!(reply.starts_with("HTTP/1.1 204 "), "{reply}");
    assert!(
        reply.contains("\r\nAccess-Control-Allow-Origin: *\r\n"),
        "{reply}"
    );
    assert!(
        reply.contains("\r\nAccess-Control-Allow-Methods: GET\r\n"),
        "{reply}"
    );
    let landing = page.get("/?bucket=b&key=uploads/k&etag=%22e%22");
    assert_eq!(landing.header("access-control-allow-origin"), Some("*"));
    // The page itself, without an upload's result, allows no other origin.
    assert_eq!(page.get("/").header("access-control-allow-origin"), None);
}

#[test]
fn page_answers_other_requests_plainly() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let page = UploadPage::start(&server);

    assert_eq!(page.get("/nothing-here").status, 404);
    assert_eq!(page.get("/download").status, 404);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let post = agent.post(&format!("{}/", page.url)).send("x").unwrap();
    assert_eq!(post.status().as_u16(), 405);
    assert_eq!(
        post.headers().get("allow").and_then(|v| v.to_str().ok()),
        Some("GET, HEAD")
    );
    // The page keeps serving after those.
    assert_eq!(page.get("/").status, 200);
}

#[test]
fn example_credentials_are_the_announced_fallback() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    // The test server accepts the AWS documentation's example credentials,
    // which are also the page's fallback.
    let page = UploadPage::start_with(&server, &[]);
    let html = page.get("/").text();
    assert!(
        page.stderr_mentions("example credentials"),
        "the fallback is announced: {}",
        page.stderr()
    );
    let (_, fields) = upload_form(&html);
    assert!(field(&fields, "x-amz-credential").starts_with("AKIAIOSFODNN7EXAMPLE/"));
    assert_eq!(post_form(&server, &html, b"hello").status, 303);
}

#[test]
fn region_comes_from_the_flag_then_aws_region_then_aws_default_region() {
    let server = TestServer::start();
    let credential = |args: &[&str], env: &[(&str, &str)]| {
        let page = UploadPage::launch_without_region(&server.endpoint(), args, env);
        let (_, fields) = upload_form(&page.get("/").text());
        field(&fields, "x-amz-credential").to_string()
    };
    let scope = |region: &str| format!("/{region}/s3/aws4_request");
    let default = [("AWS_DEFAULT_REGION", "eu-west-3")];
    let both = [
        ("AWS_DEFAULT_REGION", "eu-west-3"),
        ("AWS_REGION", "ap-south-1"),
    ];
    for (args, env, region) in [
        (&[][..], &[][..], "us-east-1"),
        (&[], &default[..], "eu-west-3"),
        (&[], &both[..], "ap-south-1"),
        (&["--region", "sa-east-1"], &both[..], "sa-east-1"),
    ] {
        let got = credential(args, env);
        assert!(got.ends_with(&scope(region)), "{args:?} {env:?}: {got}");
    }
}

// ---------------------------------------------------------------------------
// The multipart routes, without a browser.

const MIB: u64 = 1024 * 1024;

/// A page for multipart uploads of up to `max_size` bytes in parts of
/// `part_size`.
fn multipart_page(server: &TestServer, max_size: u64, part_size: u64) -> UploadPage {
    UploadPage::launch(
        &server.endpoint(),
        &[
            "--max-size",
            &max_size.to_string(),
            "--part-size",
            &part_size.to_string(),
        ],
        &[
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ],
    )
}

/// `/multipart/sign` for one upload, from part `first`.
fn sign_parts(
    page: &UploadPage,
    key: &str,
    upload_id: &str,
    size: u64,
    token: &str,
    first: u64,
) -> Fetched {
    page.get(&format!(
        "/multipart/sign?key={}&upload_id={}&size={size}&token={}&first={first}",
        presign::uri_encode(key),
        presign::uri_encode(upload_id),
        presign::uri_encode(token)
    ))
}

/// `/multipart/create` for `size` bytes: the key and the token of the plan.
fn create_plan(page: &UploadPage, size: u64) -> (String, String) {
    let plan = page.get(&format!("/multipart/create?size={size}"));
    assert_eq!(plan.status, 200, "{}", plan.text());
    let plan = plan.json();
    (
        plan["key"].as_str().unwrap().to_string(),
        plan["token"].as_str().expect("a token").to_string(),
    )
}

/// The header the create URL is signed with.
const OCTETS: [(&str, &str); 1] = [("Content-Type", "application/octet-stream")];

fn query_param<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    let query = &url[url.find('?')? + 1..];
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then_some(v)
    })
}

#[test]
fn multipart_routes_sign_one_upload_that_s3_assembles() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let page = multipart_page(&server, 64 * MIB, 5 * MIB);
    let size = 12 * MIB + 3;
    let bytes = common::server::pattern(size as usize, 8);

    let created = page.get(&format!("/multipart/create?size={size}"));
    assert_eq!(created.status, 200, "{}", created.text());
    assert_eq!(created.header("cache-control"), Some("no-store"));
    let plan = created.json();
    let key = plan["key"].as_str().unwrap().to_string();
    assert!(key.starts_with("uploads/") && key.len() > 8, "{plan}");
    assert_eq!(plan["method"], "POST");
    assert_eq!(
        (plan["part_size"].as_u64(), plan["part_count"].as_u64()),
        (Some(5 * MIB), Some(3))
    );
    assert_eq!(plan["expires_in"], 300);
    let url = plan["url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/{BUCKET}/{key}?", server.endpoint())),
        "{url}"
    );
    assert_eq!(query_param(url, "uploads"), Some(""), "{url}");
    // Each create is for a new key.
    let again = page.get(&format!("/multipart/create?size={size}")).json();
    assert_ne!(again["key"], plan["key"]);

    assert_eq!(plan["headers"]["Content-Type"], "application/octet-stream");
    // The object's type is signed: a create that makes it a page is refused.
    for (headers, why) in [
        (&[("Content-Type", "text/html")][..], "text/html"),
        (&[][..], "no Content-Type"),
    ] {
        let refused = server.send("POST", url, headers, b"");
        assert_eq!(
            (refused.status, refused.error_code().as_deref()),
            (403, Some("SignatureDoesNotMatch")),
            "{why}: {}",
            refused.text()
        );
    }
    let create = server.send("POST", url, &OCTETS, b"");
    assert_eq!(create.status, 200, "{}", create.text());
    let upload_id = create.xml("UploadId").expect("an UploadId");
    let token = plan["token"].as_str().unwrap();

    let signed = sign_parts(&page, &key, &upload_id, size, token, 1);
    assert_eq!(signed.status, 200, "{}", signed.text());
    let signed = signed.json();
    assert_eq!(signed["key"], key.as_str());
    assert_eq!(signed["upload_id"], upload_id.as_str());
    let parts = signed["parts"].as_array().unwrap();
    let numbers: Vec<u64> = parts
        .iter()
        .map(|p| p["number"].as_u64().unwrap())
        .collect();
    let sizes: Vec<u64> = parts.iter().map(|p| p["size"].as_u64().unwrap()).collect();
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(sizes, [5 * MIB, 5 * MIB, 2 * MIB + 3]);

    let mut etags = Vec::new();
    for part in parts {
        let url = part["url"].as_str().unwrap();
        let n = part["number"].as_u64().unwrap();
        assert_eq!(query_param(url, "partNumber"), Some(n.to_string().as_str()));
        assert_eq!(
            query_param(url, "uploadId"),
            Some(presign::uri_encode(&upload_id).as_str())
        );
        // Each URL takes exactly its part's length: Content-Length is signed.
        assert_eq!(
            query_param(url, "X-Amz-SignedHeaders"),
            Some("content-length%3Bhost"),
            "{url}"
        );
        let start = ((n - 1) * 5 * MIB) as usize;
        let end = start + part["size"].as_u64().unwrap() as usize;
        let short = server.send("PUT", url, &[], &bytes[start..end - 1]);
        assert_eq!(
            (short.status, short.error_code().as_deref()),
            (403, Some("SignatureDoesNotMatch")),
            "part {n} one byte short: {}",
            short.text()
        );
        let put = server.send("PUT", url, &[], &bytes[start..end]);
        assert_eq!(put.status, 200, "part {n}: {}", put.text());
        etags.push(put.header("etag").expect("an ETag").to_string());
    }
    let body: String = etags
        .iter()
        .enumerate()
        .map(|(i, etag)| {
            format!(
                "<Part><PartNumber>{}</PartNumber><ETag>{etag}</ETag></Part>",
                i + 1
            )
        })
        .collect();
    let body = format!("<CompleteMultipartUpload>{body}</CompleteMultipartUpload>");
    assert_eq!(signed["complete"]["method"], "POST");
    let complete_url = signed["complete"]["url"].as_str().unwrap();
    assert_eq!(
        query_param(complete_url, "uploadId"),
        Some(presign::uri_encode(&upload_id).as_str())
    );
    let completed = server.send("POST", complete_url, &[], body.as_bytes());
    assert_eq!(completed.status, 200, "{}", completed.text());
    assert_eq!(completed.error_code(), None, "{}", completed.text());
    assert_eq!(stored(&server, &key).as_deref(), Some(&bytes[..]));
    assert_eq!(download(&page, &format!("/download/{key}")), bytes);
}

#[test]
fn multipart_abort_url_frees_the_parts() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let page = multipart_page(&server, 64 * MIB, 5 * MIB);
    let before = files_under(server.root());
    let size = 6 * MIB;
    let plan = page.get(&format!("/multipart/create?size={size}")).json();
    let key = plan["key"].as_str().unwrap().to_string();
    let create = server.send("POST", plan["url"].as_str().unwrap(), &OCTETS, b"");
    let upload_id = create.xml("UploadId").expect("an UploadId");
    let token = plan["token"].as_str().unwrap();
    let signed = sign_parts(&page, &key, &upload_id, size, token, 1).json();
    let first = &signed["parts"][0];
    let put = server.send(
        "PUT",
        first["url"].as_str().unwrap(),
        &[],
        &common::server::pattern(5 * MIB as usize, 9),
    );
    assert_eq!(put.status, 200, "{}", put.text());
    assert_ne!(
        files_under(server.root()),
        before,
        "s3s-fs keeps the pending part"
    );

    assert_eq!(signed["abort"]["method"], "DELETE");
    let aborted = server.send("DELETE", signed["abort"]["url"].as_str().unwrap(), &[], b"");
    assert_eq!(aborted.status, 204, "{}", aborted.text());
    assert_eq!(
        files_under(server.root()),
        before,
        "no object, no part, no pending upload"
    );
    assert_eq!(stored(&server, &key), None);
}

#[test]
fn multipart_routes_refuse_what_one_upload_does_not_need() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let page = multipart_page(&server, 64 * MIB, 5 * MIB);
    let over = (64 * MIB + 1).to_string();
    for (query, why) in [
        ("", "no size"),
        ("size=", "an empty size"),
        ("size=0", "an empty file"),
        ("size=-1", "a negative size"),
        ("size=1e6", "not a whole number"),
        (&format!("size={over}"), "over --max-size"),
    ] {
        let reply = page.get(&format!("/multipart/create?{query}"));
        assert_eq!(reply.status, 400, "{why}: {}", reply.text());
        assert!(reply.json()["error"].is_string(), "{why}");
    }
    let id = "2~abc_DEF-123.x";
    let size = 20 * MIB;
    let (key, token) = create_plan(&page, size);
    let signed = sign_parts(&page, &key, id, size, &token, 1);
    assert_eq!(signed.status, 200, "{}", signed.text());
    let k = key.as_str();
    let t = token.as_str();
    for (key, upload_id, size, first, why) in [
        ("secret/k", id, size, 1, "a key outside uploads/"),
        ("uploads/../secret", id, size, 1, "a key escaping uploads/"),
        ("uploads/", id, size, 1, "only the prefix"),
        (k, "", size, 1, "no upload id"),
        (k, "a b", size, 1, "a space in the upload id"),
        (k, "a\nb", size, 1, "a line feed in the upload id"),
        (k, id, 0, 1, "an empty file"),
        (k, id, 64 * MIB + 1, 1, "over --max-size"),
        (k, id, size, 0, "part 0"),
        (k, id, size, 5, "a part past the last (4)"),
    ] {
        let reply = sign_parts(&page, key, upload_id, size, t, first);
        assert_eq!(reply.status, 400, "{why}: {}", reply.text());
        assert!(reply.json()["error"].is_string(), "{why}");
    }
    let long_id = "i".repeat(1025);
    assert_eq!(sign_parts(&page, k, &long_id, size, t, 1).status, 400);
}

#[test]
fn multipart_sign_signs_only_for_the_key_and_size_of_its_token() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let page = multipart_page(&server, 64 * MIB, 5 * MIB);
    let size = 20 * MIB;
    let (key, token) = create_plan(&page, size);
    let (other_key, other_token) = create_plan(&page, 40 * MIB);
    let id = "upload-1";
    let ok = sign_parts(&page, &key, id, size, &token, 1);
    assert_eq!(ok.status, 200, "{}", ok.text());
    // The token covers the key and size, not the upload id (S3 picks it
    // after the create); any id of this key is this caller's to sign for.
    assert_eq!(
        sign_parts(&page, &key, "upload-2", size, &token, 1).status,
        200
    );

    let (expires_at, tag) = token.split_once('.').expect("EXPIRES_AT.HEX");
    let flipped = {
        let mut digits: Vec<char> = tag.chars().collect();
        digits[0] = if digits[0] == '0' { '1' } else { '0' };
        format!("{expires_at}.{}", digits.into_iter().collect::<String>())
    };
    let later = format!("{}.{tag}", expires_at.parse::<u64>().unwrap() + 1);
    let short = format!("{expires_at}.{}", &tag[..tag.len() - 2]);
    for (key, size, token, why) in [
        (key.as_str(), size, "", "no token"),
        (&key, size, "0.00", "a forged token"),
        (&key, size, &flipped, "a token with one digit changed"),
        (&key, size, &later, "a token with a later expiry"),
        (&key, size, &short, "a shortened token"),
        (&key, size, tag, "the tag alone"),
        (&other_key, size, &token, "another key"),
        (&key, 40 * MIB, &token, "another size"),
        (&key, 64 * MIB, &token, "the largest size"),
        (&key, 40 * MIB, &other_token, "another upload's token"),
        (
            &other_key,
            size,
            &other_token,
            "another upload's token, this size",
        ),
        ("uploads/k", size, &token, "a key of the caller's"),
    ] {
        let reply = sign_parts(&page, key, id, size, token, 1);
        assert_eq!(reply.status, 403, "{why}: {}", reply.text());
        let error = reply.json()["error"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(error.contains("token"), "{why}: {error}");
        assert!(!reply.text().contains("X-Amz-Signature"), "{why}");
    }
    // The other plan's own token works for its own key and size.
    assert_eq!(
        sign_parts(&page, &other_key, id, 40 * MIB, &other_token, 1).status,
        200
    );
    // A token of another process of the page (another secret) is refused.
    let second = multipart_page(&server, 64 * MIB, 5 * MIB);
    assert_eq!(sign_parts(&second, &key, id, size, &token, 1).status, 403);
}

#[test]
fn multipart_parts_stay_within_s3_limits_and_come_in_batches() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let largest = 10_000 * 5 * 1024 * MIB; // 10,000 parts of 5 GiB
    let page = multipart_page(&server, largest, 5 * MIB);
    let plan_of = |size: u64| {
        let plan = page.get(&format!("/multipart/create?size={size}")).json();
        (
            plan["part_size"].as_u64().unwrap(),
            plan["part_count"].as_u64().unwrap(),
        )
    };
    // Up to 10,000 parts of the configured size, then larger parts, always
    // in whole MiB, at least 5 MiB and at most 5 GiB (S3's limits), and
    // never more than 10,000 of them.
    assert_eq!(plan_of(1), (5 * MIB, 1));
    assert_eq!(plan_of(10_000 * 5 * MIB), (5 * MIB, 10_000));
    assert_eq!(plan_of(10_000 * 5 * MIB + 1), (6 * MIB, 8_334));
    for size in [
        100 * 1024 * MIB,
        5 * 1024 * 1024 * MIB,
        largest - 1,
        largest,
    ] {
        let (part_size, count) = plan_of(size);
        assert!(
            (5 * MIB..=5 * 1024 * MIB).contains(&part_size) && part_size % MIB == 0,
            "{size}: parts of {part_size}"
        );
        assert!(count <= 10_000, "{size}: {count} parts");
        assert!(
            (count - 1) * part_size < size && size <= count * part_size,
            "{size}"
        );
    }
    let over = page.get(&format!("/multipart/create?size={}", largest + 1));
    assert_eq!(over.status, 400, "{}", over.text());

    // Part URLs come at most 100 to a reply, from `first`.
    let size = 100 * 1024 * MIB;
    let (part_size, count) = plan_of(size);
    let (key, token) = create_plan(&page, size);
    let numbers = |first: u64| -> Vec<u64> {
        let reply = sign_parts(&page, &key, "id", size, &token, first).json();
        reply["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["number"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(numbers(1), (1..=100).collect::<Vec<_>>());
    assert_eq!(numbers(101), (101..=200).collect::<Vec<_>>());
    assert_eq!(numbers(count - 2), (count - 2..=count).collect::<Vec<_>>());
    let last = sign_parts(&page, &key, "id", size, &token, count).json();
    assert_eq!(
        last["parts"][0]["size"].as_u64(),
        Some(size - (count - 1) * part_size)
    );
}

#[test]
fn part_size_and_max_size_outside_s3_limits_are_refused_at_start() {
    let too_large = (10_000 * 5 * 1024 * MIB + 1).to_string();
    let small_part = (5 * MIB - 1).to_string();
    let large_part = (5 * 1024 * MIB + 1).to_string();
    for (args, expected) in [
        (["--part-size", small_part.as_str()], "--part-size takes"),
        (["--part-size", large_part.as_str()], "--part-size takes"),
        (["--part-size", "lots"], "--part-size takes"),
        (["--max-size", too_large.as_str()], "--max-size is at most"),
    ] {
        let out = Command::new(common::example_binary("upload_page"))
            .args(["--bucket", BUCKET])
            .args(args)
            .output()
            .expect("run the upload page");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

// ---------------------------------------------------------------------------
// An S3 with a bucket CORS configuration, for the page's script.

/// The first rule of the CORS configuration the README gives (the first
/// ```json block that holds `CORSRules`, in README.md or a page under docs/),
/// with `origin` as its only allowed origin: what the test's S3 answers with
/// is what the documentation tells users to configure.
fn documented_cors_rule(origin: &str) -> CorsRule {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md")];
    if let Ok(entries) = std::fs::read_dir(root.join("docs")) {
        let mut docs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        docs.sort();
        pages.extend(
            docs.into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "md")),
        );
    }
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap_or_default();
        for block in text.split("```json\n").skip(1) {
            let json = &block[..block.find("```").unwrap_or(block.len())];
            if !json.contains("CORSRules") {
                continue;
            }
            let config: serde_json::Value = serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("the CORS configuration in {}: {e}", page.display()));
            let rule = &config["CORSRules"][0];
            let list = |name: &str| -> Vec<String> {
                rule[name]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            return CorsRule {
                origins: vec![origin.to_string()],
                methods: list("AllowedMethods"),
                headers: list("AllowedHeaders"),
                expose: list("ExposeHeaders"),
                max_age: rule["MaxAgeSeconds"].as_u64(),
            };
        }
    }
    panic!("no ```json block with CORSRules in {pages:?}: the README must state the CORS rule");
}

/// One rule of a bucket's CORS configuration.
#[derive(Debug, Clone)]
struct CorsRule {
    origins: Vec<String>,
    methods: Vec<String>,
    headers: Vec<String>,
    expose: Vec<String>,
    max_age: Option<u64>,
}

impl CorsRule {
    fn allows(&self, origin: &str, method: &str) -> bool {
        self.origins.iter().any(|o| o == "*" || o == origin)
            && self.methods.iter().any(|m| m == method)
    }

    /// Whether a header named in `Access-Control-Request-Headers` is allowed
    /// (names compare without case; one `*` is a wildcard).
    fn allows_header(&self, name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        self.headers.iter().any(|allowed| {
            let allowed = allowed.to_ascii_lowercase();
            match allowed.split_once('*') {
                Some((head, tail)) => name.starts_with(head) && name[head.len()..].ends_with(tail),
                None => allowed == name,
            }
        })
    }

    /// The CORS headers S3 adds to a response for `origin`.
    fn response_headers(&self, origin: &str) -> Vec<(&'static str, String)> {
        let wildcard = self.origins.iter().any(|o| o == "*");
        let mut headers = vec![
            (
                "access-control-allow-origin",
                if wildcard { "*".into() } else { origin.into() },
            ),
            ("access-control-allow-methods", self.methods.join(", ")),
            (
                "vary",
                "Origin, Access-Control-Request-Headers, Access-Control-Request-Method".into(),
            ),
        ];
        if !wildcard {
            headers.push(("access-control-allow-credentials", "true".into()));
        }
        if !self.expose.is_empty() {
            headers.push(("access-control-expose-headers", self.expose.join(", ")));
        }
        if let Some(age) = self.max_age {
            headers.push(("access-control-max-age", age.to_string()));
        }
        headers
    }
}

/// A request the S3 side answered.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    /// The path and query, as received.
    target: String,
    status: u16,
    /// The response's `ETag` header.
    etag: Option<String>,
    /// The request body of a CompleteMultipartUpload.
    body: Option<String>,
}

impl Seen {
    fn is_part(&self, number: u16) -> bool {
        self.method == "PUT" && self.target.contains(&format!("partNumber={number}&"))
    }
}

/// What the layer in front of s3s shares with the test.
struct CorsState {
    service: s3s::service::S3Service,
    /// The bucket's CORS configuration (none: every preflight is refused).
    rule: Mutex<Option<CorsRule>>,
    /// The part number whose UploadPart response is held back, after S3
    /// stored the part, until the test releases it: the test sees an upload
    /// in its middle, however fast loopback is.
    held_part: Mutex<Option<u16>>,
    /// Whether CompleteMultipartUpload responses are held back (after S3
    /// completed the upload) until the test releases them.
    held_complete: Mutex<bool>,
    log: Mutex<Vec<Seen>>,
}

impl CorsState {
    fn holds(&self, part: u16) -> bool {
        *self.held_part.lock().unwrap() == Some(part)
    }
}

/// s3s over s3s-fs, as in `common::server`, behind a layer that answers CORS
/// as S3 does for the bucket's configuration: preflight `OPTIONS` requests
/// answered from the rule (403 `AccessForbidden` without a match), and the
/// rule's headers on every response to an allowed origin and method.
struct CorsS3 {
    addr: std::net::SocketAddr,
    root: TempDir,
    state: Arc<CorsState>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl CorsS3 {
    fn start() -> CorsS3 {
        let root = TempDir::new();
        std::fs::create_dir_all(root.0.join(BUCKET)).unwrap();
        let fs = s3s_fs::FileSystem::new(&root.0).expect("s3s-fs");
        let mut builder = s3s::service::S3ServiceBuilder::new(fs);
        builder.set_auth(s3s::auth::SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
        let state = Arc::new(CorsState {
            service: builder.build(),
            rule: Mutex::new(None),
            held_part: Mutex::new(None),
            held_complete: Mutex::new(false),
            log: Mutex::new(Vec::new()),
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime");
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        listener.set_nonblocking(true).unwrap();
        let shared = Arc::clone(&state);
        runtime.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            while let Ok((socket, _)) = listener.accept().await {
                let state = Arc::clone(&shared);
                let service =
                    hyper::service::service_fn(move |request| answer(Arc::clone(&state), request));
                tokio::spawn(
                    hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(socket), service),
                );
            }
        });
        CorsS3 {
            addr,
            root,
            state,
            runtime: Some(runtime),
        }
    }

    fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn set_rule(&self, rule: Option<CorsRule>) {
        *self.state.rule.lock().unwrap() = rule;
    }

    /// Holds the response to part `part` of every upload (after S3 stored
    /// it) until `hold(None)`.
    fn hold(&self, part: Option<u16>) {
        *self.state.held_part.lock().unwrap() = part;
    }

    /// Holds the response to every CompleteMultipartUpload (after S3
    /// completed it) while `hold` is true.
    fn hold_complete(&self, hold: bool) {
        *self.state.held_complete.lock().unwrap() = hold;
    }

    fn log(&self) -> Vec<Seen> {
        self.state.log.lock().unwrap().clone()
    }

    /// Every file s3s-fs keeps: objects under `BUCKET/`, and the pending
    /// multipart uploads and their parts as `.upload*` files in the root.
    fn files(&self) -> BTreeSet<PathBuf> {
        files_under(&self.root.0)
    }

    fn stored(&self, key: &str) -> Option<Vec<u8>> {
        std::fs::read(self.root.0.join(BUCKET).join(key)).ok()
    }
}

impl Drop for CorsS3 {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

type S3Reply = http::Response<s3s::Body>;

/// The layer: CORS as S3 answers it, the log, and the held-back parts.
async fn answer(
    state: Arc<CorsState>,
    request: http::Request<hyper::body::Incoming>,
) -> Result<S3Reply, s3s::HttpError> {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let origin = header("origin");
    let rule = state.rule.lock().unwrap().clone();
    if request.method() == http::Method::OPTIONS {
        return Ok(preflight(
            rule.as_ref(),
            origin.as_deref(),
            header("access-control-request-method").as_deref(),
            header("access-control-request-headers").as_deref(),
        ));
    }
    let method = request.method().to_string();
    let target = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    let part_number: Option<u16> = target
        .split_once("partNumber=")
        .and_then(|(_, rest)| rest[..rest.find('&').unwrap_or(rest.len())].parse().ok());
    let is_part = method == "PUT" && part_number.is_some();
    let is_complete = method == "POST" && target.contains("uploadId=");

    let mut request = request.map(s3s::Body::from);
    let mut body = None;
    if is_complete {
        let bytes = request
            .body_mut()
            .store_all_limited(1 << 20)
            .await
            .map_err(s3s::HttpError::new)?;
        body = Some(String::from_utf8_lossy(&bytes).into_owned());
        *request.body_mut() = s3s::Body::from(bytes);
    }
    let mut response = state.service.call(request).await?;
    let status = response.status().as_u16();
    let etag = response
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    state.log.lock().unwrap().push(Seen {
        method: method.clone(),
        target,
        status,
        etag,
        body,
    });
    if let (Some(rule), Some(origin)) = (&rule, &origin) {
        if rule.allows(origin, &method) {
            for (name, value) in rule.response_headers(origin) {
                response.headers_mut().insert(name, value.parse().unwrap());
            }
        }
    }
    if is_part && status == 200 {
        while part_number.is_some_and(|n| state.holds(n)) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    if is_complete {
        while *state.held_complete.lock().unwrap() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    Ok(response)
}

/// S3's answer to a preflight request.
fn preflight(
    rule: Option<&CorsRule>,
    origin: Option<&str>,
    method: Option<&str>,
    headers: Option<&str>,
) -> S3Reply {
    let error = |status: u16, code: &str, message: &str| {
        http::Response::builder()
            .status(status)
            .header("content-type", "application/xml")
            .body(s3s::Body::from(format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                 <Error><Code>{code}</Code><Message>{message}</Message></Error>"
            )))
            .unwrap()
    };
    let (Some(origin), Some(method)) = (origin, method) else {
        return error(
            400,
            "BadRequest",
            "Insufficient information. Origin request header needed.",
        );
    };
    let requested: Vec<&str> = headers
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .collect();
    let Some(rule) = rule else {
        return error(
            403,
            "AccessForbidden",
            "CORSResponse: CORS is not enabled for this bucket.",
        );
    };
    if !(rule.allows(origin, method) && requested.iter().all(|h| rule.allows_header(h))) {
        return error(
            403,
            "AccessForbidden",
            "CORSResponse: This CORS request is not allowed. This is usually because the \
             evalution of Origin, request method / Access-Control-Request-Method or \
             Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
        );
    }
    let mut response = http::Response::builder().status(200);
    for (name, value) in rule.response_headers(origin) {
        response = response.header(name, value);
    }
    if !requested.is_empty() {
        response = response.header("access-control-allow-headers", requested.join(", "));
    }
    response.body(s3s::Body::empty()).unwrap()
}

/// Sends a CORS preflight to `base` (`http://HOST:PORT`) and returns the
/// whole response as text.
fn preflight_to(
    base: &str,
    path: &str,
    origin: &str,
    method: &str,
    headers: Option<&str>,
) -> String {
    let addr = base.trim_start_matches("http://");
    let mut socket = std::net::TcpStream::connect(addr).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut head = format!(
        "OPTIONS {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: {origin}\r\n\
         Access-Control-Request-Method: {method}\r\nConnection: close\r\n"
    );
    if let Some(headers) = headers {
        head.push_str(&format!("Access-Control-Request-Headers: {headers}\r\n"));
    }
    head.push_str("\r\n");
    std::io::Write::write_all(&mut socket, head.as_bytes()).unwrap();
    let mut reply = String::new();
    socket.read_to_string(&mut reply).unwrap();
    reply
}

#[test]
fn cors_layer_answers_preflights_from_the_documented_rule() {
    let s3 = CorsS3::start();
    let page = "http://127.0.0.1:8080";
    let object = format!("/{BUCKET}/uploads/k?partNumber=1&uploadId=u");
    let ask = |origin: &str, method: &str, headers: Option<&str>| {
        preflight_to(&s3.endpoint(), &object, origin, method, headers)
    };
    let refused = ask(page, "PUT", None);
    assert!(refused.starts_with("HTTP/1.1 403 "), "{refused}");
    assert!(
        refused.contains("CORS is not enabled for this bucket"),
        "{refused}"
    );

    s3.set_rule(Some(documented_cors_rule(page)));
    for method in ["POST", "PUT", "DELETE"] {
        let allowed = ask(page, method, Some("content-type"));
        assert!(allowed.starts_with("HTTP/1.1 200 "), "{method}: {allowed}");
        let lower = allowed.to_ascii_lowercase();
        assert!(
            lower.contains(&format!("access-control-allow-origin: {page}\r\n")),
            "{allowed}"
        );
        assert!(
            lower.contains("access-control-allow-headers: content-type\r\n"),
            "{allowed}"
        );
        assert!(
            lower.contains("access-control-expose-headers: etag\r\n"),
            "{allowed}"
        );
    }
    for (origin, method, headers, why) in [
        ("http://127.0.0.1:8081", "PUT", None, "another origin"),
        (page, "PATCH", None, "a method the rule leaves out"),
        (
            page,
            "PUT",
            Some("x-amz-acl"),
            "a header the rule leaves out",
        ),
    ] {
        let reply = ask(origin, method, headers);
        assert!(reply.starts_with("HTTP/1.1 403 "), "{why}: {reply}");
        assert!(
            reply.contains("<Code>AccessForbidden</Code>"),
            "{why}: {reply}"
        );
        assert!(
            !reply
                .to_ascii_lowercase()
                .contains("access-control-allow-origin"),
            "{why}"
        );
    }
}

// ---------------------------------------------------------------------------
// In a real browser.

/// A page on `s3` with the README's CORS rule for the page's origin.
fn page_on(s3: &CorsS3, args: &[&str]) -> UploadPage {
    let page = UploadPage::launch(
        &s3.endpoint(),
        args,
        &[
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ],
    );
    s3.set_rule(Some(documented_cors_rule(&page.url)));
    page
}

/// What the page shows of an upload.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    /// `#status`'s `data-state`: idle, uploading, done, cancelled, failed.
    state: String,
    message: String,
    parts_done: u64,
    progress: String,
    value: f64,
    max: f64,
}

fn shown(browser: &Browser) -> Shown {
    let v = browser.execute(
        "const s = document.getElementById('status'); \
         const bar = document.getElementById('progress'); \
         return [s.dataset.state, s.textContent, Number(s.dataset.partsDone || 0), \
                 document.getElementById('progress-text').textContent, bar.value, bar.max];",
        &[],
    );
    Shown {
        state: v[0].as_str().unwrap_or_default().to_string(),
        message: v[1].as_str().unwrap_or_default().to_string(),
        parts_done: v[2].as_u64().unwrap_or_default(),
        progress: v[3].as_str().unwrap_or_default().to_string(),
        value: v[4].as_f64().unwrap_or(-1.0),
        max: v[5].as_f64().unwrap_or(-1.0),
    }
}

/// Waits for the page's upload to end in `state`.
fn wait_for_state(browser: &Browser, state: &str) -> Shown {
    let end = browser.wait_for("the upload to end", || {
        let now = shown(browser);
        (now.state != "uploading").then_some(now)
    });
    assert_eq!(end.state, state, "{end:?}");
    end
}

/// `1,234 of 5,678 bytes (21%)`, as the page writes progress.
fn progress_text(sent: usize, total: usize) -> String {
    let grouped = |n: usize| {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    format!(
        "{} of {} bytes ({}%)",
        grouped(sent),
        grouped(total),
        sent * 100 / total
    )
}

#[test]
fn browser_posts_the_form_without_script_and_with_it_shows_progress() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let s3 = CorsS3::start();
    let max_size = MAX_SIZE.to_string();
    let page = page_on(&s3, &["--max-size", &max_size]);
    let files = TempDir::new();
    let small = files.0.join("photo.bin");
    let bytes = common::server::pattern(20_000, 5);
    std::fs::write(&small, &bytes).unwrap();
    let big = files.0.join("too-big.bin");
    std::fs::write(&big, common::server::pattern(MAX_SIZE + 1, 6)).unwrap();

    // Without the script: `form.submit()` posts the form as a browser without
    // JavaScript does (it fires no submit event, so the script stays out).
    browser.goto(&format!("{}/", page.url));
    let key = browser.element_text(&browser.find("#key"));
    assert!(key.starts_with("uploads/"), "{key}");
    browser.choose_file(&browser.find("input[type=file]"), &small);
    browser.execute("document.getElementById('upload').submit();", &[]);
    let landing = browser.wait_for_url(|url| url.starts_with(&page.url) && url.contains("key="));
    let shown_key = browser.wait_for("the uploaded key", || {
        browser
            .find_all("#uploaded-key")
            .first()
            .map(|e| browser.element_text(e))
    });
    assert_eq!(shown_key, key, "landed on {landing}");
    assert_eq!(s3.stored(&key).as_deref(), Some(&bytes[..]));
    let link = browser
        .attribute(&browser.find("#download"), "href")
        .expect("a download link");
    assert_eq!(link, format!("/download/{key}"));
    assert_eq!(download(&page, &link), bytes);

    // Without the script, a file over the limit: S3 refuses it, nothing stored.
    let before = s3.files();
    browser.goto(&format!("{}/", page.url));
    let refused_key = browser.element_text(&browser.find("#key"));
    browser.choose_file(&browser.find("input[type=file]"), &big);
    browser.execute("document.getElementById('upload').submit();", &[]);
    let error = browser.wait_for("S3's refusal", || {
        let text = browser.text();
        text.contains("EntityTooLarge").then_some(text)
    });
    assert!(!browser.current_url().starts_with(&page.url), "{error}");
    assert_eq!(s3.stored(&refused_key), None);
    assert_eq!(s3.files(), before, "nothing was stored");

    // With the script: the same fields by XMLHttpRequest, a progress bar that
    // reaches 100%, and the result on the page, which stays put.
    browser.goto(&format!("{}/", page.url));
    let key = browser.element_text(&browser.find("#key"));
    assert_eq!(shown(&browser).state, "idle");
    browser.choose_file(&browser.find("input[type=file]"), &small);
    browser.click(&browser.find("#upload-button"));
    let done = wait_for_state(&browser, "done");
    assert_eq!(done.progress, progress_text(20_000, 20_000), "{done:?}");
    assert_eq!((done.value, done.max), (20_000.0, 20_000.0));
    assert_eq!(browser.current_url(), format!("{}/", page.url));
    assert_eq!(
        browser.element_text(&browser.find("#result #uploaded-key")),
        key
    );
    assert_eq!(s3.stored(&key).as_deref(), Some(&bytes[..]));
    let link = browser
        .attribute(&browser.find("#result #download"), "href")
        .expect("a download link");
    assert_eq!(link, format!("/download/{key}"));
    let posts: Vec<Seen> = s3
        .log()
        .into_iter()
        .filter(|s| s.method == "POST")
        .collect();
    assert_eq!(posts.last().map(|s| s.status), Some(303), "{posts:?}");

    // With the script, a file over the limit: S3's refusal on the page.
    let before = s3.files();
    browser.goto(&format!("{}/", page.url));
    browser.choose_file(&browser.find("input[type=file]"), &big);
    browser.click(&browser.find("#upload-button"));
    let failed = wait_for_state(&browser, "failed");
    assert!(failed.message.contains("EntityTooLarge"), "{failed:?}");
    assert_eq!(s3.files(), before, "nothing was stored");

    // With the script but no CORS rule: S3's answer is hidden from the
    // script, which falls back to posting the plain form.
    s3.set_rule(None);
    browser.goto(&format!("{}/", page.url));
    let key = browser.element_text(&browser.find("#key"));
    browser.choose_file(&browser.find("input[type=file]"), &small);
    browser.click(&browser.find("#upload-button"));
    browser.wait_for_url(|url| url.starts_with(&page.url) && url.contains("key="));
    let shown_key = browser.wait_for("the uploaded key", || {
        browser
            .find_all("#uploaded-key")
            .first()
            .map(|e| browser.element_text(e))
    });
    assert_eq!(shown_key, key);
    assert_eq!(s3.stored(&key).as_deref(), Some(&bytes[..]));
    // (The script's own upload would have stayed on the page.)
}

/// The multipart test's sizes: 20 MiB in four parts of 5 MiB.
const PART_SIZE: usize = 5 * 1024 * 1024;
const LARGE: usize = 4 * PART_SIZE;

#[test]
fn browser_uploads_20_mib_in_parts_with_progress_and_a_cancel_stores_nothing() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let started = std::time::Instant::now();
    let s3 = CorsS3::start();
    let part_size = PART_SIZE.to_string();
    let max_size = (64 * 1024 * 1024).to_string();
    let page = page_on(&s3, &["--max-size", &max_size, "--part-size", &part_size]);
    let files = TempDir::new();
    let large = files.0.join("large.bin");
    let bytes = common::server::pattern(LARGE, 7);
    std::fs::write(&large, &bytes).unwrap();

    // In the middle: part 1 acknowledged, part 2 stored and its response
    // held back until the screenshot is taken.
    s3.hold(Some(2));
    browser.goto(&format!("{}/", page.url));
    browser.choose_file(&browser.find("input[type=file]"), &large);
    browser.click(&browser.find("#upload-button"));
    let middle = browser.wait_for("part 2 in flight", || {
        let now = shown(&browser);
        let part_2_stored = s3.log().iter().any(|s| s.is_part(2) && s.status == 200);
        (now.parts_done == 1 && part_2_stored).then_some(now)
    });
    let screenshot = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .join("upload-page/progress.png");
    std::fs::create_dir_all(screenshot.parent().unwrap()).unwrap();
    std::fs::write(&screenshot, browser.screenshot()).unwrap();
    eprintln!("upload page mid-upload: {}", screenshot.display());
    assert_eq!(middle.state, "uploading", "{middle:?}");
    assert!(
        (PART_SIZE as f64..LARGE as f64).contains(&middle.value) && middle.max == LARGE as f64,
        "between a quarter and all of it: {middle:?}"
    );
    s3.hold(None);

    let done = wait_for_state(&browser, "done");
    assert_eq!(done.progress, progress_text(LARGE, LARGE), "{done:?}");
    assert_eq!((done.value, done.max), (LARGE as f64, LARGE as f64));
    assert_eq!(done.parts_done, 4);
    let key = browser.element_text(&browser.find("#result #uploaded-key"));
    assert!(key.starts_with("uploads/"), "{key}");
    assert!(
        s3.stored(&key) == Some(bytes.clone()),
        "{key} arrived byte for byte"
    );

    // What S3 saw: create, four parts of 5 MiB, and a complete that lists
    // each part with the ETag its PUT answered (read from the header that
    // the CORS rule exposes).
    let log = s3.log();
    let object_path = format!("/{BUCKET}/{key}?");
    let of_upload: Vec<&Seen> = log
        .iter()
        .filter(|s| s.target.starts_with(&object_path))
        .collect();
    let steps: Vec<(String, u16)> = of_upload
        .iter()
        .map(|s| (s.method.clone(), s.status))
        .collect();
    let expected: Vec<(String, u16)> = [
        ("POST", 200),
        ("PUT", 200),
        ("PUT", 200),
        ("PUT", 200),
        ("PUT", 200),
        ("POST", 200),
    ]
    .iter()
    .map(|(m, s)| (m.to_string(), *s))
    .collect();
    assert_eq!(steps, expected, "{of_upload:#?}");
    assert!(
        of_upload[0].target.contains("&uploads=&"),
        "{:?}",
        of_upload[0]
    );
    let etags: Vec<String> = (1..=4)
        .map(|n| {
            let put = of_upload.iter().find(|s| s.is_part(n)).expect("each part");
            put.etag.clone().expect("an ETag")
        })
        .collect();
    let complete = of_upload[5].body.clone().expect("the complete's body");
    let listed_numbers = common::server::xml_values(&complete, "PartNumber");
    let listed_etags = common::server::xml_values(&complete, "ETag");
    assert_eq!(listed_numbers, ["1", "2", "3", "4"], "{complete}");
    assert_eq!(listed_etags, etags, "{complete}");
    assert!(
        !s3.files()
            .iter()
            .any(|f| f.to_string_lossy().starts_with(".upload")),
        "no pending upload is left: {:?}",
        s3.files()
    );
    assert_eq!(download(&page, &format!("/download/{key}")), bytes);

    // Cancel: after part 1 is acknowledged, while part 2's response is held.
    let before = s3.files();
    let seen_before = s3.log().len();
    s3.hold(Some(2));
    browser.goto(&format!("{}/", page.url));
    browser.choose_file(&browser.find("input[type=file]"), &large);
    browser.click(&browser.find("#upload-button"));
    browser.wait_for("part 2 in flight", || {
        let part_2_stored = s3.log()[seen_before..]
            .iter()
            .any(|s| s.is_part(2) && s.status == 200);
        (shown(&browser).parts_done == 1 && part_2_stored).then_some(())
    });
    browser.click(&browser.find("#cancel"));
    let cancelled = wait_for_state(&browser, "cancelled");
    s3.hold(None);
    assert!(
        cancelled.message.contains("nothing was stored"),
        "{cancelled:?}"
    );
    let after: Vec<Seen> = s3.log()[seen_before..].to_vec();
    let create = after.iter().find(|s| s.method == "POST").expect("a create");
    let upload_path = &create.target[..create.target.find('?').unwrap()];
    let abort = after
        .iter()
        .find(|s| s.method == "DELETE")
        .unwrap_or_else(|| panic!("the abort was sent: {after:#?}"));
    assert_eq!(abort.status, 204, "{abort:?}");
    assert!(
        abort.target.starts_with(&format!("{upload_path}?")),
        "{abort:?}"
    );
    assert!(abort.target.contains("uploadId="), "{abort:?}");
    assert!(
        !after.iter().any(|s| s.is_part(3)),
        "no part after the cancel: {after:#?}"
    );
    assert_eq!(
        s3.files(),
        before,
        "nothing is stored: no object, no pending upload"
    );
    let key = upload_path.trim_start_matches(&format!("/{BUCKET}/"));
    assert_eq!(s3.stored(key), None);

    // A rule without `ExposeHeaders: ETag` hides each part's ETag from the
    // script, which says so, and aborts the upload.
    let mut hiding = documented_cors_rule(&page.url);
    assert_eq!(hiding.expose, ["ETag"], "the README's rule exposes ETag");
    hiding.expose.clear();
    s3.set_rule(Some(hiding));
    let seen_before = s3.log().len();
    browser.goto(&format!("{}/", page.url));
    browser.choose_file(&browser.find("input[type=file]"), &large);
    browser.click(&browser.find("#upload-button"));
    let failed = wait_for_state(&browser, "failed");
    assert!(failed.message.contains("must expose ETag"), "{failed:?}");
    let after: Vec<Seen> = s3.log()[seen_before..].to_vec();
    assert!(
        after
            .iter()
            .any(|s| s.method == "DELETE" && s.status == 204),
        "the upload was aborted: {after:#?}"
    );
    assert_eq!(s3.files(), before, "nothing is stored");

    // Without a CORS rule, S3 never sees the create: the preflight is
    // refused, so no upload is left that nobody could abort.
    s3.set_rule(None);
    let seen_before = s3.log().len();
    browser.goto(&format!("{}/", page.url));
    browser.choose_file(&browser.find("input[type=file]"), &large);
    browser.click(&browser.find("#upload-button"));
    let failed = wait_for_state(&browser, "failed");
    assert!(failed.message.contains("CORS"), "{failed:?}");
    assert_eq!(
        s3.log().len(),
        seen_before,
        "{:#?}",
        &s3.log()[seen_before..]
    );
    assert_eq!(s3.files(), before, "nothing is stored");
    eprintln!(
        "browser multipart test: {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn browser_signs_again_urls_past_half_their_life_and_aborts_with_a_fresh_url() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let started = std::time::Instant::now();
    let s3 = CorsS3::start();
    let part_size = PART_SIZE.to_string();
    let max_size = (64 * 1024 * 1024).to_string();
    // URLs that live 3 s, and part 2's response held 5 s: every URL signed
    // before it has expired by then (a slow uplink, shortened).
    let args = ["--max-size", &max_size, "--part-size", &part_size];
    let page = page_on(&s3, &[&args[..], &["--expires", "3"]].concat());
    let files = TempDir::new();
    let large = files.0.join("large.bin");
    let bytes = common::server::pattern(LARGE, 11);
    std::fs::write(&large, &bytes).unwrap();
    let hold_part_2 = |seen_before: usize| {
        s3.hold(Some(2));
        browser.goto(&format!("{}/", page.url));
        browser.choose_file(&browser.find("input[type=file]"), &large);
        browser.click(&browser.find("#upload-button"));
        browser.wait_for("part 2 in flight", || {
            let part_2_stored = s3.log()[seen_before..]
                .iter()
                .any(|s| s.is_part(2) && s.status == 200);
            (shown(&browser).parts_done == 1 && part_2_stored).then_some(())
        });
        std::thread::sleep(Duration::from_secs(5));
    };
    let cancel_hidden =
        || browser.execute("return document.getElementById('cancel').hidden;", &[]) == true;

    // The upload goes on with URLs signed after the hold, and completes;
    // while the complete is under way, there is no cancel button.
    s3.hold_complete(true);
    hold_part_2(0);
    assert!(!cancel_hidden(), "cancel is offered during the parts");
    s3.hold(None);
    let completing = browser.wait_for("the complete, or the upload's end", || {
        let now = shown(&browser);
        let complete = s3
            .log()
            .iter()
            .any(|s| s.method == "POST" && s.target.contains("uploadId=") && s.status == 200);
        (complete || now.state != "uploading").then_some(now)
    });
    assert_eq!(completing.state, "uploading", "{completing:?}");
    assert!(cancel_hidden(), "no cancel button during the complete");
    s3.hold_complete(false);
    let done = wait_for_state(&browser, "done");
    let log = s3.log();
    let steps: Vec<(&str, u16)> = log.iter().map(|s| (s.method.as_str(), s.status)).collect();
    assert_eq!(
        steps,
        [
            ("POST", 200),
            ("PUT", 200),
            ("PUT", 200),
            ("PUT", 200),
            ("PUT", 200),
            ("POST", 200)
        ],
        "{log:#?}"
    );
    let date = |s: &Seen| query_param(&s.target, "X-Amz-Date").map(str::to_string);
    let part = |n| log.iter().find(|s| s.is_part(n)).unwrap();
    assert_ne!(date(part(3)), date(part(1)), "part 3's URL was signed anew");
    let key = browser.element_text(&browser.find("#result #uploaded-key"));
    assert!(s3.stored(&key) == Some(bytes.clone()), "{done:?}");

    // Cancelled after the hold: the abort URL is signed then, and works.
    let before = s3.files();
    let seen_before = s3.log().len();
    hold_part_2(seen_before);
    browser.click(&browser.find("#cancel"));
    let cancelled = wait_for_state(&browser, "cancelled");
    s3.hold(None);
    let after: Vec<Seen> = s3.log()[seen_before..].to_vec();
    let abort = after
        .iter()
        .find(|s| s.method == "DELETE")
        .unwrap_or_else(|| panic!("the abort was sent: {after:#?}"));
    assert_eq!(abort.status, 204, "{cancelled:?} {abort:?}");
    assert_eq!(s3.files(), before, "no object, no pending upload");
    eprintln!(
        "browser expiry test: {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
