//! Presigned POST policies: browser uploads straight to S3 through an HTML
//! form.
//!
//! A [`PostPolicy`] says what an upload may be (its key, its size, its
//! metadata); [`Bucket::presign_post`] adds the conditions S3 requires, signs
//! the policy and returns a [`PresignedPost`]: the form's action URL and the
//! fields the browser must send, ready as JSON or as an HTML form.
//!
//! The rules follow the AWS documentation, "Creating a POST policy"
//! (<https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html>)
//! and "Browser-based uploads using POST"
//! (<https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-UsingHTTPPOST.html>).

use core::fmt;
use core::time::Duration;

use base64::Engine as _;

use crate::canonical::ALGORITHM;
use crate::prelude::*;
use crate::request::{is_secret_field, is_token};
use crate::{AmzDate, Bucket, Credentials, Error, SigningKey};

/// Form fields that signing sets by itself: a policy may not constrain them.
const SIGNER_FIELDS: [&str; 6] = [
    "policy",
    "x-amz-algorithm",
    "x-amz-credential",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-signature",
];

/// The placeholder S3 replaces with the name of the uploaded file.
const FILENAME: &str = "${filename}";

/// The longest object key S3 accepts, in bytes.
const MAX_KEY_LEN: usize = 1024;

/// What a browser upload may be: an expiration and a list of conditions on
/// the form fields, to be signed with [`Bucket::presign_post`].
///
/// Conditions are added by chained methods, each returning `Result`: a method
/// checks its condition against the ones already there, so the error comes
/// from the call that made the policy contradictory or malformed, and a
/// `PostPolicy` that exists is always consistent and can be signed any
/// number of times. What depends on the bucket, the credentials or the
/// signing time (the `bucket` condition, an expiration given as an instant,
/// the required condition on `key`) is checked when signing.
///
/// Field names are matched without regard to case, as S3 matches them;
/// values are case-sensitive. Signing adds by itself the conditions S3
/// requires (`bucket`, `x-amz-algorithm`, `x-amz-credential`, `x-amz-date`
/// and, with temporary credentials, `x-amz-security-token`), so these fields
/// and the other fields the signer sets (`policy`, `x-amz-signature`) take no
/// condition from the caller.
///
/// ```
/// use std::time::Duration;
/// use presign::{AmzDate, Bucket, Credentials, PostPolicy};
///
/// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
/// let bucket = Bucket::aws("examplebucket", "us-east-1")?;
///
/// // Uploads under user1/, up to 10 MB, private, as PNG, for ten minutes.
/// let policy = PostPolicy::new(Duration::from_secs(600))?
///     .starts_with("key", "user1/")?
///     .content_length_range(1, 10_000_000)?
///     .eq("acl", "private")?
///     .eq("Content-Type", "image/png")?;
/// let post = bucket.presign_post(&creds, &policy, AmzDate::parse("20240301T120000Z")?)?;
///
/// assert_eq!(post.url(), "https://examplebucket.s3.us-east-1.amazonaws.com/");
/// assert_eq!(post.field("key"), Some("user1/${filename}"));
/// let names: Vec<&str> = post.fields().iter().map(|(name, _)| name.as_str()).collect();
/// assert_eq!(
///     names,
///     ["key", "acl", "Content-Type", "policy", "x-amz-algorithm",
///      "x-amz-credential", "x-amz-date", "x-amz-signature"]
/// );
/// // Serve this form; the browser sends the chosen file as the last field.
/// let html = post.to_html();
/// assert!(html.ends_with("<input type=\"file\" name=\"file\">\n<input type=\"submit\" value=\"Upload\">\n</form>\n"));
/// # Ok::<(), presign::Error>(())
/// ```
#[derive(Clone)]
pub struct PostPolicy {
    expiration: Expiration,
    conditions: Vec<Condition>,
}

