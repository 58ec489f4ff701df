//! Driving `aws-sigv4`: its settings for each of our rules, its forms of our
//! inputs, and one signing run. The comparisons are in [`s3`] (presigned S3
//! URLs) and [`generic`] (header signing and generic presigning).

pub mod generic;
pub mod s3;

use aws_credential_types::Credentials as AwsCredentials;
use aws_sigv4::http_request::{
    sign as aws_sign, PayloadChecksumKind, PercentEncodingMode, SessionTokenMode, SignableBody,
    SignableRequest, SignatureLocation, SigningSettings, UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use presign::SessionToken;

use crate::encode::{pairs, wire_query};
use crate::inputs::body::Body;
use crate::inputs::creds::Creds;
use crate::inputs::sign_case::{Flavor, SignCase};
use crate::inputs::time::system_time;

pub struct AwsInput<'a> {
    pub method: &'a str,
    pub url: String,
    pub headers: Vec<(&'a str, &'a str)>,
    pub body: SignableBody<'a>,
    pub creds: &'a Creds,
    pub region: &'a str,
    pub service: &'a str,
    pub unix: i64,
    pub settings: SigningSettings,
}

pub struct AwsOutput {
    pub headers: Vec<(String, String)>,
    pub params: Vec<(String, String)>,
    pub signature: String,
}

pub fn run_aws(input: AwsInput<'_>) -> AwsOutput {
    let identity = input.creds.aws();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(input.region)
        .name(input.service)
        .time(system_time(input.unix))
        .settings(input.settings)
        .build()
        .expect("aws-sigv4 signing params")
        .into();
    let url = input.url.clone();
    let request = SignableRequest::new(
        input.method,
        url.as_str(),
        input.headers.iter().copied(),
        input.body,
    )
    .unwrap_or_else(|e| panic!("aws-sigv4 refused the request {url:?}: {e}"));
    let (instructions, signature) = aws_sign(request, &params)
        .unwrap_or_else(|e| panic!("aws-sigv4 failed on {url:?}: {e}"))
        .into_parts();
    let (headers, params) = instructions.into_parts();
    AwsOutput {
        headers: headers
            .iter()
            .map(|h| (h.name().to_string(), h.value().to_string()))
            .collect(),
        params: params
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into_owned()))
            .collect(),
        signature,
    }
}

pub fn aws_settings(location: SignatureLocation) -> SigningSettings {
    let mut s = SigningSettings::default();
    s.signature_location = location;
    s.session_token_mode = SessionTokenMode::Include;
    // We sign every header the caller names; see
    // `inputs::headers::HEADER_NAMES`.
    s.excluded_headers = Some(Vec::new());
    s
}

impl Creds {
    pub fn aws(&self) -> Identity {
        AwsCredentials::new(
            self.access_key_id.as_str(),
            self.secret.as_str(),
            self.token.clone(),
            None,
            "differential",
        )
        .into()
    }
}

impl Body {
    pub fn aws(&self) -> SignableBody<'_> {
        match self {
            Body::Empty => SignableBody::Bytes(&[]),
            Body::Bytes(b) => SignableBody::Bytes(b),
            Body::Hash(h) => SignableBody::Precomputed(h.clone()),
            Body::Unsigned => SignableBody::UnsignedPayload,
        }
    }
}

impl Flavor {
    /// `payload_checksum_kind` only matters in header mode: `XAmzSha256` makes
    /// aws-sigv4 insert (or overwrite) a signed `x-amz-content-sha256` header
    /// with the payload hash, as `ContentSha256::Header` makes us add one (or
    /// accept the caller's, if it holds the same hash). In query mode neither
    /// signer adds the header, and a caller's `x-amz-content-sha256` header
    /// is signed like any other by both.
    pub fn settings(self, location: SignatureLocation, token: SessionToken) -> SigningSettings {
        let mut s = aws_settings(location);
        let (encoding, normalization, checksum) = match self {
            Flavor::S3 => (
                PercentEncodingMode::Single,
                UriPathNormalizationMode::Disabled,
                PayloadChecksumKind::XAmzSha256,
            ),
            Flavor::S3WithoutContentHeader => (
                PercentEncodingMode::Single,
                UriPathNormalizationMode::Disabled,
                PayloadChecksumKind::NoHeader,
            ),
            Flavor::Normalized => (
                PercentEncodingMode::Double,
                UriPathNormalizationMode::Enabled,
                PayloadChecksumKind::NoHeader,
            ),
            Flavor::Unnormalized => (
                PercentEncodingMode::Double,
                UriPathNormalizationMode::Disabled,
                PayloadChecksumKind::NoHeader,
            ),
        };
        s.percent_encoding_mode = encoding;
        s.uri_path_normalization_mode = normalization;
        s.payload_checksum_kind = checksum;
        s.session_token_mode = match token {
            SessionToken::Signed => SessionTokenMode::Include,
            SessionToken::AddedAfterSigning => SessionTokenMode::Exclude,
        };
        s
    }
}

impl SignCase {
    pub fn aws_url(&self) -> String {
        let mut url = format!("{}://{}{}", self.scheme, self.host, self.aws_path);
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&wire_query(&self.query));
        }
        url
    }

    pub fn aws_input<'a>(
        &'a self,
        headers: &'a [(String, String)],
        settings: SigningSettings,
    ) -> AwsInput<'a> {
        AwsInput {
            method: self.method,
            url: self.aws_url(),
            headers: pairs(headers),
            body: self.body.aws(),
            creds: &self.creds,
            region: self.region,
            service: self.service,
            unix: self.unix,
            settings,
        }
    }
}
