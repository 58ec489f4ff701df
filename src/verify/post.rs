//! Verifying a browser upload: the POST policy's signature, its expiration,
//! and every condition against the form's fields and the file.

use std::borrow::Cow;

use base64::Engine as _;
use hmac::Mac;

use super::{parse_credential, Form, KeyStore, Policy, Rejection, Verified};
use crate::canonical::UNSIGNED_PAYLOAD;
use crate::AmzDate;

/// A browser upload as the server received it: the bucket it was sent to,
/// the form's fields (all but the file, in order), and the file's name and
/// size. Parsing the `multipart/form-data` body is the caller's.
#[derive(Debug, Clone, Copy)]
pub struct PostForm<'a> {
    /// The bucket the form was posted to (from the URL).
    pub bucket: &'a str,
    /// The form's fields before the file, as `(name, value)`.
    pub fields: &'a [(&'a str, &'a str)],
    /// The file's name, as the browser sent it: what `${filename}` in the
    /// `key` field stands for.
    pub file_name: &'a str,
    /// The file's size in bytes.
    pub file_size: u64,
}

/// The value of a form field, its name compared without case: `Ok(None)`
/// when absent, an error when repeated.
fn form_field<'a>(form: &PostForm<'a>, name: &str) -> Result<Option<&'a str>, Rejection> {
    let mut found = form
        .fields
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name));
    match (found.next(), found.next()) {
        (None, _) => Ok(None),
        (Some(&(_, value)), None) => Ok(Some(value)),
        (Some(_), Some(_)) => Err(Rejection::MalformedForm(format!(
            "{name} is given more than once"
        ))),
    }
}

/// Fields no condition needs to cover: S3 exempts them.
fn is_exempt(name: &str) -> bool {
    ["x-amz-signature", "file", "policy"]
        .iter()
        .any(|e| name.eq_ignore_ascii_case(e))
        || name
            .get(..9)
            .is_some_and(|p| p.eq_ignore_ascii_case("x-ignore-"))
}

impl Policy {
    /// Verifies a browser upload: the policy's signature, credential, scope
    /// and date, its expiration, every condition (`eq`, `starts-with`,
    /// `content-length-range`, the bucket, and `${filename}` in `key`
    /// replaced by the file's name as S3 does), and that no field but those
    /// S3 exempts (`x-amz-signature`, `file`, `policy`, `x-ignore-*`) is
    /// left uncovered.
    pub fn verify_post<'a>(
        &self,
        form: &PostForm<'a>,
        keys: &(impl KeyStore + ?Sized),
        now: AmzDate,
    ) -> Result<Verified<'a>, Rejection> {
        let field = |name: &str| form_field(form, name);
        let needed = |name: &str| {
            field(name)?.ok_or_else(|| Rejection::MalformedForm(format!("{name} is missing")))
        };
        let policy = needed("policy")?;
        let algorithm = needed("x-amz-algorithm")?;
        if algorithm != "AWS4-HMAC-SHA256" {
            return Err(Rejection::UnsupportedAlgorithm {
                algorithm: algorithm.to_string(),
                form: Form::Post,
            });
        }
        let credential = parse_credential(needed("x-amz-credential")?, "/").ok_or_else(|| {
            Rejection::MalformedForm(
                "x-amz-credential must be ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request"
                    .into(),
            )
        })?;
        let time = AmzDate::parse(needed("x-amz-date")?)
            .map_err(|_| Rejection::MalformedForm("x-amz-date must be YYYYMMDDTHHMMSSZ".into()))?;
        self.check_scope(&credential, time, Form::Post)?;
        let signature = needed("x-amz-signature")?;
        let creds = self.credentials(keys, &credential, field("x-amz-security-token")?)?;

        // The signature of the policy's base64 text, compared in constant
        // time; only then is the policy read.
        let given = crate::canonical::decode_signature(signature.as_bytes())
            .ok_or(Rejection::SignatureDoesNotMatch)?;
        let tail_line = self.tail_line(credential.region);
        let mut mac = creds.scoped_mac(credential.date, &tail_line[1..tail_line.len() - 1]);
        mac.update(policy.as_bytes());
        mac.verify_slice(&given)
            .map_err(|_| Rejection::SignatureDoesNotMatch)?;

        let document = PolicyDocument::parse(policy)?;
        if document.expiration < now {
            return Err(Rejection::PolicyExpired);
        }
        let mut covered: Vec<String> = Vec::new();
        for condition in &document.conditions {
            condition.check(form)?;
            if let Condition::Eq(name, _) | Condition::StartsWith(name, _) = condition {
                covered.push(name.to_ascii_lowercase());
            }
        }
        for &(name, _) in form.fields {
            let lower = name.to_ascii_lowercase();
            if !is_exempt(&lower) && !covered.contains(&lower) {
                return Err(Rejection::ExtraField(name.to_string()));
            }
        }
        Ok(Verified {
            form: Form::Post,
            access_key_id: Cow::Borrowed(credential.access_key_id),
            date: time,
            region: Cow::Borrowed(credential.region),
            service: Cow::Borrowed(credential.service),
            signed_headers: Cow::Borrowed(""),
            expires: Some(document.expiration),
            payload_hash: Cow::Borrowed(UNSIGNED_PAYLOAD),
            signature: Cow::Borrowed(signature),
        })
    }
}