impl fmt::Debug for PostPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SSE-C keys are secrets; hide them.
        let conditions: Vec<Condition> = self
            .conditions
            .iter()
            .map(|c| match c {
                Condition::Eq { field, form, .. } if is_secret_field(field) => Condition::Eq {
                    field: field.clone(),
                    value: "<redacted>".to_string(),
                    form: *form,
                },
                c => c.clone(),
            })
            .collect();
        f.debug_struct("PostPolicy")
            .field("expiration", &self.expiration)
            .field("conditions", &conditions)
            .finish()
    }
}

/// When the policy stops being valid.
#[derive(Debug, Clone, Copy)]
enum Expiration {
    /// This long after the signing time (already checked: whole seconds,
    /// at least 1).
    After(Duration),
    /// At this instant (checked against the signing time when signing).
    At(AmzDate),
}

/// How an exact match is written in the policy document. Both mean the same
/// to S3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EqForm {
    /// `{"field": "value"}`
    Object,
    /// `["eq", "$field", "value"]`
    Array,
}

#[derive(Debug, Clone)]
enum Condition {
    Eq {
        field: String,
        value: String,
        form: EqForm,
    },
    StartsWith {
        field: String,
        prefix: String,
    },
    ContentLengthRange {
        min: u64,
        max: u64,
    },
}

impl Condition {
    fn field(&self) -> Option<&str> {
        match self {
            Condition::Eq { field, .. } | Condition::StartsWith { field, .. } => Some(field),
            Condition::ContentLengthRange { .. } => None,
        }
    }
}

fn invalid(why: impl Into<String>) -> Error {
    Error::InvalidPolicy(why.into())
}

