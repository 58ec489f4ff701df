//! The verifier ([`presign::verify`]) on what the signers produced: our
//! URLs and headers (a round trip), and those of `aws-sigv4` and `rusty-s3`
//! (independent signers, so the verifier's canonical request is checked
//! against theirs, not only against the signer it shares code with).
//!
//! Each signed request is turned into the request a server receives: the
//! method, the target (path and raw query) exactly as the signer's URL or
//! target has it, every header the client sends (the case's own, the
//! signer's, and a `Host` when the case gave none), and the payload the body
//! hashes to. It must verify at its signing time; a presigned one also at
//! the last second of its lifetime, and must be `Expired` a second later.
//! What the verifier reports ([`Verified`]) is checked against the case:
//! the form, access key id, signing time, scope, lifetime and payload hash.
//!
//! The summary line of each stream is `differential: N verified, M refused,
//! K excluded (...)`; a refused case prints its request and the
//! [`Rejection`] and fails the test. An excluded case was verified too (as
//! the reference signer was given it) and counted apart under its reason,
//! or, for [`crate::exclusions::UNSIGNED_TOKEN`], is verified in a test of
//! its own.

use presign::verify::{Form, Policy, Received, Rejection, Verified};
use presign::{Credentials, Payload};

use crate::exclusions::Exclusion;
use crate::inputs::time::{amz_date, MAX_UNIX};
use crate::rng::seed;
use crate::tally::PRINTED_FAILURES;

/// A signed request as a server receives it, and what its verification
/// must report.
pub struct Incoming<'a> {
    /// Which signer made it, for the report.
    pub signer: &'static str,
    pub method: &'a str,
    pub target: &'a str,
    pub headers: Vec<(String, String)>,
    pub payload: Payload<'a>,
    pub form: Form,
    pub access_key_id: &'a str,
    pub region: &'a str,
    pub service: &'a str,
    /// The signing time.
    pub unix: i64,
    /// A presigned request's lifetime, in seconds.
    pub expires: Option<u64>,
    /// The payload hash the signature covers, computed here.
    pub payload_hash: String,
}

/// `headers` and a `Host` header of `host`, unless they have one.
pub fn with_host(mut headers: Vec<(String, String)>, host: &str) -> Vec<(String, String)> {
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("host"))
    {
        headers.push(("host".to_string(), host.to_string()));
    }
    headers
}

/// A URL's authority (the `Host` a client sends for it) and its target.
pub fn split_url(url: &str) -> (&str, &str) {
    let rest = &url[url.find("://").expect("absolute URL") + 3..];
    let at = rest.find('/').unwrap_or(rest.len());
    (&rest[..at], &rest[at..])
}

impl Incoming<'_> {
    /// Verifies the request at its signing time, and a presigned one at
    /// the end of its lifetime and a second after; `Err` says what went
    /// wrong.
    pub fn check(&self, policy: &Policy, creds: &Credentials) -> Result<(), String> {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let received = Received {
            method: self.method,
            target: self.target,
            headers: &headers,
            payload: self.payload,
        };
        let mut times = vec![("at its signing time", self.unix)];
        if let Some(expires) = self.expires {
            let end = self.unix.saturating_add(expires as i64);
            times.push(("at the end of its lifetime", end.min(MAX_UNIX)));
        }
        for (when, unix) in times {
            match policy.verify(&received, creds, amz_date(unix)) {
                Ok(verified) => self
                    .check_verified(&verified)
                    .map_err(|e| self.report(&format!("verified {when}, but {e}: {verified:?}")))?,
                Err(rejection) => {
                    return Err(self.report(&format!(
                        "refused {when} ({}): {rejection:?} ({rejection})",
                        rejection.code()
                    )))
                }
            }
        }
        if let Some(expires) = self.expires {
            let after = self.unix.saturating_add(expires as i64 + 1);
            if after <= MAX_UNIX {
                match policy.verify(&received, creds, amz_date(after)) {
                    Err(Rejection::Expired) => {}
                    other => {
                        return Err(self.report(&format!(
                            "a second after its lifetime: {other:?}, not Expired"
                        )))
                    }
                }
            }
        }
        Ok(())
    }

    fn check_verified(&self, v: &Verified) -> Result<(), String> {
        let expires = self.expires.map(|e| {
            // The lifetime's end, where `AmzDate` reaches it.
            presign::AmzDate::from_unix_seconds(self.unix + e as i64).ok()
        });
        let checks = [
            ("form", v.form == self.form),
            ("access key id", v.access_key_id == self.access_key_id),
            ("date", v.date == amz_date(self.unix)),
            ("region", v.region == self.region),
            ("service", v.service == self.service),
            (
                "expires",
                expires.map_or(v.expires.is_none(), |e| v.expires == e),
            ),
            ("payload hash", v.payload_hash == self.payload_hash),
            (
                "signed headers",
                v.signed_headers.split(';').any(|h| h == "host"),
            ),
        ];
        match checks.iter().find(|(_, ok)| !ok) {
            Some((what, _)) => Err(format!("its {what} is not the case's")),
            None => Ok(()),
        }
    }

    fn report(&self, what: &str) -> String {
        format!(
            "{} request {what}\n  method: {}\n  target: {}\n  headers: {:#?}\n  payload: {:?}\n  \
             scope: {}/{}; signed at {} ({}); expires: {:?}; payload hash: {}",
            self.signer,
            self.method,
            self.target,
            self.headers,
            self.payload,
            self.region,
            self.service,
            amz_date(self.unix).timestamp(),
            self.unix,
            self.expires,
            self.payload_hash,
        )
    }
}

/// Tallies of one stream's verifications.
#[derive(Default)]
pub struct VerifyTally {
    verified: usize,
    refused: usize,
    excluded: Vec<(&'static str, usize)>,
    reports: Vec<String>,
}

impl VerifyTally {
    /// Records one case: `report` is the case, printed when it is refused.
    pub fn record(
        &mut self,
        outcome: Result<(), String>,
        exclusion: Exclusion,
        report: impl FnOnce() -> String,
    ) {
        match (outcome, exclusion) {
            (Ok(()), None) => self.verified += 1,
            (Ok(()), Some(reason)) => match self.excluded.iter_mut().find(|e| e.0 == reason) {
                Some(e) => e.1 += 1,
                None => self.excluded.push((reason, 1)),
            },
            (Err(why), _) => {
                self.refused += 1;
                if self.reports.len() < PRINTED_FAILURES {
                    self.reports.push(format!("{why}\n  case: {}", report()));
                }
            }
        }
    }

    /// Prints the refusals and the summary line; returns the line, and
    /// whether nothing was refused.
    pub fn summary(&self, label: &str, cases: usize) -> (String, bool) {
        let excluded: usize = self.excluded.iter().map(|e| e.1).sum();
        assert_eq!(self.verified + self.refused + excluded, cases);
        for report in &self.reports {
            eprintln!("{report}\n");
        }
        let reasons: Vec<String> = self
            .excluded
            .iter()
            .map(|(reason, n)| format!("{n} {reason}"))
            .collect();
        let summary = format!(
            "differential: {} verified, {} refused, {excluded} excluded \
             ({label} through presign::verify; seed {:#x}; excluded: {})",
            self.verified,
            self.refused,
            seed(),
            if reasons.is_empty() {
                "none".to_string()
            } else {
                reasons.join(", ")
            }
        );
        println!("{summary}");
        (summary, self.refused == 0)
    }
}
