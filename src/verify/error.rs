//! Why a request was refused, as S3 says it: an error code, an HTTP status
//! and a message.

use std::fmt;

use super::Form;

/// Why a received request does not verify.
///
/// Each cause maps to the error code and HTTP status S3 answers with
/// ([`Rejection::code`], [`Rejection::status`]), and [`Rejection::to_xml`]
/// writes S3's error body. Messages name the part of the request at fault,
/// never a secret, and never which part of a signature differed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// Neither an `Authorization` header nor an `X-Amz-Signature`
    /// parameter: the request is not signed.
    NotSigned,
    /// Both an `Authorization` header and presigning parameters.
    SignedTwice,
    /// A presigning parameter is missing, repeated or malformed.
    MalformedQuery(String),
    /// The `Authorization` header (or the `x-amz-date` header it needs) is
    /// malformed.
    MalformedHeader(String),
    /// The algorithm is not `AWS4-HMAC-SHA256`.
    UnsupportedAlgorithm {
        /// The algorithm given.
        algorithm: String,
        /// Where it was given.
        form: Form,
    },
    /// The credential's scope names another region.
    WrongRegion {
        /// The region of the credential.
        given: String,
        /// A region the policy accepts.
        expected: String,
        /// Where the credential was given.
        form: Form,
    },
    /// The credential's scope names another service.
    WrongService {
        /// The service of the credential.
        given: String,
        /// The service the policy accepts.
        expected: String,
        /// Where the credential was given.
        form: Form,
    },
    /// The credential's date is not the date of `X-Amz-Date`.
    CredentialDateMismatch {
        /// Where the credential was given.
        form: Form,
    },
    /// `X-Amz-Expires` is not a whole number of seconds from 1 to the
    /// policy's longest lifetime (7 days by default).
    InvalidExpires(String),
    /// A presigned URL whose lifetime has ended.
    Expired,
    /// A presigned URL dated further in the future than the allowed skew.
    NotYetValid,
    /// A header-signed request dated further from now than the allowed skew.
    TimeTooSkewed,
    /// No credentials are known for the access key id.
    UnknownAccessKey(String),
    /// The session token is missing, or not the one of the credentials.
    InvalidToken,
    /// A signed-headers list that is not sorted, has upper case, repeats a
    /// name or lacks `host`.
    MalformedSignedHeaders {
        /// The list as given.
        list: String,
        /// Where it was given.
        form: Form,
    },
    /// A header the signature covers is not in the request.
    MissingSignedHeader(String),
    /// S3 needs an `x-amz-content-sha256` header on header-signed requests.
    MissingContentSha256,
    /// The signature is not the one the request's content and the
    /// credentials make.
    SignatureDoesNotMatch,
    /// The body's SHA-256 is not the signed `x-amz-content-sha256`.
    ContentSha256Mismatch,
    /// A POST form without a field it needs, or with one given twice.
    MalformedForm(String),
    /// A POST policy that is not base64 JSON with an `expiration` and
    /// `conditions`, or a condition S3 does not know.
    InvalidPolicyDocument(String),
    /// A POST policy past its expiration.
    PolicyExpired,
    /// A POST form field or bucket that breaks a condition of its policy.
    ConditionFailed(String),
    /// A POST form field that no condition of the policy covers.
    ExtraField(String),
    /// A POST upload larger than its policy's `content-length-range`.
    EntityTooLarge {
        /// The file's size, in bytes.
        size: u64,
        /// The largest size the policy allows.
        max: u64,
    },
    /// A POST upload smaller than its policy's `content-length-range`.
    EntityTooSmall {
        /// The file's size, in bytes.
        size: u64,
        /// The smallest size the policy allows.
        min: u64,
    },
}