impl PostPolicy {
    /// An empty policy that expires `expires_in` after the signing time; a
    /// fraction of a second is dropped, and what is left must be at least
    /// 1 second. Signing refuses an expiration past the year 9999, which
    /// the policy's ISO 8601 date cannot hold.
    ///
    /// There is no upper limit, unlike the 7 days ([`crate::MAX_EXPIRY`])
    /// of a presigned URL: S3 documents none for POST policies, and checks
    /// only that the expiration has not passed. The AWS documentation
    /// ("Creating a POST policy",
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html>)
    /// defines `expiration` as the instant after which the policy is not
    /// valid, with no maximum; the 7-day limit is stated only for
    /// `X-Amz-Expires` of presigned URLs. Other signers agree: botocore's
    /// `generate_presigned_post` adds `ExpiresIn` to the current time
    /// unchecked, minio-go's `PostPolicy::SetExpires` takes any non-zero
    /// time (its own example signs for 10 days), and the MinIO server
    /// refuses a policy only once its expiration is past. Temporary
    /// credentials still end when their session does, whatever the policy
    /// says.
    pub fn new(expires_in: Duration) -> Result<Self, Error> {
        let seconds = expires_in.as_secs();
        if seconds == 0 {
            return Err(invalid(format!(
                "the expiration must be at least 1 second after the signing time, not {expires_in:?}"
            )));
        }
        Ok(PostPolicy {
            expiration: Expiration::After(Duration::from_secs(seconds)),
            conditions: Vec::new(),
        })
    }

    /// An empty policy that expires at `expiration`, which signing checks is
    /// at least 1 second after the signing time. As for
    /// [`PostPolicy::new`], there is no upper limit: S3 sets none for POST
    /// policies.
    pub fn expiring_at(expiration: AmzDate) -> Self {
        PostPolicy {
            expiration: Expiration::At(expiration),
            conditions: Vec::new(),
        }
    }

    /// Requires the form field `field` to be exactly `value`, written
    /// `{"field": "value"}` in the policy. The field is sent by the form:
    /// it is one of [`PresignedPost::fields`].
    ///
    /// Fields S3 knows include `key`, `acl`, `Cache-Control`, `Content-Type`,
    /// `Content-Disposition`, `Content-Encoding`, `Expires`,
    /// `success_action_redirect`, `redirect`, `success_action_status`,
    /// `tagging`, `x-amz-meta-*`, `x-amz-server-side-encryption*`,
    /// `x-amz-storage-class`, `x-amz-website-redirect-location`,
    /// `x-amz-checksum-*`, and `bucket` (which must name the bucket signed
    /// for). Giving the same field the same value twice is harmless; two
    /// different values are an error.
    ///
    /// Refused with [`Error::InvalidPolicy`]: a name that is empty, begins
    /// with `$` or is not an RFC 9110 token (no control characters, spaces
    /// or separators); a field the signer sets; `file`;
    /// `content-length-range`; a value with a control character other than
    /// tab (a browser form cannot send it unchanged); a value that
    /// contradicts another condition on the field; an empty `key` or one
    /// longer than 1024 bytes; a value with the placeholder `${filename}`
    /// (S3 replaces it before checking the policy, so an exact match on it
    /// never holds: use [`PostPolicy::starts_with`] on the text before it).
    pub fn eq(self, field: &str, value: &str) -> Result<Self, Error> {
        self.add_eq(field, value, EqForm::Object)
    }

    /// As [`PostPolicy::eq`], written `["eq", "$field", "value"]` in the
    /// policy: the other spelling S3 accepts for an exact match.
    pub fn eq_as_array(self, field: &str, value: &str) -> Result<Self, Error> {
        self.add_eq(field, value, EqForm::Array)
    }

    /// Requires the form field `field` to start with `prefix`, written
    /// `["starts-with", "$field", "prefix"]`. An empty prefix allows any
    /// value (but the form must still send the field).
    ///
    /// On `key`, the form's `key` field becomes `prefix${filename}`: S3 names
    /// the object after the uploaded file, under the prefix. Other fields
    /// held only by a prefix are not in [`PresignedPost::fields`], since
    /// their value is not known when signing: the page sends them (see
    /// [`PresignedPost::starts_with_fields`]).
    ///
    /// Refused as for [`PostPolicy::eq`], and also on the fields S3 matches
    /// exactly only: `bucket`, `success_action_status`, and the `x-amz-*`
    /// fields other than `x-amz-meta-*`; a prefix that no value can share
    /// with another condition on the field; and a prefix holding
    /// `${filename}`: S3 replaces the placeholder in the form's field values
    /// before it checks them, but a condition's prefix is literal, so no
    /// value could start with it (`starts_with("key", "a/")` already makes
    /// the `key` field `a/${filename}`).
    pub fn starts_with(mut self, field: &str, prefix: &str) -> Result<Self, Error> {
        let lower = check_field(field)?;
        check_value(field, &lower, prefix)?;
        if prefix.contains(FILENAME) {
            return Err(invalid(format!(
                "the starts-with prefix of {field:?} holds ${{filename}}: S3 replaces it in the \
                 field's value, never in the condition, so no value can start with it; give the \
                 text before it (on key, the form's key field ends in ${{filename}} by itself)"
            )));
        }
        if lower == "bucket"
            || lower == "success_action_status"
            || (lower.starts_with("x-amz-") && !lower.starts_with("x-amz-meta-"))
        {
            return Err(invalid(format!(
                "starts-with is not allowed on {field:?}: S3 accepts only an exact match for it"
            )));
        }
        for c in &self.conditions {
            match c {
                Condition::Eq {
                    field: f, value, ..
                } if f.eq_ignore_ascii_case(field) && !value.starts_with(prefix) => {
                    return Err(eq_outside_prefix(field));
                }
                Condition::StartsWith {
                    field: f,
                    prefix: p,
                } if f.eq_ignore_ascii_case(field) => {
                    if p == prefix {
                        return Ok(self);
                    }
                    if !p.starts_with(prefix) && !prefix.starts_with(p.as_str()) {
                        return Err(invalid(format!(
                            "no value of {field:?} can start with both prefixes of its starts-with conditions"
                        )));
                    }
                }
                _ => {}
            }
        }
        self.conditions.push(Condition::StartsWith {
            field: field.to_string(),
            prefix: prefix.to_string(),
        });
        Ok(self)
    }

    /// Requires the uploaded file to be `min` to `max` bytes long (both
    /// included), written `["content-length-range", min, max]`.
    ///
    /// Refused: `min` above `max`, and a second range with other bounds.
    pub fn content_length_range(mut self, min: u64, max: u64) -> Result<Self, Error> {
        if min > max {
            return Err(invalid(format!(
                "the content-length-range minimum {min} is above its maximum {max}"
            )));
        }
        for c in &self.conditions {
            if let Condition::ContentLengthRange { min: m, max: x } = *c {
                if (m, x) == (min, max) {
                    return Ok(self);
                }
                return Err(invalid(
                    "content-length-range is given twice, with different bounds",
                ));
            }
        }
        self.conditions
            .push(Condition::ContentLengthRange { min, max });
        Ok(self)
    }

    /// The policy document [`Bucket::presign_post`] signs for these
    /// arguments: compact JSON, with the expiration and every condition,
    /// those signing adds included. For inspection and debugging.
    pub fn document(
        &self,
        bucket: &Bucket,
        credentials: &Credentials,
        time: AmzDate,
    ) -> Result<String, Error> {
        Ok(self.prepare(bucket, credentials, time)?.document)
    }

    /// Signs a policy document given as text, exactly as written: returns
    /// `(policy, signature)`, the document in base64 (standard alphabet,
    /// with padding) and the signature, 64 lower-case hex digits.
    ///
    /// The string to sign of a POST policy is the base64 text itself:
    /// `signature = hex(HMAC-SHA256(key, base64(document)))`, with the
    /// signing key of the day, region and `s3`. This is the lower layer of
    /// [`Bucket::presign_post`], for documents written by hand, such as the
    /// AWS documentation's example (whose line endings are CRLF, and matter).
    /// Nothing is checked: the document must hold the conditions S3 requires.
    ///
    /// ```
    /// use presign::{PostPolicy, SigningKey};
    ///
    /// let key = SigningKey::derive("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20151229", "us-east-1", "s3");
    /// let (policy, signature) = PostPolicy::sign_document("{}", &key);
    /// assert_eq!(policy, "e30=");
    /// assert_eq!(signature, key.sign_hex(b"e30="));
    /// ```
    pub fn sign_document(document: &str, key: &SigningKey) -> (String, String) {
        let policy = base64::engine::general_purpose::STANDARD.encode(document.as_bytes());
        let signature = key.sign_hex(policy.as_bytes());
        (policy, signature)
    }

    fn add_eq(mut self, field: &str, value: &str, form: EqForm) -> Result<Self, Error> {
        let lower = check_field(field)?;
        check_value(field, &lower, value)?;
        if lower == "key" && value.is_empty() {
            return Err(invalid("the exact value of key is empty"));
        }
        if value.contains(FILENAME) {
            return Err(invalid(format!(
                "the exact value of {field:?} holds ${{filename}}, which S3 replaces before \
                 checking the policy: use starts-with on the text before it"
            )));
        }
        for c in &self.conditions {
            match c {
                Condition::Eq {
                    field: f, value: v, ..
                } if f.eq_ignore_ascii_case(field) => {
                    if v == value {
                        return Ok(self);
                    }
                    return Err(invalid(format!(
                        "{field:?} is given two different exact values"
                    )));
                }
                Condition::StartsWith { field: f, prefix }
                    if f.eq_ignore_ascii_case(field) && !value.starts_with(prefix.as_str()) =>
                {
                    return Err(eq_outside_prefix(field));
                }
                _ => {}
            }
        }
        self.conditions.push(Condition::Eq {
            field: field.to_string(),
            value: value.to_string(),
            form,
        });
        Ok(self)
    }

    /// Everything signing needs, checked against the bucket, the
    /// credentials and the time: the document and the form's fields.
    fn prepare(
        &self,
        bucket: &Bucket,
        credentials: &Credentials,
        time: AmzDate,
    ) -> Result<Prepared, Error> {
        let expiration = match self.expiration {
            Expiration::After(d) => time.plus(d).map_err(|_| {
                invalid(format!(
                    "the expiration, {} s after the signing time {}, is past the year 9999",
                    d.as_secs(),
                    time.iso8601()
                ))
            })?,
            Expiration::At(at) => {
                if at.unix_seconds() <= time.unix_seconds() {
                    return Err(invalid(format!(
                        "the expiration {} must be at least 1 s after the signing time {}",
                        at.iso8601(),
                        time.iso8601()
                    )));
                }
                at
            }
        };

        let mut key_eq = None;
        let mut key_prefix: Option<&str> = None;
        for c in &self.conditions {
            match c {
                Condition::Eq { field, value, .. }
                    if field.eq_ignore_ascii_case("bucket") && value != bucket.name() =>
                {
                    return Err(invalid(format!(
                        "the bucket condition names {value:?}, but the policy is signed for bucket {:?}",
                        bucket.name()
                    )));
                }
                Condition::Eq { field, value, .. } if field.eq_ignore_ascii_case("key") => {
                    key_eq = Some(value.as_str());
                }
                // Prefixes of one field extend each other: keep the longest.
                Condition::StartsWith { field, prefix }
                    if field.eq_ignore_ascii_case("key")
                        && key_prefix.is_none_or(|p| prefix.len() > p.len()) =>
                {
                    key_prefix = Some(prefix);
                }
                _ => {}
            }
        }
        let key = match (key_eq, key_prefix) {
            (Some(value), _) => value.to_string(),
            (None, Some(prefix)) => format!("{prefix}{FILENAME}"),
            (None, None) => {
                return Err(invalid(
                    "the policy has no condition on key: add eq(\"key\", ...) or starts_with(\"key\", ...)",
                ))
            }
        };

        let region = bucket.region();
        let service = bucket.signer().service();
        let credential = format!(
            "{}/{}/{region}/{service}/aws4_request",
            credentials.access_key_id(),
            time.date()
        );
        let mut signed: Vec<(&'static str, &str)> = vec![
            ("x-amz-algorithm", ALGORITHM),
            ("x-amz-credential", &credential),
            ("x-amz-date", time.timestamp()),
        ];
        if let Some(token) = credentials.session_token() {
            signed.push(("x-amz-security-token", token));
        }

        let mut document = String::with_capacity(256);
        document.push_str("{\"expiration\":");
        push_json_string(&mut document, &expiration.iso8601());
        document.push_str(",\"conditions\":[");
        push_object(&mut document, "bucket", bucket.name());
        for c in &self.conditions {
            match c {
                Condition::Eq { field, .. } if field.eq_ignore_ascii_case("bucket") => continue,
                Condition::Eq {
                    field,
                    value,
                    form: EqForm::Object,
                } => {
                    document.push(',');
                    push_object(&mut document, field, value);
                }
                Condition::Eq {
                    field,
                    value,
                    form: EqForm::Array,
                } => {
                    document.push(',');
                    push_array(&mut document, "eq", field, value);
                }
                Condition::StartsWith { field, prefix } => {
                    document.push(',');
                    push_array(&mut document, "starts-with", field, prefix);
                }
                Condition::ContentLengthRange { min, max } => {
                    document.push_str(&format!(",[\"content-length-range\",{min},{max}]"));
                }
            }
        }
        for (name, value) in &signed {
            document.push(',');
            push_object(&mut document, name, value);
        }
        document.push_str("]}");

        // The form: key, the exact matches, then what signing adds.
        let mut fields = vec![("key".to_string(), key)];
        let mut starts_with_fields: Vec<(String, String)> = Vec::new();
        for c in &self.conditions {
            let Some(field) = c.field() else { continue };
            let lower = field.to_ascii_lowercase();
            if lower == "key" || lower == "bucket" {
                continue;
            }
            match c {
                Condition::Eq { field, value, .. } => {
                    // Values are unique per field (checked when added).
                    if !fields.iter().any(|(n, _)| n.eq_ignore_ascii_case(field)) {
                        fields.push((field.clone(), value.clone()));
                    }
                }
                Condition::StartsWith { field, prefix } => {
                    let exact = self.conditions.iter().any(|c| {
                        matches!(c, Condition::Eq { field: f, .. } if f.eq_ignore_ascii_case(field))
                    });
                    if exact {
                        continue;
                    }
                    match starts_with_fields
                        .iter_mut()
                        .find(|(n, _)| n.eq_ignore_ascii_case(field))
                    {
                        Some((_, p)) if prefix.len() > p.len() => *p = prefix.clone(),
                        Some(_) => {}
                        None => starts_with_fields.push((field.clone(), prefix.clone())),
                    }
                }
                Condition::ContentLengthRange { .. } => {}
            }
        }
        let signed = signed
            .into_iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        Ok(Prepared {
            document,
            fields,
            signed,
            starts_with_fields,
        })
    }
}