/// A POST policy, read.
struct PolicyDocument {
    expiration: AmzDate,
    conditions: Vec<Condition>,
}

/// One condition of a POST policy.
enum Condition {
    /// `{"field": "value"}` or `["eq", "$field", "value"]`.
    Eq(String, String),
    /// `["starts-with", "$field", "prefix"]`.
    StartsWith(String, String),
    /// `["content-length-range", min, max]`.
    LengthRange(u64, u64),
}

impl PolicyDocument {
    fn parse(base64_text: &str) -> Result<Self, Rejection> {
        let bad = |why: &str| Rejection::InvalidPolicyDocument(why.to_string());
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(base64_text)
            .map_err(|_| bad("the policy is not base64"))?;
        let json: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|_| bad("the policy is not JSON"))?;
        let expiration = json["expiration"]
            .as_str()
            .and_then(parse_iso8601)
            .ok_or_else(|| bad("expiration must be a time such as 2026-12-01T12:00:00.000Z"))?;
        let conditions = json["conditions"]
            .as_array()
            .ok_or_else(|| bad("conditions must be an array"))?
            .iter()
            .map(Condition::parse)
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .flatten()
            .collect();
        Ok(PolicyDocument {
            expiration,
            conditions,
        })
    }
}

impl Condition {
    /// The conditions of one entry (an object may hold several).
    fn parse(entry: &serde_json::Value) -> Result<Vec<Condition>, Rejection> {
        let bad =
            || Rejection::InvalidPolicyDocument(format!("condition {entry} is not one S3 knows"));
        if let Some(object) = entry.as_object() {
            return object
                .iter()
                .map(|(name, value)| {
                    let value = value.as_str().ok_or_else(bad)?;
                    Ok(Condition::Eq(name.clone(), value.to_string()))
                })
                .collect();
        }
        let array = entry.as_array().ok_or_else(bad)?;
        let op = array.first().and_then(|v| v.as_str()).ok_or_else(bad)?;
        if op.eq_ignore_ascii_case("content-length-range") {
            let number = |i: usize| {
                let v = array.get(i)?;
                v.as_u64().or_else(|| v.as_str()?.parse().ok())
            };
            return match (array.len(), number(1), number(2)) {
                (3, Some(min), Some(max)) if min <= max => {
                    Ok(vec![Condition::LengthRange(min, max)])
                }
                _ => Err(bad()),
            };
        }
        let (Some(field), Some(value), 3) = (
            array.get(1).and_then(|v| v.as_str()),
            array.get(2).and_then(|v| v.as_str()),
            array.len(),
        ) else {
            return Err(bad());
        };
        let field = field.strip_prefix('$').ok_or_else(bad)?.to_string();
        let value = value.to_string();
        if op.eq_ignore_ascii_case("eq") {
            Ok(vec![Condition::Eq(field, value)])
        } else if op.eq_ignore_ascii_case("starts-with") {
            Ok(vec![Condition::StartsWith(field, value)])
        } else {
            Err(bad())
        }
    }

