#![no_main]
//! POST policy building, and its JSON and HTML output.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|case: presign_fuzz::post::Case| {
    presign_fuzz::post::check(&case);
});