/// A policy checked and written out, before signing.
struct Prepared {
    document: String,
    /// `key` and the exact matches.
    fields: Vec<(String, String)>,
    /// `x-amz-algorithm`, `x-amz-credential`, `x-amz-date` and maybe
    /// `x-amz-security-token`.
    signed: Vec<(String, String)>,
    starts_with_fields: Vec<(String, String)>,
}

fn eq_outside_prefix(field: &str) -> Error {
    invalid(format!(
        "the exact value of {field:?} does not start with the prefix of its starts-with condition"
    ))
}

/// Checks a field name and returns it in lower case.
fn check_field(field: &str) -> Result<String, Error> {
    if field.is_empty() {
        return Err(invalid("a field name is empty"));
    }
    if field.starts_with('$') {
        return Err(invalid(format!(
            "field {field:?}: give field names without the leading '$'"
        )));
    }
    if !is_token(field) {
        return Err(invalid(format!(
            "field name {field:?} has a character other than letters, digits and !#$%&'*+-.^_`|~"
        )));
    }
    let lower = field.to_ascii_lowercase();
    if SIGNER_FIELDS.contains(&lower.as_str()) {
        return Err(invalid(format!(
            "{field:?} is set by the signer and takes no condition"
        )));
    }
    match lower.as_str() {
        "file" => Err(invalid(
            "file is the upload itself and takes no condition: limit its size with content_length_range",
        )),
        "content-length-range" => Err(invalid(
            "content-length-range is a condition of its own: use content_length_range",
        )),
        "x-amz-meta-" => Err(invalid("x-amz-meta- needs a name after the prefix")),
        _ => Ok(lower),
    }
}

