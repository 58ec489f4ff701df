//! The seed, overridable with `PRESIGN_DIFF_SEED`, and the tiny
//! deterministic PRNG (SplitMix64) every generator draws from.

/// The one seed every generator starts from, unless [`SEED_VAR`] names
/// another: a failure reproduces exactly.
pub const SEED: u64 = 0x5EED_D1FF_0000_2024;

/// The environment variable that overrides [`SEED`], in decimal or as `0x`
/// hex (see [`parse_seed`]).
pub const SEED_VAR: &str = "PRESIGN_DIFF_SEED";

/// The seed in use: [`SEED_VAR`]'s value if it is set, else [`SEED`].
///
/// # Panics
///
/// If the variable is set but is not a seed (empty, not Unicode, not a
/// number, out of range): a typo must not quietly run the default seed.
pub fn seed() -> u64 {
    match std::env::var_os(SEED_VAR) {
        None => SEED,
        Some(value) => value
            .to_str()
            .ok_or_else(|| "not valid Unicode".to_string())
            .and_then(parse_seed)
            .unwrap_or_else(|e| {
                panic!(
                    "{SEED_VAR}={value:?} is not a seed ({e}); give a u64 in decimal \
                     or as 0x hex, such as {SEED:#x}, or unset it for that default"
                )
            }),
    }
}

/// A `u64` in decimal (`6840354302192525348`) or hexadecimal after `0x` or
/// `0X` (`0x5eedd1ff00002024`, as the summary lines print it), with nothing
/// else: no sign, white space, `_` or empty digits.
pub fn parse_seed(text: &str) -> Result<u64, String> {
    let (digits, radix) = match text.strip_prefix("0x").or(text.strip_prefix("0X")) {
        Some(hex) => (hex, 16),
        None => (text, 10),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        let kind = if radix == 16 {
            "hexadecimal"
        } else {
            "decimal"
        };
        return Err(format!("{digits:?} is not {kind} digits"));
    }
    u64::from_str_radix(digits, radix).map_err(|e| e.to_string())
}

pub struct Rng(u64);

impl Rng {
    /// Stream `stream` of the seed in use ([`seed`]).
    pub fn new(stream: u64) -> Self {
        Rng::with_seed(seed(), stream)
    }

    /// Stream `stream` of `seed`.
    pub fn with_seed(seed: u64, stream: u64) -> Self {
        Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F))
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (the modulo bias is irrelevant here).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = (hi - lo) as u64 + 1;
        lo + self.below(span) as i64
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

#[test]
fn a_seed_is_decimal_or_0x_hex_and_nothing_else() {
    assert_eq!(parse_seed("0"), Ok(0));
    assert_eq!(parse_seed("6840354302192525348"), Ok(SEED));
    assert_eq!(parse_seed("0x5eedd1ff00002024"), Ok(SEED));
    assert_eq!(parse_seed("0X5EEDD1FF00002024"), Ok(SEED));
    assert_eq!(parse_seed(&format!("{SEED:#x}")), Ok(SEED));
    assert_eq!(parse_seed("18446744073709551615"), Ok(u64::MAX));
    assert_eq!(parse_seed("0xffffffffffffffff"), Ok(u64::MAX));
    for bad in [
        "",
        "0x",
        " 1",
        "1 ",
        "+1",
        "-1",
        "0x+1",
        "0x-1",
        "1_000",
        "0x5EED_D1FF_0000_2024",
        "5eed",
        "0b101",
        "0o17",
        "1e9",
        "18446744073709551616",
        "0x10000000000000000",
        "seed",
    ] {
        assert!(parse_seed(bad).is_err(), "{bad:?} was taken for a seed");
    }
}
