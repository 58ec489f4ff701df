//! A headless Chromium driven through chromedriver's W3C WebDriver HTTP API,
//! with `ureq` and `serde_json` (no WebDriver crate).
//!
//! ```ignore
//! let Some(browser) = Browser::start() else { return }; // skipped, and said so
//! browser.goto("http://127.0.0.1:8080/");
//! let file = browser.find("input[type=file]");
//! browser.send_keys(&file, "/tmp/photo.jpg"); // how WebDriver picks a file
//! browser.click(&browser.find("button[type=submit]"));
//! let url = browser.wait_for_url(|u| u.contains("key="));
//! ```
//!
//! Binaries: `$CHROMIUM` and `$CHROMEDRIVER` when set, else `chromium`,
//! `chromium-browser`, `google-chrome` and `chromedriver` on the `PATH`.
//! Where they cannot be found, [`Browser::start`] says so loudly and returns
//! `None`, except under `CI=true`, where it fails the test.
//!
//! Every call is bounded: chromedriver must be up within 10 s, each WebDriver
//! command has a 30 s HTTP timeout (page loads are capped at 20 s), and the
//! `wait_*` helpers give up after [`WAIT`].
//!
//! Dropping a [`Browser`] ends the session (which closes Chromium), stops
//! chromedriver and removes the folder the browser wrote in.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long the `wait_*` helpers poll before failing the test.
pub const WAIT: Duration = Duration::from_secs(20);

/// The HTTP timeout of one WebDriver command. Longer than the page-load
/// timeout, so that a slow page fails with WebDriver's error, not ours.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// The W3C WebDriver key of an element reference in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The flags Chromium runs with: headless, no sandbox (containers), and no
/// background traffic to the network.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
];

/// The Chromium and chromedriver executables.
#[derive(Debug, Clone)]
pub struct Binaries {
    /// The browser.
    pub chromium: PathBuf,
    /// The WebDriver server for it.
    pub chromedriver: PathBuf,
}

impl Binaries {
    /// Looks for the two programs (see the module docs); the reason when one
    /// is missing.
    pub fn find() -> Result<Binaries, String> {
        let chromium = locate(
            "CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
        )
        .ok_or("Chromium not found (install Debian's `chromium` or set CHROMIUM)")?;
        let chromedriver = locate("CHROMEDRIVER", &["chromedriver"]).ok_or(
            "chromedriver not found (install Debian's `chromium-driver` or set CHROMEDRIVER)",
        )?;
        Ok(Binaries {
            chromium,
            chromedriver,
        })
    }
}

