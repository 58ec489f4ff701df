//! Known, documented differences between a reference signer and us: the
//! cases they touch are counted as excluded, and compared as far as they can
//! be.

use presign::SessionToken;

use crate::inputs::sign_case::SignCase;

/// `aws-sigv4` trims only spaces from header values and collapses only runs
/// of spaces (`trim_all` in `http_request/canonical_request.rs`), so a value
/// with a tab is signed with the tab. The specification's Trimall ("remove
/// excess white space before and after values, and convert sequential spaces
/// to a single space") does not say which white space; we treat tabs as
/// white space, as other signers do: botocore (`' '.join(value.split())`,
/// boto/botocore#1182), the Ruby SDK (`value.gsub(/\s+/, ' ').strip` in
/// `Aws::Signers::V4#canonical_header_value`) and rusty-s3
/// (`split_whitespace`, compared in [`crate::rusty_s3`] with tabs included,
/// and agreeing). HTTP settles it for the ends of a value: RFC 9110 section
/// 5.5 makes optional white space `SP / HTAB` and strips it from both ends of
/// a field value, so a server never sees a leading or trailing tab and cannot
/// reproduce `aws-sigv4`'s canonical value. Cases with a tab in a header
/// value are counted as excluded and compared with the tabs replaced by
/// spaces on the `aws-sigv4` side only, which still checks everything else
/// about them.
pub fn tabs_normalised_for_aws_sigv4(
    headers: &[(String, String)],
) -> Option<Vec<(String, String)>> {
    headers.iter().any(|(_, v)| v.contains('\t')).then(|| {
        headers
            .iter()
            .map(|(k, v)| (k.clone(), v.replace('\t', " ")))
            .collect()
    })
}

/// Why a case was left out of the strict comparison; see
/// [`tabs_normalised_for_aws_sigv4`] and [`caller_signs_unsigned_token`].
pub type Exclusion = Option<&'static str>;

pub const TAB: &str = "tab in a header value";
pub const TOKEN_HEADER: &str = "x-amz-security-token header under AddedAfterSigning";

/// Under [`SessionToken::AddedAfterSigning`], a caller that names
/// `x-amz-security-token` among the headers to sign gets it signed by us (we
/// sign every header the caller names), while `aws-sigv4` in
/// `SessionTokenMode::Exclude` drops that name from the signed headers
/// whoever added it (`CanonicalRequest::headers` in
/// `http_request/canonical_request.rs`). SigV4 lets the client choose the
/// signed headers and the server checks the ones listed, so both signatures
/// verify: a different, valid choice. These cases are counted as excluded;
/// header signatures are then compared with `aws-sigv4` in
/// `SessionTokenMode::Include`, which signs the same header with the same
/// value, and presigned targets, which have no such equivalent, are not
/// compared.
pub fn caller_signs_unsigned_token(case: &SignCase) -> bool {
    case.token_rule == SessionToken::AddedAfterSigning
        && case
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("x-amz-security-token"))
}

/// Not a difference between signers: presigned targets whose session token
/// is added after signing ([`SessionToken::AddedAfterSigning`]: the token
/// comes after the signature, outside the canonical query) are verified in
/// a test of their own (`presigned_targets_with_an_unsigned_token_verify`),
/// which found the verifier putting the token into the canonical query;
/// they are counted there, not in the main lines.
pub const UNSIGNED_TOKEN: &str =
    "unsigned X-Amz-Security-Token (AddedAfterSigning), verified in a line of its own";

/// A presigned case whose session token is added after signing.
pub fn presigned_with_unsigned_token(case: &SignCase) -> bool {
    case.token_rule == SessionToken::AddedAfterSigning && case.creds.token.is_some()
}
