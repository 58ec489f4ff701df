//! AWS credentials.

use core::fmt;

use crate::key::{KeyCache, SigningKey};
use crate::prelude::*;
use crate::request::is_scope_part;
use crate::Error;

/// An access key id, its secret and, for temporary credentials, a session
/// token.
///
/// `Credentials` also remember the signing keys they derived, so that every
/// signature after the first of the day costs one HMAC instead of five (with
/// the `std` feature; without it every signature derives its key). They
/// are `Send + Sync`: share one value (or an `Arc` of it) between threads.
///
/// `Debug` never shows the secret or the token.
///
/// ```
/// use presign::Credentials;
///
/// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
/// assert_eq!(creds.access_key_id(), "AKIAIOSFODNN7EXAMPLE");
/// assert!(!format!("{creds:?}").contains("EXAMPLEKEY"));
/// # Ok::<(), presign::Error>(())
/// ```
pub struct Credentials {
    access_key_id: String,
    /// True when the access key id is all unreserved characters, as AWS's
    /// are: the credential parameter holds it as it is.
    plain_id: bool,
    secret_access_key: String,
    session_token: Option<String>,
    keys: KeyCache,
}

impl Credentials {
    /// Long-term credentials: an access key id and its secret access key.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
    ) -> Result<Self, Error> {
        let access_key_id = access_key_id.into();
        let secret_access_key = secret_access_key.into();
        if access_key_id.is_empty()
            || !access_key_id
                .bytes()
                .all(|b| b.is_ascii_graphic() && !matches!(b, b'/' | b','))
        {
            return Err(Error::InvalidAccessKeyId);
        }
        if secret_access_key.is_empty() {
            return Err(Error::EmptySecretKey);
        }
        Ok(Credentials {
            plain_id: access_key_id.bytes().all(crate::encode::is_unreserved),
            access_key_id,
            secret_access_key,
            session_token: None,
            keys: KeyCache::default(),
        })
    }

    /// Adds the session token of temporary (STS) credentials.
    pub fn with_session_token(mut self, token: impl Into<String>) -> Result<Self, Error> {
        let token = token.into();
        if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::InvalidSessionToken);
        }
        self.session_token = Some(token);
        Ok(self)
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, if set, the
    /// session token: `AWS_SECURITY_TOKEN` (its older name, which botocore
    /// and the AWS CLI still read, and read first), else
    /// `AWS_SESSION_TOKEN`. `Ok(None)` when the first two are not both set.
    /// An empty variable counts as unset. Needs the `std` feature.
    #[cfg(feature = "std")]
    pub fn from_env() -> Result<Option<Self>, Error> {
        let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
        let (Some(id), Some(secret)) = (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY"))
        else {
            return Ok(None);
        };
        let creds = Credentials::new(id, secret)?;
        match var("AWS_SECURITY_TOKEN").or_else(|| var("AWS_SESSION_TOKEN")) {
            Some(token) => creds.with_session_token(token).map(Some),
            None => Ok(Some(creds)),
        }
    }

    /// The access key id, which is public: it appears in every signature.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// True when the access key id needs no percent-encoding.
    pub(crate) fn plain_id(&self) -> bool {
        self.plain_id
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// The signing key for one day (`YYYYMMDD`), region and service, from the
    /// cache when it was derived before. A date, region or service that no
    /// [`crate::Signer`] would use (not 8 digits, or not `[a-z0-9-]`) gets a
    /// key derived on the spot and not cached.
    pub fn signing_key(&self, date: &str, region: &str, service: &str) -> SigningKey {
        let date_ok = date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit());
        if !(date_ok && is_scope_part(region) && is_scope_part(service)) {
            return SigningKey::derive(&self.secret_access_key, date, region, service);
        }
        let tail = format!("{region}/{service}/aws4_request");
        self.scoped_key(date, &tail)
    }

    /// The signing key of one day (`YYYYMMDD`) and `tail`
    /// (`region/service/aws4_request`), from the cache.
    pub(crate) fn scoped_key(&self, date: &str, tail: &str) -> SigningKey {
        self.keys.get(&self.secret_access_key, date, tail)
    }

    /// A fresh HMAC state of the signing key of `date` and `tail`, from the
    /// cache.
    pub(crate) fn scoped_mac(&self, date: &str, tail: &str) -> crate::key::HmacSha256 {
        self.keys.mac(&self.secret_access_key, date, tail)
    }
}

impl Clone for Credentials {
    fn clone(&self) -> Self {
        Credentials {
            access_key_id: self.access_key_id.clone(),
            plain_id: self.plain_id,
            secret_access_key: self.secret_access_key.clone(),
            session_token: self.session_token.clone(),
            keys: KeyCache::default(),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_secret_and_token() {
        let c = Credentials::new("AKID", "very-secret-value")
            .unwrap()
            .with_session_token("token-value-xyz")
            .unwrap();
        let shown = format!("{c:?} {:?}", c.clone());
        assert!(shown.contains("AKID"));
        assert!(!shown.contains("very-secret-value"));
        assert!(!shown.contains("token-value-xyz"));
    }

    #[test]
    fn bad_credentials_are_refused() {
        assert_eq!(
            Credentials::new("", "s").unwrap_err(),
            Error::InvalidAccessKeyId
        );
        assert_eq!(
            Credentials::new("AK/ID", "s").unwrap_err(),
            Error::InvalidAccessKeyId
        );
        assert_eq!(
            Credentials::new("AK ID", "s").unwrap_err(),
            Error::InvalidAccessKeyId
        );
        assert_eq!(
            Credentials::new("AKID", "").unwrap_err(),
            Error::EmptySecretKey
        );
        let c = Credentials::new("AKID", "s").unwrap();
        assert_eq!(
            c.clone().with_session_token("a\nb").unwrap_err(),
            Error::InvalidSessionToken
        );
        assert_eq!(
            c.with_session_token("").unwrap_err(),
            Error::InvalidSessionToken
        );
    }

    #[test]
    fn scopes_no_signer_uses_are_derived_not_cached() {
        let c = Credentials::new("AKID", "secret").unwrap();
        // Both name the scope text `20150830/a/b/iam/aws4_request`.
        for (date, region) in [("20150830", "a/b"), ("20150830/a", "b"), ("2015083", "a")] {
            for _ in 0..2 {
                let got = c.signing_key(date, region, "iam").to_bytes();
                let want = SigningKey::derive("secret", date, region, "iam").to_bytes();
                assert_eq!(got, want, "{date} {region}");
            }
        }
    }

    #[test]
    fn credentials_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Credentials>();
    }
}
