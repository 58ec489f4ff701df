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
        let endpoint = server.endpoint();
        let mut command = Command::new(common::example_binary("upload_page"));
        command
            .args(["--bucket", BUCKET, "--endpoint", &endpoint, "--region"])
            .args([common::server::REGION, "--listen", "127.0.0.1:0"])
            .args(["--max-size", &max_size, "--expires", "300"])
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_SESSION_TOKEN")
            .env_remove("AWS_REGION")
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
        .limit(16 * 1024 * 1024)
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
fn presigned_put_json_uploads_under_the_uploads_prefix() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let page = UploadPage::start(&server);

    let reply = page.get("/presign-put?key=notes%20v1+%C3%B1.txt");
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.content_type, "application/json");
    let json = reply.json();
    assert_eq!(json["key"], "uploads/notes v1 ñ.txt");
    assert_eq!(json["method"], "PUT");
    assert_eq!(json["expires_in"], 300);
    let url = json["url"].as_str().unwrap();
    assert!(url.starts_with(&format!(
        "{}/{BUCKET}/uploads/notes%20v1%20%C3%B1.txt?",
        server.endpoint()
    )));

    let bytes = common::server::pattern(5000, 4);
    let put = server.send("PUT", url, &[], &bytes);
    assert_eq!(put.status, 200, "{}", put.text());
    assert_eq!(
        stored(&server, "uploads/notes v1 ñ.txt").as_deref(),
        Some(&bytes[..])
    );
    assert_eq!(
        download(&page, "/download/uploads/notes%20v1%20%C3%B1.txt"),
        bytes
    );
    // A key given without the prefix means the same object.
    assert_eq!(download(&page, "/download/notes%20v1%20%C3%B1.txt"), bytes);

    // A key already under uploads/ is kept, not prefixed twice.
    let json = page.get("/presign-put?key=uploads/a/b.txt").json();
    assert_eq!(json["key"], "uploads/a/b.txt");
}

#[test]
fn presigned_put_can_require_a_content_type() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let page = UploadPage::start(&server);

    let json = page
        .get("/presign-put?key=page.html&content_type=text%2Fhtml%3B+charset%3Dutf-8")
        .json();
    assert_eq!(json["headers"]["Content-Type"], "text/html; charset=utf-8");
    let url = json["url"].as_str().unwrap();
    let without = server.send("PUT", url, &[], b"<p>hi</p>");
    assert_eq!(
        without.status,
        403,
        "the signed header is required: {}",
        without.text()
    );
    let with = server.send(
        "PUT",
        url,
        &[("Content-Type", "text/html; charset=utf-8")],
        b"<p>hi</p>",
    );
    assert_eq!(with.status, 200, "{}", with.text());
}

#[test]
fn keys_from_users_are_validated() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let page = UploadPage::start(&server);

    let overlong = "a".repeat(1100);
    for (query, why) in [
        ("", "no key"),
        ("key=", "empty"),
        ("key=uploads/", "only the prefix"),
        ("key=..", "a .. segment"),
        ("key=a/../../b", "a .. segment inside"),
        ("key=uploads/../secret", "escaping the prefix"),
        ("key=./a", "a . segment"),
        ("key=a//b", "an empty segment"),
        ("key=a/", "a trailing slash"),
        ("key=%2Fetc%2Fpasswd", "a leading slash"),
        ("key=a%0Ab", "a line feed"),
        ("key=a%00b", "a NUL"),
        ("key=a%7Fb", "DEL"),
        ("key=a%5C..%5Cb", "a backslash"),
        ("key=%FF", "not UTF-8"),
        (&format!("key={overlong}"), "over 1024 bytes"),
    ] {
        let reply = page.get(&format!("/presign-put?{query}"));
        assert_eq!(reply.status, 400, "{why}: {}", reply.text());
        assert!(reply.json()["error"].is_string(), "{why}: {}", reply.text());
    }
    for (path, why) in [
        ("/download/", "empty"),
        ("/download/uploads/", "only the prefix"),
        ("/download/..%2Fsecret", "an encoded .. segment"),
        ("/download/uploads/%2E%2E/secret", "an encoded .. segment"),
        ("/download/a%0D%0ALocation:%20x", "header injection"),
        ("/download/a%zz", "a malformed escape"),
        ("/download/%FF", "not UTF-8"),
        (&format!("/download/{overlong}"), "over 1024 bytes"),
    ] {
        let reply = page.get(path);
        assert_eq!(reply.status, 400, "{why}: {path}: {}", reply.text());
        assert_eq!(reply.location, None);
    }
    // 1024 bytes, prefix included, is the most S3 takes.
    let longest = format!("key={}", "b".repeat(1024 - "uploads/".len()));
    assert_eq!(page.get(&format!("/presign-put?{longest}")).status, 200);
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
    assert!(
        !html.contains("<script") && !html.contains("<img"),
        "{html}"
    );
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

// ---------------------------------------------------------------------------
// In a real browser.

#[test]
fn browser_uploads_through_the_form_refuses_oversized_files_and_downloads() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let page = UploadPage::start(&server);
    let files = TempDir::new();

    // A file within the limit: picked, submitted, stored, shown, downloaded.
    let bytes = common::server::pattern(20_000, 5);
    let small = files.0.join("photo.bin");
    std::fs::write(&small, &bytes).unwrap();
    browser.goto(&format!("{}/", page.url));
    let key = browser.element_text(&browser.find("#key"));
    assert!(key.starts_with("uploads/"), "{key}");
    browser.choose_file(&browser.find("input[type=file]"), &small);
    browser.click(&browser.find("#submit"));
    let landing = browser.wait_for_url(|url| url.starts_with(&page.url) && url.contains("key="));
    let shown = browser.wait_for("the uploaded key", || {
        browser
            .find_all("#uploaded-key")
            .first()
            .map(|e| browser.element_text(e))
    });
    assert_eq!(shown, key, "landed on {landing}");
    assert_eq!(
        stored(&server, &key).as_deref(),
        Some(&bytes[..]),
        "stored under {key}"
    );
    let link = browser
        .attribute(&browser.find("#download"), "href")
        .expect("a download link");
    assert_eq!(link, format!("/download/{key}"));
    assert_eq!(download(&page, &link), bytes);

    // A file over the limit: S3 refuses it and nothing new is stored.
    let before = files_under(&server.root().join(BUCKET));
    let big = files.0.join("too-big.bin");
    std::fs::write(&big, common::server::pattern(MAX_SIZE + 1, 6)).unwrap();
    browser.goto(&format!("{}/", page.url));
    let refused_key = browser.element_text(&browser.find("#key"));
    browser.choose_file(&browser.find("input[type=file]"), &big);
    browser.click(&browser.find("#submit"));
    let error = browser.wait_for("S3's refusal", || {
        let text = browser.text();
        text.contains("EntityTooLarge").then_some(text)
    });
    assert!(
        !browser.current_url().starts_with(&page.url),
        "no redirect back to the page: {error}"
    );
    assert_eq!(stored(&server, &refused_key), None);
    assert_eq!(
        files_under(&server.root().join(BUCKET)),
        before,
        "nothing was stored"
    );
}
