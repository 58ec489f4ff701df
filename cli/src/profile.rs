//! The AWS CLI's shared files: `~/.aws/credentials` and `~/.aws/config`.
//!
//! Both are INI files of named sections of `key = value` settings. In the
//! credentials file a section is a profile's name (`[default]`, `[work]`);
//! in the config file it is `[default]` or `[profile NAME]`, and other
//! sections (`[sso-session ...]`, `[services ...]`) are not profiles. As in
//! the AWS CLI (Python's `configparser` and botocore's `configloader`):
//! setting names are case-insensitive, `=` or `:` separates a name from its
//! value, lines starting with `#` or `;` are comments, and an indented line
//! continues the setting above it (the nested settings of `s3 =`, say).
//! A section's name is what lies between its line's first `[` and last `]`
//! (`[default] # my keys` is `default`). In the config file, NAME is split
//! as a shell would split it (`[profile "my work"]` is `my work`); a
//! `profile` section that does not split into two words is ignored, as is
//! `[profile]`, and of two sections naming one profile (`[default]` and
//! `[profile default]`) the later one wins whole. A section given twice in
//! one file, or a setting twice in one section, is an error, as it is there.
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
const READ: [&str; 5] = [
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_security_token",
    "aws_session_token",
    "region",
];

/// The names of the session token, in botocore's order
/// (`SharedCredentialProvider.TOKENS`): the first one present wins.
const TOKENS: [&str; 2] = ["aws_security_token", "aws_session_token"];

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
    // The sections seen in this file, by their full header.
    let mut headers: Vec<String> = Vec::new();
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
        // configparser's `\[(?P<header>.+)\]`: from the first `[` to the
        // last `]`, anything after it ignored.
        if let Some(rest) = trimmed.strip_prefix('[') {
            let header = match rest.rfind(']') {
                Some(end) if end > 0 => &rest[..end],
                _ => return Err(format!("{}: a section header must end with ']'", at())),
            };
            if headers.iter().any(|h| h == header) {
                return Err(format!("{}: a section is given twice in this file", at()));
            }
            headers.push(header.to_string());
            let profile = profile_name(header, kind);
            if let Some(profile) = &profile {
                // Of two sections naming one profile, the later one wins
                // whole (botocore's `build_profile_map`).
                profiles.insert(profile.clone(), Settings::new());
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
                    "{}: {name} is set twice in one section of profile {profile:?}",
                    at()
                ));
            }
        }
        last = Some((name, indent));
    }
    Ok(profiles)
}

/// The profile a section header names, or None for a section that is no
/// profile (botocore's `build_profile_map` and `_parse_section`).
fn profile_name(header: &str, kind: FileKind) -> Option<String> {
    match kind {
        FileKind::Credentials => Some(header.to_string()),
        FileKind::Config if header.starts_with("profile") => {
            match shell_words(header)?.as_mut_slice() {
                [_, name] => Some(std::mem::take(name)),
                _ => None,
            }
        }
        FileKind::Config if header == "default" => Some(header.to_string()),
        FileKind::Config => None,
    }
}

/// Splits `text` into words as Python's `shlex.split` does (POSIX mode):
/// blanks separate words, `'...'` is literal, `"..."` is literal but for
/// `\"` and `\\`, and `\` outside quotes takes the next character as it
/// is. None for an unclosed quote or a trailing `\`.
fn shell_words(text: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\r' | '\n' => words.extend(word.take()),
            '\'' => {
                let word = word.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => word.push(c),
                    }
                }
            }
            '"' => {
                let word = word.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            c @ ('"' | '\\') => word.push(c),
                            c => {
                                word.push('\\');
                                word.push(c);
                            }
                        },
                        c => word.push(c),
                    }
                }
            }
            '\\' => word.get_or_insert_with(String::new).push(chars.next()?),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Some(words)
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

    /// True when either file sets `key`, even to nothing: botocore's
    /// providers look for a setting's presence.
    fn has(&self, key: &str) -> bool {
        [&self.credentials, &self.config]
            .into_iter()
            .flatten()
            .any(|settings| settings.contains_key(key))
    }

    /// Where the AWS CLI would take the profile's credentials from, trying
    /// botocore's providers in their order (`ProfileProviderBuilder`, after
    /// the environment): an assumed role (`role_arn`), web identity, IAM
    /// Identity Center, the credentials file's keys, `login_session`,
    /// `credential_process`, then the config file's keys.
    /// `web_identity_env` is `AWS_WEB_IDENTITY_TOKEN_FILE` when it counts
    /// (set, and no `--profile`): botocore reads it before the profile's
    /// `web_identity_token_file`.
    pub fn source(&self, web_identity_env: Option<&str>) -> Result<Source, String> {
        if self.has("role_arn") && !self.has("web_identity_token_file") {
            return Ok(Source::Other("role_arn (an assumed role)"));
        }
        let token_file = match web_identity_env {
            Some(file) => Some(file),
            None => [&self.credentials, &self.config]
                .into_iter()
                .flatten()
                .find_map(|settings| settings.get("web_identity_token_file"))
                .map(String::as_str),
        };
        if token_file.is_some_and(|file| !file.is_empty()) {
            return Ok(Source::Other("web_identity_token_file (web identity)"));
        }
        if self.has("sso_account_id") || self.has("sso_role_name") {
            return Ok(Source::Other("sso_account_id (IAM Identity Center)"));
        }
        if let Some(keys) = self.keys_in(&self.credentials, &self.paths[0])? {
            return Ok(Source::Keys(keys));
        }
        if self.has("login_session") {
            return Ok(Source::Other("login_session (aws login)"));
        }
        if self.has("credential_process") {
            return Ok(Source::Other("credential_process"));
        }
        match self.keys_in(&self.config, &self.paths[1])? {
            Some(keys) => Ok(Source::Keys(keys)),
            None => Ok(Source::Nothing),
        }
    }

    /// The static keys of one file's section, when it has an access key id.
    /// Each file's keys stand alone, as in the AWS CLI: an access key id
    /// without its secret is an error, not completed from the other file.
    fn keys_in(&self, settings: &Option<Settings>, path: &Path) -> Result<Option<Keys>, String> {
        let Some(settings) = settings else {
            return Ok(None);
        };
        let Some(access_key_id) = settings.get("aws_access_key_id") else {
            return Ok(None);
        };
        let secret_access_key = settings.get("aws_secret_access_key").ok_or_else(|| {
            format!(
                "profile {:?} in {} has aws_access_key_id but no aws_secret_access_key",
                self.name,
                path.display()
            )
        })?;
        let session_token = TOKENS
            .into_iter()
            .find_map(|name| settings.get(name))
            .filter(|token| !token.is_empty());
        Ok(Some(Keys {
            access_key_id: access_key_id.clone(),
            secret_access_key: secret_access_key.clone(),
            session_token: session_token.cloned(),
        }))
    }
}

