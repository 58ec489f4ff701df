//! The AWS CLI's shared files: `~/.aws/credentials` and `~/.aws/config`.
//!
//! Both are INI files of named sections of `key = value` settings. In the
//! credentials file a section is a profile's name (`[default]`, `[work]`);
//! in the config file it is `[default]` or `[profile NAME]`, and other
//! sections (`[sso-session ...]`, `[services ...]`) are not profiles. As in
//! the AWS CLI (Python's `configparser`): setting names are case-insensitive,
//! `=` or `:` separates a name from its value, lines starting with `#` or
//! `;` are comments, and an indented line continues the setting above it
//! (the nested settings of `s3 =`, say). A setting or a profile given twice
//! is an error, as it is there.
//!
//! Errors name the file and the line, never the line's text, which may hold
//! a secret.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One profile's settings in one file, by lower-case name.
pub type Settings = BTreeMap<String, String>;

/// Which of the two files a text is: they name their sections differently.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FileKind {
    /// `~/.aws/credentials`: `[NAME]`.
    Credentials,
    /// `~/.aws/config`: `[default]` and `[profile NAME]`.
    Config,
}

/// The settings this tool reads, whose values must be on one line.
const READ: [&str; 4] = [
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "region",
];

/// Settings by which the AWS CLI gets credentials some other way than
/// static keys (roles, IAM Identity Center, a process): this tool does not
/// follow them, and says so instead of falling back.
pub const OTHER_SOURCES: [&str; 7] = [
    "role_arn",
    "source_profile",
    "credential_source",
    "web_identity_token_file",
    "sso_session",
    "sso_start_url",
    "credential_process",
];

/// Parses one file's text into its profiles, by name. `path` is for the
/// error messages only.
pub fn parse(
    text: &str,
    kind: FileKind,
    path: &Path,
) -> Result<BTreeMap<String, Settings>, String> {
    let mut profiles: BTreeMap<String, Settings> = BTreeMap::new();
    // The profile being read (None: a section that is not a profile), and
    // the setting an indented line would continue, with its indentation.
    let mut section: Option<Option<String>> = None;
    let mut last: Option<(String, usize)> = None;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, line) in text.lines().enumerate() {
        let at = || format!("{}, line {}", path.display(), index + 1);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if let Some((name, key_indent)) = &last {
            if indent > *key_indent {
                // A continuation: harmless for settings this tool ignores,
                // but a key split over lines would sign with a wrong one.
                if READ.contains(&name.as_str()) {
                    return Err(format!(
                        "{}: an indented line continues {name}, which must be on one line",
                        at()
                    ));
                }
                continue;
            }
        }
        if let Some(header) = trimmed.strip_prefix('[') {
            let name = header
                .strip_suffix(']')
                .ok_or_else(|| format!("{}: a section header must end with ']'", at()))?
                .trim();
            let profile = profile_name(name, kind);
            if let Some(profile) = &profile {
                if profile.is_empty() {
                    return Err(format!("{}: a profile needs a name", at()));
                }
                profiles.entry(profile.clone()).or_default();
            }
            section = Some(profile);
            last = None;
            continue;
        }
        let split = trimmed
            .find(['=', ':'])
            .ok_or_else(|| format!("{}: expected [section] or name = value", at()))?;
        let name = trimmed[..split].trim().to_ascii_lowercase();
        let value = trimmed[split + 1..].trim();
        if name.is_empty() {
            return Err(format!("{}: a setting needs a name", at()));
        }
        let Some(profile) = &section else {
            return Err(format!("{}: a setting before any [section]", at()));
        };
        if let Some(profile) = profile {
            let settings = profiles.entry(profile.clone()).or_default();
            if settings.insert(name.clone(), value.to_string()).is_some() {
                return Err(format!(
                    "{}: {name} is set twice in profile {profile:?}",
                    at()
                ));
            }
        }
        last = Some((name, indent));
    }
    Ok(profiles)
}

/// The profile a section header names, or None for a section that is no
/// profile.
fn profile_name(header: &str, kind: FileKind) -> Option<String> {
    match kind {
        FileKind::Credentials => Some(header.to_string()),
        FileKind::Config if header == "default" => Some(header.to_string()),
        FileKind::Config => {
            let mut words = header.split_whitespace();
            match (words.next(), words.next(), words.next()) {
                (Some("profile"), Some(name), None) => Some(name.to_string()),
                (Some("profile"), None, None) => Some(String::new()),
                _ => None,
            }
        }
    }
}