/// Checks a value or prefix; the message names the field, never the value
/// (which may be secret, such as an SSE-C key).
fn check_value(field: &str, lower: &str, value: &str) -> Result<(), Error> {
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(invalid(format!(
            "the value for {field:?} has a control character, which a browser form cannot send unchanged"
        )));
    }
    if lower == "key" && value.len() > MAX_KEY_LEN {
        return Err(invalid("the value for key is longer than 1024 bytes"));
    }
    Ok(())
}

/// Appends `s` as a JSON string, quoted and escaped.
fn push_json_string(out: &mut String, s: &str) {
    match serde_json::to_string(s) {
        Ok(json) => out.push_str(&json),
        Err(_) => unreachable!("a string always serialises to JSON"),
    }
}

/// `{"name":"value"}`
fn push_object(out: &mut String, name: &str, value: &str) {
    out.push('{');
    push_json_string(out, name);
    out.push(':');
    push_json_string(out, value);
    out.push('}');
}

/// `["op","$name","value"]`
fn push_array(out: &mut String, op: &str, name: &str, value: &str) {
    out.push_str("[\"");
    out.push_str(op);
    out.push_str("\",");
    push_json_string(out, &format!("${name}"));
    out.push(',');
    push_json_string(out, value);
    out.push(']');
}