    /// Checks the condition against the form.
    fn check(&self, form: &PostForm<'_>) -> Result<(), Rejection> {
        let value_of = |name: &str| -> Result<Option<String>, Rejection> {
            if name.eq_ignore_ascii_case("bucket") {
                return Ok(Some(form.bucket.to_string()));
            }
            let value = form_field(form, name)?;
            // S3 puts the file's name in the key before it checks.
            Ok(value.map(|v| match name.eq_ignore_ascii_case("key") {
                true => v.replace("${filename}", form.file_name),
                false => v.to_string(),
            }))
        };
        let failed = |text: String| Err(Rejection::ConditionFailed(text));
        match self {
            Condition::Eq(name, want) => match value_of(name)? {
                Some(got) if got == *want => Ok(()),
                _ => failed(format!("[\"eq\", \"${name}\", {want:?}]")),
            },
            Condition::StartsWith(name, prefix) => match value_of(name)? {
                Some(got) if got.starts_with(prefix.as_str()) => Ok(()),
                _ => failed(format!("[\"starts-with\", \"${name}\", {prefix:?}]")),
            },
            &Condition::LengthRange(min, max) => {
                if form.file_size > max {
                    Err(Rejection::EntityTooLarge {
                        size: form.file_size,
                        max,
                    })
                } else if form.file_size < min {
                    Err(Rejection::EntityTooSmall {
                        size: form.file_size,
                        min,
                    })
                } else {
                    Ok(())
                }
            }
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS` with an optional fraction, then `Z`.
fn parse_iso8601(text: &str) -> Option<AmzDate> {
    let b = text.as_bytes();
    if b.len() < 20 || !text.is_ascii() {
        return None;
    }
    let shape = b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[b.len() - 1] == b'Z';
    let fraction = &text[19..text.len() - 1];
    let fraction_ok = fraction.is_empty()
        || (fraction.len() >= 2
            && fraction.starts_with('.')
            && fraction[1..].bytes().all(|c| c.is_ascii_digit()));
    if !(shape && fraction_ok) {
        return None;
    }
    let stamp = [
        &text[0..4],
        &text[5..7],
        &text[8..10],
        "T",
        &text[11..13],
        &text[14..16],
        &text[17..19],
        "Z",
    ]
    .concat();
    AmzDate::parse(&stamp).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expirations_read_as_s3_writes_them() {
        for (text, want) in [
            ("2015-12-30T12:00:00.000Z", "20151230T120000Z"),
            ("2015-12-30T12:00:00Z", "20151230T120000Z"),
            ("2015-12-30T12:00:00.5Z", "20151230T120000Z"),
        ] {
            assert_eq!(parse_iso8601(text).unwrap().timestamp(), want);
        }
        for bad in [
            "",
            "2015-12-30",
            "2015-12-30T12:00:00.000",
            "2015-12-30 12:00:00Z",
            "2015-13-30T12:00:00Z",
            "2015-12-30T12:00:00.Z",
            "2015-12-30T12:00:00+01:00",
            "ü015-12-30T12:00:00.000Z",
            "2015-12-30T12:00:0ü",
        ] {
            assert!(parse_iso8601(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn exempt_fields_are_s3s() {
        for name in [
            "x-amz-signature",
            "File",
            "POLICY",
            "x-ignore-me",
            "X-Ignore-",
        ] {
            assert!(is_exempt(name), "{name}");
        }
        for name in ["key", "x-amz-date", "x-ignore", "policyx"] {
            assert!(!is_exempt(name), "{name}");
        }
    }
}