impl Rejection {
    /// S3's error code for this cause, such as `SignatureDoesNotMatch`.
    pub fn code(&self) -> &'static str {
        // A malformed credential or scope is reported for the part of the
        // request that held it: the query, or a header or form field.
        let malformed = |form: &Form| match form {
            Form::Presigned => "AuthorizationQueryParametersError",
            Form::Header | Form::Post => "AuthorizationHeaderMalformed",
        };
        match self {
            Rejection::WrongRegion { form, .. }
            | Rejection::WrongService { form, .. }
            | Rejection::CredentialDateMismatch { form }
            | Rejection::MalformedSignedHeaders { form, .. } => malformed(form),
            Rejection::UnsupportedAlgorithm { form, .. } => match form {
                Form::Presigned => "AuthorizationQueryParametersError",
                Form::Header | Form::Post => "InvalidArgument",
            },
            Rejection::NotSigned
            | Rejection::Expired
            | Rejection::NotYetValid
            | Rejection::PolicyExpired
            | Rejection::ConditionFailed(_)
            | Rejection::ExtraField(_) => "AccessDenied",
            Rejection::SignedTwice | Rejection::MalformedForm(_) => "InvalidArgument",
            Rejection::ContentSha256Mismatch => "XAmzContentSHA256Mismatch",
            Rejection::MalformedQuery(_) | Rejection::InvalidExpires(_) => {
                "AuthorizationQueryParametersError"
            }
            Rejection::MalformedHeader(_) => "AuthorizationHeaderMalformed",
            Rejection::TimeTooSkewed => "RequestTimeTooSkewed",
            Rejection::UnknownAccessKey(_) => "InvalidAccessKeyId",
            Rejection::InvalidToken => "InvalidToken",
            Rejection::MissingSignedHeader(_) | Rejection::SignatureDoesNotMatch => {
                "SignatureDoesNotMatch"
            }
            Rejection::MissingContentSha256 => "InvalidRequest",
            Rejection::InvalidPolicyDocument(_) => "InvalidPolicyDocument",
            Rejection::EntityTooLarge { .. } => "EntityTooLarge",
            Rejection::EntityTooSmall { .. } => "EntityTooSmall",
        }
    }

    /// The HTTP status S3 answers with: 400 or 403.
    pub fn status(&self) -> u16 {
        match self.code() {
            "AccessDenied"
            | "RequestTimeTooSkewed"
            | "InvalidAccessKeyId"
            | "SignatureDoesNotMatch" => 403,
            _ => 400,
        }
    }

    /// S3's XML error body for this cause, with the request's resource
    /// (its path) and an id of the caller's choosing.
    ///
    /// ```
    /// use presign::verify::Rejection;
    ///
    /// let xml = Rejection::Expired.to_xml("/photos/cat.jpg", "4442587FB7D0A2F9");
    /// assert!(xml.contains("<Code>AccessDenied</Code><Message>Request has expired</Message>"));
    /// ```
    pub fn to_xml(&self, resource: &str, request_id: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message><Resource>{}</Resource><RequestId>{}</RequestId></Error>",
            self.code(),
            xml_escaped(&self.to_string()),
            xml_escaped(resource),
            xml_escaped(request_id),
        )
    }
}