impl Bucket {
    /// Signs a POST policy for browser uploads to this bucket at `time`:
    /// the form's action URL and fields, see [`PresignedPost`].
    ///
    /// Signing adds the conditions S3 requires (`bucket`, `x-amz-algorithm`,
    /// `x-amz-credential`, `x-amz-date`, and `x-amz-security-token` with
    /// temporary credentials), writes the document as JSON, encodes it in
    /// base64 and signs that text with the signing key of `time`'s day, the
    /// bucket's region and `s3`.
    ///
    /// Refused with [`Error::InvalidPolicy`]: a policy without a condition on
    /// `key`; a `bucket` condition naming another bucket; an expiration
    /// that is not at least 1 s after `time`, or is past the year 9999.
    pub fn presign_post(
        &self,
        credentials: &Credentials,
        policy: &PostPolicy,
        time: AmzDate,
    ) -> Result<PresignedPost, Error> {
        let prepared = policy.prepare(self, credentials, time)?;
        let key = credentials.signing_key(time.date(), self.region(), "s3");
        let (policy, signature) = PostPolicy::sign_document(&prepared.document, &key);
        let mut fields = prepared.fields;
        fields.reserve(prepared.signed.len() + 2);
        fields.push(("policy".to_string(), policy));
        fields.extend(prepared.signed);
        fields.push(("x-amz-signature".to_string(), signature));
        Ok(PresignedPost {
            url: self.url(),
            fields,
            starts_with_fields: prepared.starts_with_fields,
        })
    }
}

