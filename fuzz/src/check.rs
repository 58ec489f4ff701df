//! What every Ok output must be: URLs that parse, with one well-formed
//! signature; header values without line breaks; HTML whose attribute
//! values hold the user's text only escaped; JSON that parses back to the
//! fields. Written without the library's encoders, as a client would read
//! the output.

/// True for 64 lower-case hex digits.
pub fn is_signature(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Checks a presigned URL: printable ASCII only (no space, control or
/// non-ASCII byte), a URL the `url` crate parses with the same host, query
/// and (but for dot segments, which S3 keys keep) path, no fragment, and exactly one
/// `X-Amz-Signature` of 64 lower-case hex digits. Returns its signature.
pub fn presigned_url(url: &str, host: &str) -> String {
    assert!(
        url.bytes().all(|b| b.is_ascii_graphic()),
        "a presigned URL holds a byte that is not printable ASCII: {url:?}"
    );
    let parsed =
        url::Url::parse(url).unwrap_or_else(|e| panic!("the URL does not parse ({e}): {url:?}"));
    assert_eq!(parsed.fragment(), None, "the URL has a fragment: {url:?}");
    let authority = match parsed.port() {
        Some(port) => format!("{}:{port}", parsed.host_str().unwrap_or("")),
        None => parsed.host_str().unwrap_or("").to_string(),
    };
    assert_eq!(authority, host, "the URL's host: {url:?}");
    let after_host = &url[url.find("://").map_or(0, |i| i + 3) + host.len()..];
    let (path, query) = after_host.split_once('?').expect("a query");
    assert_eq!(parsed.query(), Some(query), "the URL's query: {url:?}");
    // Dot segments are kept in S3 keys (documented in `Action`); a URL
    // parser resolves them, so only paths without them are compared.
    let has_dots = path.split('/').any(|s| {
        let s = s.to_ascii_lowercase().replace("%2e", ".");
        matches!(s.as_str(), "." | "..")
    });
    if !has_dots {
        assert_eq!(parsed.path(), path, "the URL's path: {url:?}");
    }
    let signatures: Vec<&str> = query
        .split('&')
        .filter_map(|p| p.strip_prefix("X-Amz-Signature="))
        .collect();
    let named = query
        .split('&')
        .filter(|p| p.split('=').next() == Some("X-Amz-Signature"))
        .count();
    assert!(
        signatures.len() == 1 && named == 1 && is_signature(signatures[0]),
        "not exactly one X-Amz-Signature of 64 lower-case hex digits: {url:?}"
    );
    signatures[0].to_string()
}

/// Checks a request target that a signer says is a URL's: the part of
/// [`presigned_url`] that does not depend on the host.
pub fn presigned_target(target: &str) -> String {
    assert!(
        target.starts_with('/'),
        "a target starts with '/': {target:?}"
    );
    presigned_url(&format!("https://example.com{target}"), "example.com")
}

/// Checks a header value sent as it is: no CR, LF or NUL.
pub fn header_value(name: &str, value: &str) {
    assert!(
        !value.contains(['\r', '\n', '\0']),
        "header {name} holds a line break or NUL: {value:?}"
    );
}

/// Reads HTML attribute values back: `&amp;`, `&lt;`, `&gt;`, `&quot;`,
/// `&#39;`, `&#x27;` and `&apos;`; `None` for any other `&` or a raw `<`,
/// `>` or `"`.
fn unescape_attribute(value: &str) -> Option<String> {
    if value.contains(['<', '>', '"']) {
        return None;
    }
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let (entity, c) = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#39;", '\''),
            ("&#x27;", '\''),
            ("&apos;", '\''),
        ]
        .into_iter()
        .find(|(e, _)| rest.starts_with(e))?;
        out.push(c);
        rest = &rest[entity.len()..];
    }
    out.push_str(rest);
    Some(out)
}

/// Checks the upload form's HTML: the markup outside attribute values is
/// exactly the form's skeleton (so no user text made a tag or an
/// attribute), and the values read back are the URL, each field, and each
/// starts-with field with its prefix, in order.
pub fn upload_html(
    html: &str,
    url: &str,
    fields: &[(String, String)],
    starts_with: &[(String, String)],
) {
    // Split into the markup and the double-quoted attribute values.
    let mut skeleton = String::new();
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("=\"") {
        skeleton.push_str(&rest[..i + 2]);
        rest = &rest[i + 2..];
        let end = rest
            .find('"')
            .unwrap_or_else(|| panic!("an attribute value is not closed: {html:?}"));
        let value = unescape_attribute(&rest[..end])
            .unwrap_or_else(|| panic!("an attribute value is not escaped: {html:?}"));
        values.push(value);
        skeleton.push('"');
        rest = &rest[end + 1..];
    }
    skeleton.push_str(rest);

    let mut want_skeleton =
        String::from("<form method=\"\" enctype=\"\" action=\"\" accept-charset=\"\">\n");
    let mut want_values: Vec<String> = ["post", "multipart/form-data", url, "utf-8"]
        .map(String::from)
        .to_vec();
    for (kind, list) in [("hidden", fields), ("text", starts_with)] {
        for (name, value) in list {
            want_skeleton.push_str("<input type=\"\" name=\"\" value=\"\">\n");
            want_values.extend([kind.to_string(), name.clone(), value.clone()]);
        }
    }
    want_skeleton.push_str("<input type=\"\" name=\"\">\n<input type=\"\" value=\"\">\n</form>\n");
    want_values.extend(["file", "file", "submit", "Upload"].map(String::from));
    assert_eq!(skeleton, want_skeleton, "the form's markup: {html:?}");
    assert_eq!(values, want_values, "the form's values: {html:?}");
}

/// Checks the upload form's JSON: no raw `<`, `>`, `&`, U+2028 or U+2029
/// (safe in a `<script>`), and it parses to `{"url": url, "fields": {...}}`
/// with every field and starts-with field.
pub fn upload_json(
    json: &str,
    url: &str,
    fields: &[(String, String)],
    starts_with: &[(String, String)],
) {
    assert!(
        !json.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
        "the JSON holds a character unsafe in a script: {json:?}"
    );
    let value: serde_json::Value = serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("the JSON does not parse ({e}): {json:?}"));
    let object = value.as_object().expect("a JSON object");
    assert_eq!(object.len(), 2, "{json:?}");
    assert_eq!(object.get("url").and_then(|u| u.as_str()), Some(url));
    let got = object
        .get("fields")
        .and_then(|f| f.as_object())
        .expect("a fields object");
    let all: Vec<&(String, String)> = fields.iter().chain(starts_with).collect();
    let mut names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(got.len(), names.len(), "the JSON's fields: {json:?}");
    // A repeated name keeps its last value, as a parser reads it.
    for name in names {
        let last = all
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str());
        let value = got.get(name).and_then(|v| v.as_str());
        assert_eq!(value, last, "field {name:?} in {json:?}");
    }
}

/// Checks that an error's text holds no secret (of 8 bytes or more) that
/// is not among the inputs, which an error may quote: `inputs` (the case)
/// is formatted only when a secret is shown.
pub fn no_secret(shown: &str, secrets: &[&str], inputs: &dyn std::fmt::Debug) {
    for secret in secrets {
        if secret.len() >= 8 && shown.contains(secret) {
            let inputs = format!("{inputs:?}");
            let escaped = format!("{secret:?}");
            assert!(
                inputs.contains(secret) || inputs.contains(&escaped[1..escaped.len() - 1]),
                "a secret is shown: {shown:?}"
            );
        }
    }
}
