//! The command finds credentials and the region as the AWS CLI does: the
//! environment, then the profile in `~/.aws/credentials` and `~/.aws/config`
//! (or the files `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE` name),
//! each home directory a temporary one.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

const DATE: &str = "20130524T000000Z";

/// A temporary home directory, removed when dropped.
struct Home(PathBuf);

impl Home {
    fn new() -> Home {
        Home(common::temp_dir())
    }

    /// Writes `~/<rel>`.
    fn write(&self, rel: &str, text: &str) -> PathBuf {
        common::write(&self.0, rel, text)
    }

    /// `presign ARGS` with this home and no AWS variables.
    fn presign(&self, args: &[&str]) -> Command {
        let mut command = common::presign(&self.0);
        command.args(args);
        command
    }

    /// `presign get` of one key at `DATE`, with more `args`.
    fn get(&self, args: &[&str]) -> Command {
        self.presign(&[&["get", "s3://examplebucket/k", "--date", DATE], args].concat())
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The access key and scope in a presigned URL, as
/// `(access key, region)`: read from `X-Amz-Credential`, whose format the
/// specification fixes (`ID/DATE/REGION/SERVICE/aws4_request`, with `/` as
/// `%2F`).
fn scope(url: &str) -> (String, String) {
    let credential = url
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("X-Amz-Credential="))
        .unwrap_or_else(|| panic!("no X-Amz-Credential in {url}"));
    let parts: Vec<&str> = credential.split("%2F").collect();
    assert_eq!(parts.len(), 5, "{credential}");
    assert_eq!(&parts[1..], [&DATE[..8], parts[2], "s3", "aws4_request"]);
    (parts[0].to_string(), parts[2].to_string())
}

fn run(mut command: Command) -> Output {
    command.output().unwrap()
}

fn presigned_scope(command: Command) -> (String, String) {
    scope(&stdout(&run(command)))
}

fn pair(id: &str, region: &str) -> (String, String) {
    (id.to_string(), region.to_string())
}

#[test]
fn the_default_profile_signs_the_aws_doc_example_byte_for_byte() {
    let Some(all) = common::doc_vectors() else {
        return;
    };
    let want = common::doc_vector(&all, "s3-presigned-get-object")["expected"]["url"]
        .as_str()
        .unwrap()
        .to_string();
    let home = Home::new();
    // The documentation's keys, from a profile this time: the URL must be
    // the documentation's, and no fallback announced.
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n\
         aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    );
    home.write(
        ".aws/config",
        "[default]\nregion = us-east-1\noutput = json\n",
    );
    let out = home
        .presign(&[
            "get",
            "s3://examplebucket/test.txt",
            "--endpoint",
            "https://s3.amazonaws.com",
            "--date",
            DATE,
            "--expires-in",
            "86400",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout(&out), format!("{want}\n"));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Two profiles in each file, and a section of the config file that is not
/// a profile.
fn two_profiles(home: &Home) {
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\n\
         # a named profile, with a session token\n\
         [work]\naws_access_key_id=AKIDWORK\naws_secret_access_key=work/secret+\n\
         aws_session_token = work-token/+=\n",
    );
    home.write(
        ".aws/config",
        "[default]\nregion = ap-south-1\n\n[profile work]\nregion = eu-west-1\ns3 =\n  \
         addressing_style = path\n\n[work]\nregion = us-west-2\n",
    );
}

#[test]
fn a_profile_is_chosen_by_aws_profile_or_the_profile_option() {
    let home = Home::new();
    two_profiles(&home);
    assert_eq!(
        presigned_scope(home.get(&[])),
        pair("AKIDDEFAULT", "ap-south-1")
    );
    let mut by_variable = home.get(&[]);
    by_variable.env("AWS_PROFILE", "work");
    let url = stdout(&run(by_variable));
    assert_eq!(scope(&url), pair("AKIDWORK", "eu-west-1"));
    assert!(url.starts_with("https://examplebucket.s3.eu-west-1.amazonaws.com/k?"));
    assert!(
        url.contains("&X-Amz-Security-Token=work-token%2F%2B%3D&"),
        "{url}"
    );
    assert_eq!(
        presigned_scope(home.get(&["--profile", "work"])),
        pair("AKIDWORK", "eu-west-1")
    );
    // The option wins over the variable.
    let mut both = home.get(&["--profile", "default"]);
    both.env("AWS_PROFILE", "work");
    assert_eq!(presigned_scope(both), pair("AKIDDEFAULT", "ap-south-1"));
}

#[test]
fn the_environment_wins_over_aws_profile_but_not_over_the_profile_option() {
    let home = Home::new();
    two_profiles(&home);
    let with_env = |args: &[&str]| {
        let mut command = home.get(args);
        command
            .env("AWS_ACCESS_KEY_ID", "AKIDENV")
            .env("AWS_SECRET_ACCESS_KEY", "env-secret")
            .env("AWS_PROFILE", "work");
        command
    };
    // The keys of the environment, the region of AWS_PROFILE's profile.
    let url = stdout(&run(with_env(&[])));
    assert_eq!(scope(&url), pair("AKIDENV", "eu-west-1"));
    assert!(
        !url.contains("X-Amz-Security-Token"),
        "no token of the profile"
    );
    // --profile sets the environment's keys aside, as the AWS CLI does.
    assert_eq!(
        presigned_scope(with_env(&["--profile", "default"])),
        pair("AKIDDEFAULT", "ap-south-1")
    );
}

#[test]
fn the_region_is_the_option_then_aws_region_then_aws_default_region_then_the_profile() {
    let home = Home::new();
    two_profiles(&home);
    let region = |args: &[&str], vars: &[(&str, &str)]| {
        let mut command = home.get(args);
        command.envs(vars.iter().copied());
        presigned_scope(command).1
    };
    let both = [
        ("AWS_REGION", "us-west-1"),
        ("AWS_DEFAULT_REGION", "ca-central-1"),
    ];
    assert_eq!(region(&["--region", "sa-east-1"], &both), "sa-east-1");
    assert_eq!(region(&[], &both), "us-west-1");
    assert_eq!(region(&[], &both[1..]), "ca-central-1");
    assert_eq!(region(&["--profile", "work"], &[]), "eu-west-1");
    assert_eq!(region(&[], &[]), "ap-south-1");
    // No region anywhere: us-east-1.
    let bare = Home::new();
    bare.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDBARE\naws_secret_access_key = s\n",
    );
    assert_eq!(
        presigned_scope(bare.get(&[])),
        pair("AKIDBARE", "us-east-1")
    );
}

