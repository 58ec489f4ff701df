//! Credentials and the region, found as the AWS CLI finds them.
//!
//! Credentials:
//! 1. `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`,
//!    unless `--profile` names a profile (the AWS CLI, too, sets the
//!    variables aside for an explicit `--profile`, but not for
//!    `AWS_PROFILE`);
//! 2. the profile (`--profile`, else `AWS_PROFILE`, else `default`): its
//!    static keys in the credentials file (`AWS_SHARED_CREDENTIALS_FILE`,
//!    else `~/.aws/credentials`), else in the config file (`AWS_CONFIG_FILE`,
//!    else `~/.aws/config`);
//! 3. the AWS documentation's example credentials, with a notice on stderr,
//!    so that the command works on a fresh machine.
//!
//! A profile named by `--profile` or `AWS_PROFILE` must exist. A profile
//! whose credentials come from elsewhere (a role, IAM Identity Center, a
//! process) is an error rather than a silent fall back to the example keys.
//!
//! The region: `--region`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`,
//! else the profile's `region` (the credentials file first, as the AWS CLI
//! reads it), else `us-east-1`.

use std::path::PathBuf;

use presign::Credentials;

use crate::profile::Profile;

/// The example credentials of the AWS documentation (S3 examples).
pub const EXAMPLE_ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const EXAMPLE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/// What the command line says about whose credentials and which region.
#[derive(Default)]
pub struct Who {
    /// `--profile`.
    pub profile: Option<String>,
    /// `--region`.
    pub region: Option<String>,
}

/// The credentials and region to sign or verify with.
pub struct Found {
    /// The credentials.
    pub credentials: Credentials,
    /// The region.
    pub region: String,
}

/// An environment variable, when set and not empty.
fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The home directory, where `~/.aws` is.
fn home() -> Option<PathBuf> {
    var("HOME")
        .or_else(|| var("USERPROFILE"))
        .map(PathBuf::from)
}

/// `$variable` (with a leading `~` for the home directory), else
/// `~/.aws/<file>`.
fn shared_file(variable: &str, file: &str) -> PathBuf {
    match var(variable) {
        Some(path) => match (path.strip_prefix("~/"), home()) {
            (Some(rest), Some(home)) => home.join(rest),
            _ => PathBuf::from(path),
        },
        None => home().unwrap_or_default().join(".aws").join(file),
    }
}

/// Credentials from the environment; an error when only one of the two
/// keys is set, as the AWS CLI says.
fn from_env() -> Result<Option<Credentials>, String> {
    match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
        (Some(_), Some(_)) => {
            Credentials::from_env().map_err(|e| format!("the environment's credentials: {e}"))
        }
        (None, None) => Ok(None),
        (Some(_), None) => Err("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not".into()),
        (None, Some(_)) => Err("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not".into()),
    }
}

/// Finds the credentials and the region. Both files are read every time,
/// as the AWS CLI reads them: a malformed one is an error.
pub fn find(who: &Who) -> Result<Found, String> {
    let named = who.profile.clone().or_else(|| var("AWS_PROFILE"));
    let name = named.as_deref().unwrap_or("default");
    let profile = Profile::load(
        name,
        shared_file("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
        shared_file("AWS_CONFIG_FILE", "config"),
    )?;
    if named.is_some() && !profile.exists() {
        let [credentials, config] = &profile.paths;
        return Err(format!(
            "profile {name:?} is in neither {} nor {}",
            credentials.display(),
            config.display()
        ));
    }
    let region = who
        .region
        .clone()
        .or_else(|| var("AWS_REGION"))
        .or_else(|| var("AWS_DEFAULT_REGION"))
        .or_else(|| profile.get("region").map(str::to_string))
        .unwrap_or_else(|| "us-east-1".to_string());
    let env_credentials = match who.profile {
        Some(_) => None,
        None => from_env()?,
    };
    let credentials = match env_credentials {
        Some(credentials) => credentials,
        None => from_profile(&profile, named.is_some())?,
    };
    Ok(Found {
        credentials,
        region,
    })
}

/// The profile's static keys; else, for the `default` profile that nobody
/// named and that has no other source of credentials, the example ones.
fn from_profile(profile: &Profile, named: bool) -> Result<Credentials, String> {
    let at = |e: presign::Error| format!("profile {:?}: {e}", profile.name);
    if let Some(keys) = profile.keys()? {
        let credentials =
            Credentials::new(keys.access_key_id, keys.secret_access_key).map_err(at)?;
        return match keys.session_token {
            Some(token) => credentials.with_session_token(token).map_err(at),
            None => Ok(credentials),
        };
    }
    if let Some(setting) = profile.other_source() {
        return Err(format!(
            "profile {:?} gets its credentials through {setting}, which presign does not follow; \
             export them first: eval \"$(aws configure export-credentials --profile {} --format env)\"",
            profile.name, profile.name
        ));
    }
    if named {
        let [credentials, config] = &profile.paths;
        return Err(format!(
            "profile {:?} has no aws_access_key_id in {} or {}",
            profile.name,
            credentials.display(),
            config.display()
        ));
    }
    example()
}

/// The documentation's example credentials, announced on stderr.
fn example() -> Result<Credentials, String> {
    eprintln!(
        "presign: no credentials found (AWS_ACCESS_KEY_ID, ~/.aws/credentials, ~/.aws/config); \
         using the AWS documentation's example credentials ({EXAMPLE_ACCESS_KEY})"
    );
    Credentials::new(EXAMPLE_ACCESS_KEY, EXAMPLE_SECRET).map_err(|e| e.to_string())
}