/// One profile as both files define it.
pub struct Profile {
    /// Its name.
    pub name: String,
    /// Its settings in the credentials file, if that file has it.
    pub credentials: Option<Settings>,
    /// Its settings in the config file, if that file has it.
    pub config: Option<Settings>,
    /// Where the two files are, for messages.
    pub paths: [PathBuf; 2],
}

impl Profile {
    /// Reads profile `name` from the files at `credentials` and `config`.
    /// A file that does not exist has no profiles; one that cannot be read
    /// or parsed is an error.
    pub fn load(name: &str, credentials: PathBuf, config: PathBuf) -> Result<Profile, String> {
        let read = |path: &Path, kind| -> Result<Option<Settings>, String> {
            let text = match std::fs::read_to_string(path) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
            };
            Ok(parse(&text, kind, path)?.remove(name))
        };
        Ok(Profile {
            name: name.to_string(),
            credentials: read(&credentials, FileKind::Credentials)?,
            config: read(&config, FileKind::Config)?,
            paths: [credentials, config],
        })
    }

    /// True when either file has the profile.
    pub fn exists(&self) -> bool {
        self.credentials.is_some() || self.config.is_some()
    }

    /// A setting, from the credentials file first (as the AWS CLI reads
    /// them), then the config file.
    pub fn get(&self, key: &str) -> Option<&str> {
        [&self.credentials, &self.config]
            .into_iter()
            .flatten()
            .find_map(|settings| settings.get(key))
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// The static keys of the profile: those of the credentials file when
    /// it has an access key id for the profile, else those of the config
    /// file, each with the session token of the same file. Each file's keys
    /// stand alone, as in the AWS CLI: an access key id without its secret
    /// is an error, not completed from the other file.
    pub fn keys(&self) -> Result<Option<Keys>, String> {
        let files = [&self.credentials, &self.config];
        for (settings, path) in files.into_iter().zip(&self.paths) {
            let Some(settings) = settings else { continue };
            let get = |k: &str| settings.get(k).filter(|v| !v.is_empty()).cloned();
            let Some(access_key_id) = get("aws_access_key_id") else {
                continue;
            };
            let secret_access_key = get("aws_secret_access_key").ok_or_else(|| {
                format!(
                    "profile {:?} in {} has aws_access_key_id but no aws_secret_access_key",
                    self.name,
                    path.display()
                )
            })?;
            return Ok(Some(Keys {
                access_key_id,
                secret_access_key,
                session_token: get("aws_session_token"),
            }));
        }
        Ok(None)
    }

    /// The first setting of the profile by which the AWS CLI would get
    /// credentials in a way this tool does not follow.
    pub fn other_source(&self) -> Option<&'static str> {
        OTHER_SOURCES.into_iter().find(|k| self.get(k).is_some())
    }
}

/// Static keys read from a file.
pub struct Keys {
    /// `aws_access_key_id`.
    pub access_key_id: String,
    /// `aws_secret_access_key`.
    pub secret_access_key: String,
    /// `aws_session_token`, when set.
    pub session_token: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Result<BTreeMap<String, Settings>, String> {
        parse(text, FileKind::Config, Path::new("config"))
    }

    fn credentials(text: &str) -> Result<BTreeMap<String, Settings>, String> {
        parse(text, FileKind::Credentials, Path::new("credentials"))
    }

    #[test]
    fn config_profiles_are_default_and_profile_name() {
        let profiles = config(
            "# comment\n[default]\nregion = eu-west-1\n\n[profile work]\nRegion=us-west-2\n\
             [sso-session corp]\nsso_region = us-east-1\n[plain]\nregion = ap-south-1\n",
        )
        .unwrap();
        assert_eq!(
            profiles.keys().collect::<Vec<_>>(),
            ["default", "work"],
            "other sections are no profiles"
        );
        assert_eq!(profiles["default"]["region"], "eu-west-1");
        assert_eq!(profiles["work"]["region"], "us-west-2", "names lower-cased");
    }