/// `$env_var` if set (it must exist), else the first of `names` on the `PATH`.
fn locate(env_var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env_var).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    names.iter().find_map(|name| {
        dirs.iter()
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// A page element, as WebDriver names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element(String);

/// One headless Chromium session, driven through its own chromedriver.
pub struct Browser {
    driver: Child,
    /// `http://127.0.0.1:PORT/session/ID`: the base of every command.
    session_url: String,
    /// The profile and temporary files, removed on drop.
    dir: PathBuf,
    agent: ureq::Agent,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session.
    ///
    /// `None` (after saying so on stderr) when the binaries are missing,
    /// unless `CI=true`, where a missing browser fails the test: CI must never
    /// pass by skipping.
    pub fn start() -> Option<Browser> {
        match Binaries::find() {
            Ok(binaries) => Some(Browser::start_with(&binaries)),
            Err(reason) => {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("{reason}; CI=true requires the browser test to run");
                }
                eprintln!("\n!!! SKIPPED: browser test: {reason}\n");
                None
            }
        }
    }

    /// Starts chromedriver on an ephemeral port of 127.0.0.1 and opens a
    /// session with a fresh profile. Panics if either fails.
    pub fn start_with(binaries: &Binaries) -> Browser {
        // One folder for everything the browser writes: its profile, and its
        // temporary files (Chromium's scoped dirs go to $TMPDIR), so that
        // removing it on drop leaves nothing behind.
        let profile = fresh_profile_dir();
        let tmp = profile.join("tmp");
        std::fs::create_dir_all(&tmp).expect("create the browser's temporary folder");
        let driver = Command::new(&binaries.chromedriver)
            .arg("--port=0")
            .env("TMPDIR", &tmp)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn();
        let mut driver = match driver {
            Ok(driver) => driver,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&profile);
                panic!("starting {}: {e}", binaries.chromedriver.display());
            }
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(COMMAND_TIMEOUT))
            .build()
            .into();
        let port = driver_port(&mut driver);
        // From here on, a panic drops `browser`, which stops chromedriver and
        // removes the folder.
        let mut browser = Browser {
            driver,
            session_url: String::new(),
            dir: profile,
            agent,
        };
        let port = port.unwrap_or_else(|e| panic!("chromedriver did not start: {e}"));
        let base = format!("http://127.0.0.1:{port}");
        browser.wait_until_ready(&base);

        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| a.to_string()).collect();
        args.push(format!(
            "--user-data-dir={}",
            browser.dir.join("user-data").display()
        ));
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "timeouts": { "pageLoad": 20_000, "script": 10_000, "implicit": 0 },
                    "goog:chromeOptions": {
                        "binary": binaries.chromium.to_string_lossy(),
                        "args": args,
                    },
                }
            }
        });
        let created = browser.call("POST", &format!("{base}/session"), Some(capabilities));
        let id = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session id in {created}"));
        browser.session_url = format!("{base}/session/{id}");
        browser
    }

    /// Polls chromedriver's `/status` until it is ready for a session.
    fn wait_until_ready(&self, base: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let status = self
                .agent
                .get(&format!("{base}/status"))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_to_string().ok())
                .and_then(|text| serde_json::from_str::<Value>(&text).ok());
            if status.is_some_and(|s| s["value"]["ready"] == true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver is not ready after 10 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Sends one WebDriver command and returns its `value`; panics with
    /// WebDriver's error message on failure.
    fn call(&self, method: &str, url: &str, body: Option<Value>) -> Value {
        let response = match (method, body) {
            ("GET", _) => self.agent.get(url).call(),
            ("DELETE", _) => self.agent.delete(url).call(),
            (_, body) => self
                .agent
                .post(url)
                .header("Content-Type", "application/json")
                .send(body.unwrap_or_else(|| json!({})).to_string()),
        };
        let mut response = response.unwrap_or_else(|e| panic!("WebDriver {method} {url}: {e}"));
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .read_to_string()
            .unwrap_or_else(|e| panic!("WebDriver {method} {url}: reading the reply: {e}"));
        let reply: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("WebDriver {method} {url}: {e} in {text:?}"));
        let value = reply["value"].clone();
        if status != 200 {
            panic!(
                "WebDriver {method} {url} failed ({status}): {}: {}",
                value["error"], value["message"]
            );
        }
        value
    }

    /// A command on this session: `path` is relative to `/session/ID`.
    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("{}{path}", self.session_url), body)
    }

    /// Navigates to `url` and waits for the page to load.
    pub fn goto(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })));
    }

    /// The URL of the current page.
    pub fn current_url(&self) -> String {
        self.command("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The current page's DOM, serialised.
    pub fn page_source(&self) -> String {
        self.command("GET", "/source", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The text of the current page as a user sees it
    /// (`document.body.innerText`; for an XML document, its text content).
    pub fn text(&self) -> String {
        self.execute(
            "const root = document.body || document.documentElement; \
             return root ? (root.innerText ?? root.textContent) : '';",
            &[],
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page
    /// and returns what it returns.
    pub fn execute(&self, script: &str, args: &[Value]) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// The elements matching a CSS selector, in document order.
    pub fn find_all(&self, css: &str) -> Vec<Element> {
        let found = self.command(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        );
        found
            .as_array()
            .map(|all| all.iter().filter_map(element_of).collect())
            .unwrap_or_default()
    }

    /// The one element matching a CSS selector; panics if there is none.
    pub fn find(&self, css: &str) -> Element {
        self.find_all(css).into_iter().next().unwrap_or_else(|| {
            panic!(
                "no element matches {css:?} on {}, which shows:\n{}",
                self.current_url(),
                self.text()
            )
        })
    }

    /// An attribute of an element (`None` when absent).
    pub fn attribute(&self, element: &Element, name: &str) -> Option<String> {
        self.command(
            "GET",
            &format!("/element/{}/attribute/{name}", element.0),
            None,
        )
        .as_str()
        .map(str::to_string)
    }

    /// An element's rendered text.
    pub fn element_text(&self, element: &Element) -> String {
        self.command("GET", &format!("/element/{}/text", element.0), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Types `text` into an element. For `<input type=file>`, `text` is the
    /// absolute path of the file to pick.
    pub fn send_keys(&self, element: &Element, text: &str) {
        self.command(
            "POST",
            &format!("/element/{}/value", element.0),
            Some(json!({ "text": text })),
        );
    }

    /// Picks `file` in an `<input type=file>`.
    pub fn choose_file(&self, input: &Element, file: &Path) {
        let absolute = std::fs::canonicalize(file)
            .unwrap_or_else(|e| panic!("choosing {}: {e}", file.display()));
        self.send_keys(input, &absolute.to_string_lossy());
    }

    /// Clicks an element (a submit button submits its form; with the
    /// default page-load strategy the call returns once navigation started
    /// loading, so follow it with a `wait_*`).
    pub fn click(&self, element: &Element) {
        self.command(
            "POST",
            &format!("/element/{}/click", element.0),
            Some(json!({})),
        );
    }

    /// A PNG screenshot of the page as the browser shows it.
    pub fn screenshot(&self) -> Vec<u8> {
        use base64::Engine as _;
        let encoded = self.command("GET", "/screenshot", None);
        base64::engine::general_purpose::STANDARD
            .decode(encoded.as_str().unwrap_or_default())
            .unwrap_or_else(|e| panic!("the screenshot is not base64: {e}"))
    }

    /// Polls the current URL until `done` accepts it, and returns it; fails
    /// the test after [`WAIT`] with the URL and the page text.
    pub fn wait_for_url(&self, done: impl Fn(&str) -> bool) -> String {
        self.wait_for("the expected URL", || {
            let url = self.current_url();
            done(&url).then_some(url)
        })
    }

    /// Polls `probe` every 100 ms until it returns `Some`, for at most
    /// [`WAIT`]; then fails the test, naming `what` and showing the page.
    pub fn wait_for<T>(&self, what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(found) = probe() {
                return found;
            }
            if Instant::now() >= deadline {
                panic!(
                    "waited {WAIT:?} for {what}; the browser is at {} showing:\n{}",
                    self.current_url(),
                    self.text()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session_url.is_empty() {
            // Ends the session, which quits Chromium. Bounded by the agent's
            // timeout; a failure here must not hide the test's own panic.
            let _ = self.agent.delete(&self.session_url).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// An element reference from a WebDriver reply.
fn element_of(value: &Value) -> Option<Element> {
    value[ELEMENT_KEY]
        .as_str()
        .map(|id| Element(id.to_string()))
}

/// Reads chromedriver's stdout (started with `--port=0`) up to the line that
/// names the port it bound, within 10 s.
fn driver_port(driver: &mut Child) -> Result<u16, String> {
    let stdout = driver.stdout.take().ok_or("no stdout")?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let port = line
                .split("started successfully on port ")
                .nth(1)
                .and_then(|rest| rest.trim_end_matches('.').trim().parse::<u16>().ok());
            if let Some(port) = port {
                let _ = tx.send(Ok(port));
                // Keep draining, so that chromedriver never blocks on a full pipe.
                continue;
            }
            seen.push(line);
        }
        let _ = tx.send(Err(format!("its output was: {seen:?}")));
    });
    rx.recv_timeout(Duration::from_secs(10))
        .map_err(|_| "no port announced within 10 s".to_string())?
}

/// A new, empty folder for one browser under the system's temporary folder.
fn fresh_profile_dir() -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let dir = std::env::temp_dir().join(format!(
        "presign-chromium-{}-{n}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("create the browser's folder");
    dir
}
