#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| chalice_tests::fuzz::schedule_expr(data));