/// Where a profile's credentials come from.
pub enum Source {
    /// Static keys, from one of the files.
    Keys(Keys),
    /// A source this tool does not follow: the setting that selects it.
    Other(&'static str),
    /// None of the profile's settings give credentials.
    Nothing,
}

/// Static keys read from a file.
pub struct Keys {
    /// `aws_access_key_id`.
    pub access_key_id: String,
    /// `aws_secret_access_key`.
    pub secret_access_key: String,
    /// `aws_security_token`, else `aws_session_token`, when set.
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
                "line 3: region is set twice in one section of profile \"default\"",
            ),
            (
                "[default]\nregion = a\n[default]\nregion = b\n",
                "line 3: a section is given twice in this file",
            ),
            (
                "[default]\naws_secret_access_key = hu\n  sh\n",
                "line 3: an indented line continues aws_secret_access_key",
            ),
            ("[]\n", "line 1: a section header must end with ']'"),
        ] {
            let err = credentials(text)
                .and_then(|_| config(text))
                .expect_err(text);
            assert!(err.contains(want), "{text:?}: {err}");
            assert!(!err.contains("hush") && !err.contains("sh\n"), "{err}");
        }
    }

    /// configparser and botocore (checked with Python 3.11's `configparser`,
    /// `shlex` and botocore 0e6e240's `build_profile_map`).
    #[test]
    fn sections_are_named_as_botocore_names_them() {
        let profiles = config(
            "[default] # my keys\nregion = a\n[profile \"my work\"]\nregion = b\n\
             [profile 'x y' ]\nregion = c\n[profile]\nregion = d\n[profile a b]\nregion = e\n\
             [profile \"open]\nregion = f\n[profile  spaced]\nregion = g\n",
        )
        .unwrap();
        assert_eq!(
            profiles.keys().collect::<Vec<_>>(),
            ["default", "my work", "spaced", "x y"]
        );
        assert_eq!(profiles["default"]["region"], "a");
        assert_eq!(profiles["my work"]["region"], "b");
        // The later of two sections naming one profile wins, whole.
        let profiles =
            config("[default]\nregion = a\noutput = json\n[profile default]\nregion = b\n")
                .unwrap();
        assert_eq!(
            profiles["default"].get("region").map(String::as_str),
            Some("b")
        );
        assert_eq!(profiles["default"].get("output"), None);
        let profiles = config("[profile default]\nregion = b\n[default]\nregion = a\n").unwrap();
        assert_eq!(profiles["default"]["region"], "a");
        // In the credentials file the header is the name, unsplit.
        let profiles =
            credentials("[profile \"my work\"] ; note\nregion = a\n[ p ]\nregion = b\n").unwrap();
        assert_eq!(
            profiles.keys().collect::<Vec<_>>(),
            [" p ", "profile \"my work\""]
        );
    }

    #[test]
    fn shell_words_split_as_python_shlex() {
        // Each expected value is Python 3.11's `shlex.split` of the input.
        let split = |t: &str| shell_words(t);
        assert_eq!(
            split("profile \"my work\""),
            Some(vec!["profile".into(), "my work".into()])
        );
        assert_eq!(
            split("profile  a"),
            Some(vec!["profile".into(), "a".into()])
        );
        assert_eq!(
            split("profile 'x y'"),
            Some(vec!["profile".into(), "x y".into()])
        );
        assert_eq!(
            split(r#"profile "a\"b""#),
            Some(vec!["profile".into(), "a\"b".into()])
        );
        assert_eq!(
            split(r#"profile "a\b""#),
            Some(vec!["profile".into(), "a\\b".into()])
        );
        assert_eq!(
            split(r"profile a\ b"),
            Some(vec!["profile".into(), "a b".into()])
        );
        assert_eq!(
            split("profile \"\""),
            Some(vec!["profile".into(), String::new()])
        );
        assert_eq!(split("profile \"open"), None);
        assert_eq!(split(r"profile a\"), None);
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

    /// The profile's keys, or the setting of a source not followed.
    fn source(profile: &Profile) -> Result<(String, Option<String>), String> {
        match profile.source(None)? {
            Source::Keys(keys) => Ok((keys.access_key_id, keys.session_token)),
            Source::Other(setting) => Err(setting.to_string()),
            Source::Nothing => Err("nothing".to_string()),
        }
    }

    #[test]
    fn the_credentials_file_wins_and_keys_are_not_mixed() {
        let both = profile(
            Some("[p]\naws_access_key_id = A\naws_secret_access_key = a\nregion = r1\n"),
            Some("[profile p]\naws_access_key_id = B\naws_secret_access_key = b\naws_session_token = t\nregion = r2\n"),
        );
        assert_eq!(
            source(&both),
            Ok(("A".into(), None)),
            "no token from the other file"
        );
        assert_eq!(both.get("region"), Some("r1"));

        let config_only = profile(
            Some("[p]\nregion = r1\n"),
            Some("[profile p]\naws_access_key_id = B\naws_secret_access_key = b\naws_session_token = t\n"),
        );
        assert_eq!(source(&config_only), Ok(("B".into(), Some("t".into()))));

        let split = profile(
            Some("[p]\naws_access_key_id = A\n"),
            Some("[profile p]\naws_secret_access_key = b\n"),
        );
        let err = source(&split).unwrap_err();
        assert!(
            err.contains("has aws_access_key_id but no aws_secret_access_key"),
            "{err}"
        );
        assert!(!profile(None, None).exists());
    }

    #[test]
    fn the_session_token_has_botocores_two_names_security_first() {
        let keys = "aws_access_key_id = A\naws_secret_access_key = a\n";
        let token = |settings: &str| {
            let text = format!("[p]\n{keys}{settings}");
            source(&profile(Some(&text), None)).map(|(_, token)| token)
        };
        assert_eq!(token("aws_security_token = old\n"), Ok(Some("old".into())));
        assert_eq!(token("aws_session_token = new\n"), Ok(Some("new".into())));
        assert_eq!(
            token("aws_session_token = new\naws_security_token = old\n"),
            Ok(Some("old".into()))
        );
        assert_eq!(token(""), Ok(None));
    }

    #[test]
    fn sources_are_tried_in_botocores_order() {
        let keys = "aws_access_key_id = K\naws_secret_access_key = k\n";
        let with = |credentials: &str, config: &str| {
            source(&profile(
                Some(&format!("[p]\n{credentials}")),
                Some(&format!("[profile p]\n{config}")),
            ))
        };
        let other = |s: &str| Err(s.to_string());
        // Before the credentials file: a role, web identity, SSO.
        assert_eq!(
            with(keys, "role_arn = r\n"),
            other("role_arn (an assumed role)")
        );
        assert_eq!(
            with(keys, "role_arn = r\nweb_identity_token_file = /t\n"),
            other("web_identity_token_file (web identity)")
        );
        assert_eq!(
            with(keys, "sso_account_id = 1\nsso_role_name = r\n"),
            other("sso_account_id (IAM Identity Center)")
        );
        // After it: login_session and credential_process...
        assert_eq!(with(keys, "login_session = s\n"), Ok(("K".into(), None)));
        assert_eq!(
            with(keys, "credential_process = p\n"),
            Ok(("K".into(), None))
        );
        // ...which come before the config file's keys.
        assert_eq!(
            with("", &format!("login_session = s\n{keys}")),
            other("login_session (aws login)")
        );
        assert_eq!(
            with("", &format!("credential_process = p\n{keys}")),
            other("credential_process")
        );
        // Settings that select nothing without the others.
        assert_eq!(
            with("", &format!("source_profile = x\nsso_session = s\n{keys}")),
            Ok(("K".into(), None))
        );
        assert_eq!(with("", "region = r\n"), other("nothing"));
        // AWS_WEB_IDENTITY_TOKEN_FILE: set, even empty, it replaces the
        // profile's setting.
        let p = profile(
            Some(&format!("[p]\n{keys}")),
            Some("[profile p]\nweb_identity_token_file = /t\n"),
        );
        assert!(matches!(p.source(Some("")), Ok(Source::Keys(_))));
        assert!(matches!(p.source(None), Ok(Source::Other(_))));
        let plain = profile(Some(&format!("[p]\n{keys}")), None);
        assert!(matches!(plain.source(Some("/t")), Ok(Source::Other(_))));
    }
}
