//! Credentials and the region, found as the AWS CLI finds them.
//!
//! Credentials, in the order of botocore's provider chain:
//! 1. `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, with the session
//!    token of `AWS_SECURITY_TOKEN`, else `AWS_SESSION_TOKEN` (botocore's
//!    order), unless `--profile` names a profile (the AWS CLI, too, sets the
//!    variables aside for an explicit `--profile`, but not for
//!    `AWS_PROFILE`). Without `AWS_ACCESS_KEY_ID` the environment does not
//!    count, whatever else it sets; with it but without the secret, it is
//!    an error;
//! 2. the profile (`--profile`, else `AWS_PROFILE`, else `default`) in the
//!    credentials file (`AWS_SHARED_CREDENTIALS_FILE`, else
//!    `~/.aws/credentials`) and the config file (`AWS_CONFIG_FILE`, else
//!    `~/.aws/config`), as [`Profile::source`] says: botocore's sources in
//!    its order, the static keys of each file among them;
//! 3. the AWS documentation's example credentials, with a notice on stderr,
//!    so that the command works on a fresh machine.
//!
//! A profile named by `--profile` or `AWS_PROFILE` must exist. Where the AWS
//! CLI would take credentials from a source this tool does not follow (a
//! role, web identity, IAM Identity Center, `aws login`, a process, a
//! container's endpoint), that is an error: never a signature with other keys,
//! nor a fall back to the example ones.
//!
//! The region: `--region`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`,
//! else the profile's `region` (the credentials file first, as the AWS CLI
//! reads it), else `us-east-1`.

use std::io::Write;
use std::path::PathBuf;

use presign::Credentials;

use crate::profile::{Profile, Source};

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

/// Credentials from the environment, as botocore's `EnvProvider` reads
/// them: none without `AWS_ACCESS_KEY_ID`; an error when it is set without
/// `AWS_SECRET_ACCESS_KEY`.
fn from_env() -> Result<Option<Credentials>, String> {
    if var("AWS_ACCESS_KEY_ID").is_none() {
        return Ok(None);
    }
    if var("AWS_SECRET_ACCESS_KEY").is_none() {
        return Err("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not".into());
    }
    Credentials::from_env().map_err(|e| format!("the environment's credentials: {e}"))
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
        None => from_profile(&profile, named.is_some(), who.profile.is_none())?,
    };
    Ok(Found {
        credentials,
        region,
    })
}

/// Variables by which botocore, after the profile, takes credentials from
/// a container's endpoint (ECS, EKS Pod Identity).
const CONTAINER_VARIABLES: [&str; 2] = [
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
];

/// The profile's credentials; else, for the `default` profile that nobody
/// named and that has no source of credentials, the example ones. `env`:
/// whether the environment counts (no `--profile`).
fn from_profile(profile: &Profile, named: bool, env: bool) -> Result<Credentials, String> {
    let at = |e: presign::Error| format!("profile {:?}: {e}", profile.name);
    // botocore reads the variable when it is set at all, even to nothing.
    let web_identity = std::env::var("AWS_WEB_IDENTITY_TOKEN_FILE").ok();
    let source = profile.source(web_identity.as_deref().filter(|_| env))?;
    let option = if named {
        format!(" --profile {}", profile.name)
    } else {
        String::new()
    };
    let export = format!(
        "which presign does not follow; \
         export them first: eval \"$(aws configure export-credentials{option} --format env)\""
    );
    let unsupported = |setting: &str| {
        format!(
            "profile {:?} gets its credentials through {setting}, {export}",
            profile.name
        )
    };
    match source {
        Source::Keys(keys) => {
            let credentials =
                Credentials::new(keys.access_key_id, keys.secret_access_key).map_err(at)?;
            return match keys.session_token {
                Some(token) => credentials.with_session_token(token).map_err(at),
                None => Ok(credentials),
            };
        }
        Source::Other(setting) => return Err(unsupported(setting)),
        Source::Nothing => {}
    }
    if let Some(name) = CONTAINER_VARIABLES.into_iter().find(|n| var(n).is_some()) {
        return Err(format!(
            "{name} is set: the AWS CLI would get credentials from the container's endpoint, {export}"
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
    // A notice that cannot be written is no reason to fail.
    let _ = writeln!(
        std::io::stderr(),
        "presign: no credentials found (AWS_ACCESS_KEY_ID, ~/.aws/credentials, ~/.aws/config); \
         using the AWS documentation's example credentials ({EXAMPLE_ACCESS_KEY})"
    );
    Credentials::new(EXAMPLE_ACCESS_KEY, EXAMPLE_SECRET).map_err(|e| e.to_string())
}
