//! Signing times over `AmzDate`'s whole range, with the edges, and
//! lifetimes of presigned requests.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use presign::AmzDate;

use crate::rng::Rng;

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range of `AmzDate`.
pub const MIN_UNIX: i64 = -62_167_219_200;
pub const MAX_UNIX: i64 = 253_402_300_799;

/// A signing time: anywhere in years 0000..=9999, mostly nearer today, and
/// the edges (epoch, leap days, year and day ends, 2038).
pub fn gen_time(rng: &mut Rng) -> i64 {
    const EDGES: &[i64] = &[
        MIN_UNIX,
        MAX_UNIX,
        0,
        -1,
        951_782_399,   // 2000-02-28T23:59:59Z
        951_868_799,   // 2000-02-29T23:59:59Z
        1_369_353_600, // 2013-05-24T00:00:00Z, the AWS documentation's
        1_709_164_800, // 2024-02-29T00:00:00Z
        1_735_689_599, // 2024-12-31T23:59:59Z
        2_147_483_647,
        2_147_483_648,
        4_107_542_400,  // 2100-03-01T00:00:00Z (2100 is no leap year)
        -2_208_988_801, // 1899-12-31T23:59:59Z
    ];
    match rng.below(10) {
        0..=2 => rng.range(MIN_UNIX, MAX_UNIX),
        3..=7 => rng.range(0, 4_102_444_800),
        8 => rng.pick(EDGES),
        // The last second of a random day.
        _ => rng.range(MIN_UNIX / 86_400 + 1, MAX_UNIX / 86_400) * 86_400 - 1,
    }
}

/// A lifetime: 1 s to 7 days, with the edges.
pub fn gen_expiry(rng: &mut Rng) -> u64 {
    match rng.below(6) {
        0 => rng.pick(&[1, 2, 59, 60, 3600, 86_400, 604_799, 604_800]),
        1 | 2 => rng.range(1, 3600) as u64,
        _ => rng.range(1, 604_800) as u64,
    }
}

pub fn system_time(unix: i64) -> SystemTime {
    if unix >= 0 {
        UNIX_EPOCH + Duration::from_secs(unix as u64)
    } else {
        UNIX_EPOCH - Duration::from_secs(unix.unsigned_abs())
    }
}

pub fn amz_date(unix: i64) -> AmzDate {
    AmzDate::from_unix_seconds(unix).expect("generated times are in range")
}