/// `s` with the five XML special characters escaped.
fn xml_escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::encode::push_markup_escaped(&mut out, s);
    out
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::NotSigned => f.write_str("the request is not signed"),
            Rejection::SignedTwice => f.write_str(
                "only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified",
            ),
            Rejection::MalformedQuery(why) => write!(f, "malformed presigned url: {why}"),
            Rejection::MalformedHeader(why) => write!(f, "malformed authorization: {why}"),
            Rejection::UnsupportedAlgorithm { algorithm, form } => match form {
                Form::Presigned => write!(
                    f,
                    "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\", not {algorithm:?}"
                ),
                Form::Header | Form::Post => {
                    write!(f, "Unsupported Authorization Type {algorithm:?}")
                }
            },
            Rejection::WrongRegion { given, expected, .. } => write!(
                f,
                "the authorization's region {given:?} is wrong; expecting {expected:?}"
            ),
            Rejection::WrongService { given, expected, .. } => write!(
                f,
                "the authorization's service {given:?} is wrong; expecting {expected:?}"
            ),
            Rejection::CredentialDateMismatch { .. } => {
                f.write_str("the credential's date is not the date of x-amz-date")
            }
            Rejection::InvalidExpires(e) => write!(
                f,
                "X-Amz-Expires {e:?} must be a whole number of seconds from 1 to the longest lifetime allowed"
            ),
            Rejection::Expired => f.write_str("Request has expired"),
            Rejection::NotYetValid => f.write_str("Request is not yet valid"),
            Rejection::TimeTooSkewed => f.write_str(
                "The difference between the request time and the current time is too large.",
            ),
            Rejection::UnknownAccessKey(id) => write!(
                f,
                "the access key id {id:?} does not exist in our records"
            ),
            Rejection::InvalidToken => {
                f.write_str("the provided token is missing, malformed or otherwise invalid")
            }
            Rejection::MalformedSignedHeaders { list, .. } => write!(
                f,
                "the signed headers {list:?} must be lower case, sorted, without repeats, and include host"
            ),
            Rejection::MissingSignedHeader(name) => {
                write!(f, "the signed header {name:?} is not in the request")
            }
            Rejection::MissingContentSha256 => f.write_str(
                "missing required header for this request: x-amz-content-sha256",
            ),
            Rejection::SignatureDoesNotMatch => f.write_str(
                "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
            ),
            Rejection::ContentSha256Mismatch => f.write_str(
                "The provided 'x-amz-content-sha256' header does not match what was computed.",
            ),
            Rejection::MalformedForm(why) => write!(f, "malformed upload form: {why}"),
            Rejection::InvalidPolicyDocument(why) => {
                write!(f, "invalid policy document: {why}")
            }
            Rejection::PolicyExpired => f.write_str("Invalid according to Policy: Policy expired."),
            Rejection::ConditionFailed(condition) => write!(
                f,
                "Invalid according to Policy: Policy Condition failed: {condition}"
            ),
            Rejection::ExtraField(name) => write!(
                f,
                "Invalid according to Policy: Extra input fields: {name}"
            ),
            Rejection::EntityTooLarge { size, max } => write!(
                f,
                "Your proposed upload exceeds the maximum allowed size ({size} > {max} bytes)"
            ),
            Rejection::EntityTooSmall { size, min } => write!(
                f,
                "Your proposed upload is smaller than the minimum allowed size ({size} < {min} bytes)"
            ),
        }
    }
}

impl core::error::Error for Rejection {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_statuses_are_s3s() {
        for (rejection, code, status) in [
            (
                Rejection::SignatureDoesNotMatch,
                "SignatureDoesNotMatch",
                403,
            ),
            (Rejection::Expired, "AccessDenied", 403),
            (Rejection::TimeTooSkewed, "RequestTimeTooSkewed", 403),
            (
                Rejection::UnknownAccessKey("AKID".into()),
                "InvalidAccessKeyId",
                403,
            ),
            (
                Rejection::MalformedQuery("x".into()),
                "AuthorizationQueryParametersError",
                400,
            ),
            (
                Rejection::MalformedHeader("x".into()),
                "AuthorizationHeaderMalformed",
                400,
            ),
            (
                Rejection::InvalidPolicyDocument("x".into()),
                "InvalidPolicyDocument",
                400,
            ),
            (
                Rejection::EntityTooLarge { size: 2, max: 1 },
                "EntityTooLarge",
                400,
            ),
            (
                Rejection::EntityTooSmall { size: 0, min: 1 },
                "EntityTooSmall",
                400,
            ),
        ] {
            assert_eq!((rejection.code(), rejection.status()), (code, status));
        }
    }

    #[test]
    fn the_xml_body_escapes_what_it_quotes() {
        let xml = Rejection::ExtraField("<x&y>".into()).to_xml("/a&b", "id\"1");
        assert!(xml.contains("Extra input fields: &lt;x&amp;y&gt;"), "{xml}");
        assert!(xml.contains("<Resource>/a&amp;b</Resource>"), "{xml}");
        assert!(xml.contains("<RequestId>id&quot;1</RequestId>"), "{xml}");
    }
}