#[test]
fn the_credentials_file_wins_over_the_config_file() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = c\nregion = eu-central-1\n",
    );
    home.write(
        ".aws/config",
        "[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = k\nregion = eu-west-3\n\
         [profile only-config]\naws_access_key_id = AKIDONLYCONFIG\naws_secret_access_key = k\n",
    );
    assert_eq!(
        presigned_scope(home.get(&[])),
        pair("AKIDCREDS", "eu-central-1")
    );
    // Keys in the config file alone are found too.
    assert_eq!(
        presigned_scope(home.get(&["--profile", "only-config"])),
        pair("AKIDONLYCONFIG", "us-east-1")
    );
}

#[test]
fn the_file_variables_move_the_files() {
    let home = Home::new();
    two_profiles(&home);
    let elsewhere = Home::new();
    let credentials = elsewhere.write(
        "creds.ini",
        "[default]\naws_access_key_id = AKIDMOVED\naws_secret_access_key = m\n",
    );
    let config = elsewhere.write("conf.ini", "[default]\nregion = eu-north-1\n");
    let mut moved = home.get(&[]);
    moved
        .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
        .env("AWS_CONFIG_FILE", &config);
    assert_eq!(presigned_scope(moved), pair("AKIDMOVED", "eu-north-1"));
    // One moved, the other read from ~/.aws; `~/` is the home directory.
    home.write("other/config", "[default]\nregion = me-south-1\n");
    let mut one = home.get(&[]);
    one.env("AWS_CONFIG_FILE", "~/other/config");
    assert_eq!(presigned_scope(one), pair("AKIDDEFAULT", "me-south-1"));
    // A variable naming a missing file: no profiles there, as in the AWS CLI.
    let mut missing = home.get(&[]);
    missing.env("AWS_SHARED_CREDENTIALS_FILE", elsewhere.0.join("nothing"));
    let out = run(missing);
    assert_eq!(
        scope(&stdout(&out)),
        pair("AKIAIOSFODNN7EXAMPLE", "ap-south-1")
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("example credentials"));
}

#[test]
fn a_default_profile_without_keys_falls_back_to_the_example_credentials_loudly() {
    let home = Home::new();
    home.write(".aws/config", "[default]\nregion = eu-south-1\n");
    let out = run(home.get(&[]));
    assert_eq!(
        scope(&stdout(&out)),
        pair("AKIAIOSFODNN7EXAMPLE", "eu-south-1")
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("using the AWS documentation's example credentials"),
        "{stderr}"
    );
}