/// A signed POST policy: where the browser sends the upload, and the form
/// fields it must send, in order.
///
/// The fields are `key`, the exact matches of the policy (in the order they
/// were added), `policy`, `x-amz-algorithm`, `x-amz-credential`,
/// `x-amz-date`, `x-amz-security-token` (with temporary credentials) and
/// `x-amz-signature`. The caller appends the file itself as a last field
/// named `file`: S3 ignores any field after it. Fields the policy holds
/// only by a prefix come before the file too (see
/// [`PresignedPost::starts_with_fields`]).
///
/// [`PresignedPost::to_json`] hands the lot to a script (which builds a
/// `FormData`), [`PresignedPost::to_html`] renders a ready form. With
/// temporary credentials the session token is one of the fields, so it goes
/// to the browser (as S3 requires); `Debug` hides it, and the policy that
/// holds it.
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedPost {
    url: String,
    fields: Vec<(String, String)>,
    starts_with_fields: Vec<(String, String)>,
}

impl PresignedPost {
    /// The form's action: the bucket's URL, ending in `/`, virtual-hosted or
    /// path-style as the bucket is.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The fields to send, as `(name, value)`, in order; `file` is not among
    /// them: send it last.
    pub fn fields(&self) -> &[(String, String)] {
        &self.fields
    }

    /// The value of the field `name` (any case), if it is one of
    /// [`PresignedPost::fields`].
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Fields other than `key` that the policy constrains only with
    /// `starts-with`, as `(name, longest prefix)`: the page must send each
    /// one, before the file, with a value that starts with the prefix (for
    /// `Content-Type`, say, the type of the chosen file). S3 refuses the
    /// upload when one is missing. [`PresignedPost::to_json`] and
    /// [`PresignedPost::to_html`] both hold them, with the prefix as value.
    pub fn starts_with_fields(&self) -> &[(String, String)] {
        &self.starts_with_fields
    }

