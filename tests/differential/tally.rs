//! Counting outcomes: agreed, disagreed, excluded by reason; the first few
//! failures in full, our signing steps for them, and the summary line.

use crate::exclusions::Exclusion;
use crate::rng::seed;

/// How many failing cases are printed in full before the rest are counted.
pub const PRINTED_FAILURES: usize = 5;

/// Tallies, and the first few failures in full.
#[derive(Default)]
pub struct Tally {
    agreed: usize,
    disagreed: usize,
    excluded: Vec<(&'static str, usize)>,
    reports: Vec<String>,
}

impl Tally {
    pub fn record(&mut self, outcome: Result<(), String>, exclusion: Exclusion) {
        match (outcome, exclusion) {
            (Ok(()), None) => self.agreed += 1,
            (Ok(()), Some(reason)) => match self.excluded.iter_mut().find(|e| e.0 == reason) {
                Some(e) => e.1 += 1,
                None => self.excluded.push((reason, 1)),
            },
            (Err(report), _) => {
                self.disagreed += 1;
                if self.reports.len() < PRINTED_FAILURES {
                    self.reports.push(report);
                }
            }
        }
    }

    /// Prints the failures and the summary line; returns the line, and
    /// whether nothing disagreed.
    pub fn summary(&self, label: &str, cases: usize) -> (String, bool) {
        let excluded: usize = self.excluded.iter().map(|e| e.1).sum();
        assert_eq!(self.agreed + self.disagreed + excluded, cases);
        for report in &self.reports {
            eprintln!("{report}\n");
        }
        let reasons: Vec<String> = self
            .excluded
            .iter()
            .map(|(reason, n)| format!("{n} {reason}"))
            .collect();
        let seed = seed();
        let summary = format!(
            "differential: {} agreed, {} disagreed, {excluded} excluded \
             ({label}; seed {seed:#x}; excluded: {})",
            self.agreed,
            self.disagreed,
            if reasons.is_empty() {
                "none".to_string()
            } else {
                reasons.join(", ")
            }
        );
        println!("{summary}");
        (summary, self.disagreed == 0)
    }
}

/// Fails with every summary line that reports a failure: the lines of
/// one test are all printed before any of them fails it.
pub fn finish_all(summaries: &[(String, bool)]) {
    let failed: Vec<&str> = summaries
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(s, _)| s.as_str())
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

pub fn describe_steps(steps: Result<presign::Steps, presign::Error>) -> String {
    match steps {
        Ok(s) => format!(
            "\n--- canonical request ---\n{}\n--- string to sign ---\n{}\n---",
            s.canonical_request, s.string_to_sign
        ),
        Err(e) => format!("error: {e}"),
    }
}
