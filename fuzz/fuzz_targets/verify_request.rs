#![no_main]
//! The verifier's parsers: presigned URLs and Authorization headers.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|case: presign_fuzz::verify::Case| {
    presign_fuzz::verify::check(&case);
});