#[test]
fn verify_reads_the_same_profiles() {
    let home = Home::new();
    two_profiles(&home);
    let url = stdout(&run(home.get(&["--profile", "work"])));
    let verify = |args: &[&str]| {
        let out = home
            .presign(&[&["verify", "--now", DATE], args, &[url.trim_end()]].concat())
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code(), json)
    };
    let (code, json) = verify(&["--profile", "work"]);
    assert_eq!(code, Some(0), "{json}");
    assert_eq!(
        (&json["access_key_id"], &json["region"]),
        (&"AKIDWORK".into(), &"eu-west-1".into())
    );
    // The default profile holds other keys, in another region.
    let (code, json) = verify(&["--region", "eu-west-1"]);
    assert_eq!(
        (code, &json["code"]),
        (Some(1), &"InvalidAccessKeyId".into())
    );
}

/// `command` fails with exit 2, one line on stderr that contains
/// `want` and none of the secrets.
fn refused(command: Command, want: &str) {
    let out = run(command);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{want}: {stderr}");
    assert!(out.stdout.is_empty(), "{want}");
    let last = stderr.lines().last().unwrap_or("");
    assert!(last.starts_with("presign: "), "{stderr}");
    assert!(last.contains(want), "want {want:?}: {stderr}");
    assert!(!stderr.contains("hush"), "a secret in {stderr}");
    assert!(
        !stderr.contains("example credentials"),
        "no fallback: {stderr}"
    );
}

#[test]
fn profile_errors_are_exit_2_and_name_no_secret() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = hush\n\
         [half]\naws_access_key_id = AKIDHALF\n",
    );
    home.write(
        ".aws/config",
        "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = default\n\
         [profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = r\n\
         [profile regional]\nregion = eu-west-1\n",
    );
    let named = |name: &str| home.get(&["--profile", name]);
    refused(named("nope"), "profile \"nope\" is in neither");
    let mut by_variable = home.get(&[]);
    by_variable.env("AWS_PROFILE", "nope");
    refused(by_variable, "profile \"nope\" is in neither");
    refused(
        named("half"),
        "has aws_access_key_id but no aws_secret_access_key",
    );
    refused(named("role"), "gets its credentials through role_arn");
    refused(named("sso"), "gets its credentials through sso_account_id");
    refused(
        named("regional"),
        "profile \"regional\" has no aws_access_key_id",
    );
    let mut half_env = home.get(&[]);
    half_env.env("AWS_ACCESS_KEY_ID", "AKIDENV");
    refused(
        half_env,
        "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
    );

    let broken = Home::new();
    broken.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKID\naws_secret_access_key hush\n",
    );
    refused(
        broken.get(&[]),
        "credentials, line 3: expected [section] or name = value",
    );
    let broken = Home::new();
    broken.write(
        ".aws/config",
        "[default]\nregion = eu-west-1\nregion = eu-west-2\n",
    );
    refused(broken.get(&[]), "config, line 3: region is set twice");
    // configparser refuses a section given twice in one file.
    let broken = Home::new();
    broken.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKID\n[default]\naws_secret_access_key = hush\n",
    );
    refused(
        broken.get(&[]),
        "credentials, line 3: a section is given twice in this file",
    );
    let unreadable = Home::new();
    std::fs::create_dir_all(unreadable.0.join(".aws/credentials")).unwrap();
    refused(unreadable.get(&[]), "cannot read");
}

#[test]
fn a_bad_key_in_a_profile_is_refused_by_name() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKID/WITH/SLASHES\naws_secret_access_key = hush\n",
    );
    refused(home.get(&[]), "profile \"default\":");
    let home = Home::new();
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKID\naws_secret_access_key = hush\naws_session_token = bad token\n",
    );
    refused(home.get(&[]), "profile \"default\":");
}

/// `X-Amz-Security-Token` of a presigned URL.
fn token(url: &str) -> Option<String> {
    url.split(['?', '&'])
        .find_map(|p| p.strip_prefix("X-Amz-Security-Token="))
        .map(str::to_string)
}

