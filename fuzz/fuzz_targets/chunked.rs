#![no_main]
//! The aws-chunked encoder and verifying decoder.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|case: presign_fuzz::chunked::Case| {
    presign_fuzz::chunked::check(&case);
});
