#![no_main]
//! Canonicalisation and signing from arbitrary request parts.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|case: presign_fuzz::sign::Case| {
    presign_fuzz::sign::check(&case);
});
