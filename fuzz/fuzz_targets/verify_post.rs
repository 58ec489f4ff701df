#![no_main]
//! The verifier's parsers: POST forms and their policy documents.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|case: presign_fuzz::verify::PostCase| {
    presign_fuzz::verify::check_post(&case);
});