/// botocore reads the session token under its older name too, first:
/// `TOKENS = ['aws_security_token', 'aws_session_token']` in the files,
/// `['AWS_SECURITY_TOKEN', 'AWS_SESSION_TOKEN']` in the environment.
#[test]
fn the_session_token_is_read_under_both_names_the_older_first() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDOLD\naws_secret_access_key = s\n\
         aws_security_token = old-token\n\
         [both]\naws_access_key_id = AKIDBOTH\naws_secret_access_key = s\n\
         aws_session_token = new-token\naws_security_token = old-token\n",
    );
    home.write(
        ".aws/config",
        "[profile config]\naws_access_key_id = AKIDCONF\naws_secret_access_key = s\n\
         aws_security_token = conf-token\n",
    );
    let url = |command| token(&stdout(&run(command)));
    assert_eq!(url(home.get(&[])), Some("old-token".into()));
    assert_eq!(
        url(home.get(&["--profile", "both"])),
        Some("old-token".into())
    );
    assert_eq!(
        url(home.get(&["--profile", "config"])),
        Some("conf-token".into())
    );
    let env = |vars: &[(&str, &str)]| {
        let mut command = Home::new().get(&[]);
        command
            .env("AWS_ACCESS_KEY_ID", "AKIDENV")
            .env("AWS_SECRET_ACCESS_KEY", "s")
            .envs(vars.iter().copied());
        url(command)
    };
    assert_eq!(
        env(&[("AWS_SECURITY_TOKEN", "env-old")]),
        Some("env-old".into())
    );
    assert_eq!(
        env(&[
            ("AWS_SECURITY_TOKEN", "env-old"),
            ("AWS_SESSION_TOKEN", "env-new")
        ]),
        Some("env-old".into())
    );
    // An empty variable is unset (botocore: `if token:`).
    assert_eq!(
        env(&[("AWS_SECURITY_TOKEN", ""), ("AWS_SESSION_TOKEN", "env-new")]),
        Some("env-new".into())
    );
    assert_eq!(env(&[]), None);
}

/// Files that botocore (configparser, `build_profile_map`) reads: the
/// expected profiles were checked with Python 3.11 and botocore 0e6e240's
/// `configloader.load_config`.
#[test]
fn section_headers_are_read_as_botocore_reads_them() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        "[default] # my keys\naws_access_key_id = AKIDCOMMENT\naws_secret_access_key = s\n",
    );
    home.write(
        ".aws/config",
        "[default]\nregion = eu-west-1\n[profile]\nregion = eu-west-2\n\
         [profile \"my work\"]\naws_access_key_id = AKIDQUOTED\naws_secret_access_key = s\n\
         [profile default]\nregion = eu-west-3\n",
    );
    // The later of [default] and [profile default] wins; [profile] is no
    // profile.
    assert_eq!(
        presigned_scope(home.get(&[])),
        pair("AKIDCOMMENT", "eu-west-3")
    );
    assert_eq!(
        presigned_scope(home.get(&["--profile", "my work"])),
        pair("AKIDQUOTED", "us-east-1")
    );
}

/// botocore's order of sources for a profile: assume role, web identity,
/// SSO, the credentials file, login_session, credential_process, the config
/// file. A source this tool cannot follow is an error, never other keys.
#[test]
fn a_source_botocore_would_use_first_is_refused_not_passed_over() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDBASE\naws_secret_access_key = hush\n\
         [login]\nregion = eu-west-1\n",
    );
    home.write(
        ".aws/config",
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = default\n\
         [profile process]\ncredential_process = /bin/creds\n\
         aws_access_key_id = AKIDSTATIC\naws_secret_access_key = hush\n\
         [profile login]\nlogin_session = arn:aws:iam::123456789012:user/u\n",
    );
    refused(home.get(&[]), "gets its credentials through role_arn");
    refused(
        home.get(&["--profile", "process"]),
        "gets its credentials through credential_process",
    );
    refused(
        home.get(&["--profile", "login"]),
        "gets its credentials through login_session",
    );
    // Unnamed, too: no fall back to the example keys.
    let login = Home::new();
    login.write(".aws/config", "[default]\nlogin_session = s\n");
    refused(
        login.get(&[]),
        "aws configure export-credentials --format env",
    );
    // Web identity from the environment comes before the credentials file,
    // and a container's endpoint before the example keys.
    let plain = Home::new();
    plain.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDBASE\naws_secret_access_key = hush\n",
    );
    let mut web = plain.get(&[]);
    web.env("AWS_WEB_IDENTITY_TOKEN_FILE", "/token")
        .env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/r");
    refused(web, "web_identity_token_file");
    let mut container = Home::new().get(&[]);
    container.env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials");
    refused(container, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is set");
    // --profile sets the environment's web identity aside, as botocore does.
    let mut named = plain.get(&["--profile", "default"]);
    named.env("AWS_WEB_IDENTITY_TOKEN_FILE", "/token");
    assert_eq!(presigned_scope(named), pair("AKIDBASE", "us-east-1"));
}

/// botocore's EnvProvider: nothing without AWS_ACCESS_KEY_ID (a lone secret
/// is passed over), an error with it but without the secret.
#[test]
fn a_lone_secret_in_the_environment_is_passed_over() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n",
    );
    let mut lone = home.get(&[]);
    lone.env("AWS_SECRET_ACCESS_KEY", "hush");
    assert_eq!(presigned_scope(lone), pair("AKIDPROFILE", "us-east-1"));
    let mut id_only = home.get(&[]);
    id_only.env("AWS_ACCESS_KEY_ID", "AKIDENV");
    refused(
        id_only,
        "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
    );
}