    #[test]
    fn credentials_sections_are_profile_names() {
        let profiles = credentials(
            "[default]\naws_access_key_id = AKID\naws_secret_access_key: se/cr+et=\n\
             ; comment\n[profile x]\naws_access_key_id=B\n",
        )
        .unwrap();
        assert_eq!(profiles["default"]["aws_access_key_id"], "AKID");
        assert_eq!(
            profiles["default"]["aws_secret_access_key"], "se/cr+et=",
            "the first ':' or '=' splits; the rest is the value"
        );
        assert_eq!(profiles["profile x"]["aws_access_key_id"], "B");
    }

    #[test]
    fn nested_settings_are_skipped() {
        let profiles = config(
            "[default]\ns3 =\n  addressing_style = path\n  max_concurrent_requests = 20\nregion = eu-north-1\n",
        )
        .unwrap();
        assert_eq!(profiles["default"]["region"], "eu-north-1");
        assert!(!profiles["default"].contains_key("addressing_style"));
    }

    #[test]
    fn malformed_files_are_errors_without_their_text() {
        for (text, want) in [
            (
                "aws_secret_access_key = hush\n",
                "line 1: a setting before any [section]",
            ),
            ("[default\n", "line 1: a section header must end with ']'"),
            (
                "[default]\nhush hush\n",
                "line 2: expected [section] or name = value",
            ),
            ("[default]\n= hush\n", "line 2: a setting needs a name"),
            (
                "[default]\nregion = a\nregion = b\n",
                "line 3: region is set twice in profile \"default\"",
            ),
            (
                "[default]\n[default]\nregion = a\n[default]\nregion = b\n",
                "line 5: region is set twice",
            ),
            (
                "[default]\naws_secret_access_key = hu\n  sh\n",
                "line 3: an indented line continues aws_secret_access_key",
            ),
            ("[profile]\n", "line 1: a profile needs a name"),
        ] {
            let err = credentials(text)
                .and_then(|_| config(text))
                .expect_err(text);
            assert!(err.contains(want), "{text:?}: {err}");
            assert!(!err.contains("hush") && !err.contains("sh\n"), "{err}");
        }
    }

    fn profile(credentials: Option<&str>, config: Option<&str>) -> Profile {
        let parse = |text: Option<&str>, kind| {
            text.map(|t| {
                parse(t, kind, Path::new("f"))
                    .unwrap()
                    .remove("p")
                    .unwrap_or_default()
            })
        };
        Profile {
            name: "p".to_string(),
            credentials: parse(credentials, FileKind::Credentials),
            config: parse(config, FileKind::Config),
            paths: ["credentials".into(), "config".into()],
        }
    }

    #[test]
    fn the_credentials_file_wins_and_keys_are_not_mixed() {
        let both = profile(
            Some("[p]\naws_access_key_id = A\naws_secret_access_key = a\nregion = r1\n"),
            Some("[profile p]\naws_access_key_id = B\naws_secret_access_key = b\naws_session_token = t\nregion = r2\n"),
        );
        let keys = both.keys().unwrap().unwrap();
        assert_eq!(
            (keys.access_key_id.as_str(), keys.secret_access_key.as_str()),
            ("A", "a")
        );
        assert_eq!(keys.session_token, None, "no token from the other file");
        assert_eq!(both.get("region"), Some("r1"));

        let config_only = profile(
            Some("[p]\nregion = r1\n"),
            Some("[profile p]\naws_access_key_id = B\naws_secret_access_key = b\naws_session_token = t\n"),
        );
        let keys = config_only.keys().unwrap().unwrap();
        assert_eq!(
            (keys.access_key_id.as_str(), keys.session_token.as_deref()),
            ("B", Some("t"))
        );

        let split = profile(
            Some("[p]\naws_access_key_id = A\n"),
            Some("[profile p]\naws_secret_access_key = b\n"),
        );
        let err = split.keys().err().unwrap();
        assert!(
            err.contains("has aws_access_key_id but no aws_secret_access_key"),
            "{err}"
        );

        let role = profile(
            None,
            Some("[profile p]\nrole_arn = arn:aws:iam::1:role/x\n"),
        );
        assert!(role.keys().unwrap().is_none());
        assert_eq!(role.other_source(), Some("role_arn"));
        assert!(!profile(None, None).exists());
    }
}
