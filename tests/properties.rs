//! The fuzz targets' invariants on the stable toolchain, from seeded
//! random bytes.
//!
//! `fuzz/src/` holds, for each target, its `Case` (built with `arbitrary`)
//! and its `check`, which panics when an invariant fails: presigned URLs
//! parse with exactly one well-formed signature, header values hold no line
//! break, the upload form's HTML and JSON hold the user's text only
//! escaped, everything signed verifies, and a tampered request verifies
//! only when it means what was signed. That file is included here by path,
//! so the fuzzer (`cargo fuzz run <target>`, see `fuzz/`) and this test
//! check one definition of the invariants.
//!
//! Each target gets [`CASES`] cases built from bytes of the seeded PRNG of
//! `tests/differential/` (SplitMix64). The seed is fixed; set
//! `PRESIGN_DIFF_SEED` (decimal or `0x` hex) to draw others. A failure
//! names its target, case number and seed, and shows the case.

#[path = "../fuzz/src/lib.rs"]
mod fuzz;
#[path = "differential/rng.rs"]
#[allow(dead_code)]
mod rng;

use std::panic::{catch_unwind, AssertUnwindSafe};

use arbitrary::{Arbitrary, Unstructured};

/// Cases per target.
const CASES: u32 = 1500;

/// Builds [`CASES`] cases of `T` from stream `stream` of the seed, runs
/// `check` on each, and returns how many outputs it checked in full (its
/// count: URLs verified, forms verified, texts parsed).
fn run<T>(name: &str, stream: u64, check: impl Fn(&T) -> u32) -> u32
where
    T: for<'a> Arbitrary<'a> + std::fmt::Debug,
{
    let mut rng = rng::Rng::new(stream);
    let mut reached = 0;
    for i in 0..CASES {
        let len = 8 + rng.below(400) as usize;
        // Half the bytes zero: `arbitrary` then picks an enum's first
        // (plain) variant and short lists more often, as a fuzzer's corpus
        // does once it has found the valid inputs.
        let bytes: Vec<u8> = (0..len)
            .map(|_| if rng.chance(50) { 0 } else { rng.next() as u8 })
            .collect();
        let Ok(case) = T::arbitrary_take_rest(Unstructured::new(&bytes)) else {
            continue;
        };
        match catch_unwind(AssertUnwindSafe(|| check(&case))) {
            Ok(n) => reached += n,
            Err(_) => panic!(
                "{name}: case {i} failed (seed {:#x}, see the panic above): {case:#?}",
                rng::seed()
            ),
        }
    }
    reached
}

/// Runs a target and checks that its invariants were reached often enough
/// to mean something: at least `min_percent` of the cases gave a checked
/// output.
fn target<T>(name: &str, stream: u64, min_percent: u32, check: impl Fn(&T) -> u32)
where
    T: for<'a> Arbitrary<'a> + std::fmt::Debug,
{
    let reached = run(name, stream, check);
    println!("{name}: {reached} outputs checked in {CASES} cases");
    assert!(
        reached * 100 >= CASES * min_percent,
        "{name}: only {reached} of {CASES} cases reached a checked output"
    );
}

#[test]
fn signing_from_any_request_parts() {
    target("sign", 1, 30, fuzz::sign::check);
}

#[test]
fn presigning_through_buckets_and_actions() {
    target("s3_presign", 2, 25, fuzz::s3::check);
}

#[test]
fn post_policies_and_their_json_and_html() {
    target("post_policy", 3, 25, fuzz::post::check);
}

#[test]
fn the_verifiers_request_parsers() {
    target("verify_request", 4, 20, fuzz::verify::check);
}

#[test]
fn the_verifiers_post_parsers() {
    target("verify_post", 5, 1, fuzz::verify::check_post);
}

#[test]
fn dates_endpoints_and_credentials() {
    target("parsers", 6, 5, fuzz::parsers::check);
}

#[test]
fn aws_chunked_streams_encoded_decoded_and_tampered() {
    target("chunked", 7, 100, fuzz::chunked::check);
}