    /// `{"url": ..., "fields": {...}}` as compact JSON: every field the
    /// browser must send, in the order of [`PresignedPost::to_html`]'s
    /// inputs. That is [`PresignedPost::fields`], then
    /// [`PresignedPost::starts_with_fields`] with their prefix as the value
    /// (as the HTML form fills its text inputs), which satisfies the policy
    /// as it is; a script may replace such a value with any that starts
    /// with the prefix (a file's `Content-Type`, say). Append every field to
    /// a `FormData`, then the file last.
    ///
    /// `<`, `>`, `&`, U+2028 and U+2029 are written as `\u` escapes, so the
    /// JSON is safe inside an inline `<script>` too.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(64 + self.url.len() + self.fields_len() * 2);
        out.push_str("{\"url\":");
        push_json_string(&mut out, &self.url);
        out.push_str(",\"fields\":{");
        let all = self.fields.iter().chain(&self.starts_with_fields);
        for (i, (name, value)) in all.enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_json_string(&mut out, name);
            out.push(':');
            push_json_string(&mut out, value);
        }
        out.push_str("}}");
        // These characters appear only inside JSON strings, where the
        // escapes mean the same.
        if out.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
            out = out
                .replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026")
                .replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029");
        }
        out
    }

    /// An HTML upload form: a hidden input per field, a text input per
    /// [`PresignedPost::starts_with_fields`] (filled with its prefix), then
    /// the file input (last, as S3 requires) and a submit button. Every
    /// attribute value is HTML-escaped. Serve it in a UTF-8 page.
    pub fn to_html(&self) -> String {
        let mut out = String::with_capacity(256 + self.url.len() + self.fields_len() * 2);
        out.push_str("<form method=\"post\" enctype=\"multipart/form-data\" action=\"");
        crate::encode::push_markup_escaped(&mut out, &self.url);
        out.push_str("\" accept-charset=\"utf-8\">\n");
        for (kind, list) in [("hidden", &self.fields), ("text", &self.starts_with_fields)] {
            for (name, value) in list {
                out.push_str("<input type=\"");
                out.push_str(kind);
                out.push_str("\" name=\"");
                crate::encode::push_markup_escaped(&mut out, name);
                out.push_str("\" value=\"");
                crate::encode::push_markup_escaped(&mut out, value);
                out.push_str("\">\n");
            }
        }
        out.push_str("<input type=\"file\" name=\"file\">\n");
        out.push_str("<input type=\"submit\" value=\"Upload\">\n");
        out.push_str("</form>\n");
        out
    }

    fn fields_len(&self) -> usize {
        self.fields
            .iter()
            .chain(&self.starts_with_fields)
            .map(|(n, v)| n.len() + v.len() + 40)
            .sum()
    }
}

impl fmt::Debug for PresignedPost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The base64 policy holds the token and SSE-C keys too.
        let secrets = self.fields.iter().any(|(n, _)| is_secret_field(n));
        let fields: Vec<(&str, &str)> = self
            .fields
            .iter()
            .map(|(n, v)| {
                let secret = is_secret_field(n) || (secrets && n.eq_ignore_ascii_case("policy"));
                (n.as_str(), if secret { "<redacted>" } else { v.as_str() })
            })
            .collect();
        f.debug_struct("PresignedPost")
            .field("url", &self.url)
            .field("fields", &fields)
            .field("starts_with_fields", &self.starts_with_fields)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(s: &str) -> String {
        let mut out = String::new();
        crate::encode::push_markup_escaped(&mut out, s);
        out
    }

    #[test]
    fn html_escaping_covers_the_five_special_characters() {
        assert_eq!(escaped(r#"a&b<c>d"e'f"#), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
        assert_eq!(
            escaped("plain/ütf-8 ${filename}"),
            "plain/ütf-8 ${filename}"
        );
    }

    #[test]
    fn json_pieces_are_escaped() {
        let mut out = String::new();
        push_object(&mut out, "x-amz-meta-a", "q\"b\\s\tu");
        assert_eq!(out, r#"{"x-amz-meta-a":"q\"b\\s\tu"}"#);
        out.clear();
        push_array(&mut out, "starts-with", "key", "a\"b");
        assert_eq!(out, r#"["starts-with","$key","a\"b"]"#);
    }

    #[test]
    fn a_policy_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<PostPolicy>();
        check::<PresignedPost>();
    }
}
