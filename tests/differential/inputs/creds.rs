//! Credentials: access key ids, secrets and session tokens, and our
//! library's form of them (the `aws-sigv4` form is in [`crate::aws_sigv4`]).

use presign::Credentials;

use crate::rng::Rng;

/// A session token: base64 with `+`, `/` and `=`.
pub fn gen_token(rng: &mut Rng) -> String {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let len = rng.range(16, 900) as usize;
    let mut t: String = (0..len)
        .map(|_| B64[rng.below(64) as usize] as char)
        .collect();
    if rng.chance(50) {
        t.push_str(rng.pick(&["=", "==", "+/=", "//"]));
    }
    t
}

#[derive(Debug, Clone)]
pub struct Creds {
    pub access_key_id: String,
    pub secret: String,
    pub token: Option<String>,
}

pub fn gen_creds(rng: &mut Rng) -> Creds {
    let access_key_id = match rng.below(10) {
        0 => "AKIAIOSFODNN7EXAMPLE".to_string(),
        1 => rng
            .pick(&["minio+admin", "user@example.com", "key=1", "K~e.y_-"])
            .to_string(),
        _ => {
            const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            let len = rng.range(16, 40) as usize;
            let mut id = String::from(rng.pick(&["AKIA", "ASIA"]));
            id.extend((0..len).map(|_| ALNUM[rng.below(36) as usize] as char));
            id
        }
    };
    const SECRET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let len = rng.range(1, 60) as usize;
    let secret = (0..len)
        .map(|_| SECRET[rng.below(64) as usize] as char)
        .collect();
    let token = rng.chance(40).then(|| gen_token(rng));
    Creds {
        access_key_id,
        secret,
        token,
    }
}

impl Creds {
    pub fn ours(&self) -> Credentials {
        let c = Credentials::new(self.access_key_id.as_str(), self.secret.as_str())
            .expect("generated credentials are valid");
        match &self.token {
            Some(t) => c
                .with_session_token(t.as_str())
                .expect("generated tokens are valid"),
            None => c,
        }
    }
}
