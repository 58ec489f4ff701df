#![no_main]
//! AmzDate::parse, Endpoint::parse and credentials.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|case: presign_fuzz::parsers::Case| {
    presign_fuzz::parsers::check(&case);
});
