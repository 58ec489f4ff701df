#![no_main]
//! Presigning through Bucket and Action.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|case: presign_fuzz::s3::Case| {
    presign_fuzz::s3::check(&case);
});
