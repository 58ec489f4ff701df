//! The signing time.

use core::fmt;
use core::time::Duration;
#[cfg(feature = "std")]
use std::time::SystemTime;

use time::{OffsetDateTime, UtcOffset};

use crate::prelude::*;
use crate::Error;

/// A signing time: a UTC instant with whole seconds, in the years 0000..=9999.
///
/// This is the only date type in the crate's signatures, and `AmzDate::now`
/// is the only function of the crate that reads the clock (with the `std`
/// feature: without it there is no clock, and the time comes from the
/// caller, as [`AmzDate::from_unix_seconds`] or [`AmzDate::parse`]).
///
/// ```
/// use presign::AmzDate;
///
/// let t = AmzDate::parse("20130524T000000Z")?;
/// assert_eq!(t.to_string(), "20130524T000000Z");
/// assert_eq!(t.unix_seconds(), 1369353600);
/// # Ok::<(), presign::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AmzDate {
    unix: i64,
    /// `YYYYMMDDTHHMMSSZ`, ASCII.
    stamp: [u8; 16],
}

impl AmzDate {
    /// The current time, read from the system clock.
    ///
    /// # Panics
    /// If the system clock reads a year before 0000 or after 9999.
    #[cfg(feature = "std")]
    pub fn now() -> Self {
        Self::from_system_time(SystemTime::now())
            .expect("the system clock is between the years 0000 and 9999")
    }

    /// The instant `unix` seconds after 1970-01-01T00:00:00Z.
    pub fn from_unix_seconds(unix: i64) -> Result<Self, Error> {
        if !(MIN_UNIX..=MAX_UNIX).contains(&unix) {
            return Err(Error::InvalidTime(unix.to_string()));
        }
        let (days, second_of_day) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        let mut stamp = *b"00000000T000000Z";
        // In range, the year is 0 to 9999 and every part is non-negative.
        put_digits(&mut stamp[0..4], year as u32);
        put_digits(&mut stamp[4..6], month);
        put_digits(&mut stamp[6..8], day);
        put_digits(&mut stamp[9..11], (second_of_day / 3600) as u32);
        put_digits(&mut stamp[11..13], (second_of_day / 60 % 60) as u32);
        put_digits(&mut stamp[13..15], (second_of_day % 60) as u32);
        Ok(AmzDate { unix, stamp })
    }

    /// Converts a [`SystemTime`], dropping any fraction of a second.
    #[cfg(feature = "std")]
    pub fn from_system_time(t: SystemTime) -> Result<Self, Error> {
        let unix = match t.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()),
            Err(e) => {
                let before = e.duration();
                let whole = before.as_secs() + u64::from(before.subsec_nanos() > 0);
                i64::try_from(whole).map(|s| -s)
            }
        }
        .map_err(|_| Error::InvalidTime(format!("{t:?}")))?;
        Self::from_unix_seconds(unix)
    }

    /// Converts a [`time::OffsetDateTime`] in any offset, dropping any fraction
    /// of a second.
    ///
    /// An instant whose UTC date is outside the years 0000..=9999 is refused
    /// with [`Error::InvalidTime`], including one so near either end of
    /// `time`'s range that its UTC date cannot be represented at all.
    pub fn from_offset_date_time(t: OffsetDateTime) -> Result<Self, Error> {
        let t = t
            .checked_to_offset(UtcOffset::UTC)
            .ok_or_else(|| Error::InvalidTime(t.to_string()))?;
        let year = t.year();
        if !(0..=9999).contains(&year) {
            return Err(Error::InvalidTime(t.to_string()));
        }
        let mut stamp = *b"00000000T000000Z";
        put_digits(&mut stamp[0..4], year as u32);
        put_digits(&mut stamp[4..6], u8::from(t.month()) as u32);
        put_digits(&mut stamp[6..8], t.day() as u32);
        put_digits(&mut stamp[9..11], t.hour() as u32);
        put_digits(&mut stamp[11..13], t.minute() as u32);
        put_digits(&mut stamp[13..15], t.second() as u32);
        Ok(AmzDate {
            unix: t.unix_timestamp(),
            stamp,
        })
    }

    /// Parses the `X-Amz-Date` form, `YYYYMMDDTHHMMSSZ`.
    pub fn parse(s: &str) -> Result<Self, Error> {
        let bad = || Error::InvalidTime(s.to_string());
        // `YYYYMMDD`, `T`, `HHMMSS`, `Z`: the layout and every digit first,
        // then the fields' values.
        let b: &[u8; 16] = s.as_bytes().try_into().map_err(|_| bad())?;
        let digits = b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit);
        if !digits || b[8] != b'T' || b[15] != b'Z' {
            return Err(bad());
        }
        let num = |r: core::ops::Range<usize>| {
            b[r].iter()
                .fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'))
        };
        let (year, month, day) = (num(0..4), num(4..6), num(6..8));
        let (hour, minute, second) = (num(9..11), num(11..13), num(13..15));
        let month_ok = (1..=12).contains(&month);
        if !month_ok || day == 0 || day > days_in_month(year, month) {
            return Err(bad());
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(bad());
        }
        // A valid date and time in four-digit years: the text is the stamp.
        let stamp = *b;
        let days = days_from_civil(i64::from(year), month, day);
        let second_of_day = i64::from(hour * 3600 + minute * 60 + second);
        Ok(AmzDate {
            unix: days * 86_400 + second_of_day,
            stamp,
        })
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(&self) -> i64 {
        self.unix
    }

    /// This instant plus `d` (whole seconds).
    pub(crate) fn plus(&self, d: Duration) -> Result<AmzDate, Error> {
        let secs = i64::try_from(d.as_secs()).map_err(|_| Error::InvalidTime(format!("{d:?}")))?;
        let unix = self
            .unix
            .checked_add(secs)
            .ok_or_else(|| Error::InvalidTime(format!("{d:?}")))?;
        AmzDate::from_unix_seconds(unix)
    }

    /// `YYYYMMDDTHHMMSSZ`, as in the `X-Amz-Date` header and parameter.
    pub fn timestamp(&self) -> &str {
        // Only ASCII digits, `T` and `Z` are ever written.
        core::str::from_utf8(&self.stamp).unwrap_or_default()
    }

    /// The timestamp's bytes.
    pub(crate) fn stamp(&self) -> &[u8; 16] {
        &self.stamp
    }

    /// `YYYYMMDD`, the date part of the credential scope.
    pub fn date(&self) -> &str {
        &self.timestamp()[..8]
    }

    /// `YYYY-MM-DDTHH:MM:SS.000Z`, the form of a POST policy's expiration.
    pub fn iso8601(&self) -> String {
        let s = &self.stamp;
        let p = |r: core::ops::Range<usize>| core::str::from_utf8(&s[r]).unwrap_or_default();
        format!(
            "{}-{}-{}T{}:{}:{}.000Z",
            p(0..4),
            p(4..6),
            p(6..8),
            p(9..11),
            p(11..13),
            p(13..15)
        )
    }
}

/// The first and last instants of the years 0000..=9999.
const MIN_UNIX: i64 = -62_167_219_200;
const MAX_UNIX: i64 = 253_402_300_799;

/// The days of `month` (1 to 12) in `year`, in the proleptic Gregorian
/// calendar.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a date in the proleptic Gregorian calendar
/// (the `days_from_civil` of Howard Hinnant's "chrono-compatible low-level
/// date algorithms").
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a count of days since 1970-01-01 (`civil_from_days`, the
/// inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Writes `n` in decimal, right-aligned in `out` (two or four digits),
/// two digits at a time.
fn put_digits(out: &mut [u8], mut n: u32) {
    /// `00` to `99`.
    const PAIRS: [[u8; 2]; 100] = {
        let mut pairs = [[0u8; 2]; 100];
        let mut i = 0;
        while i < 100 {
            pairs[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
            i += 1;
        }
        pairs
    };
    for pair in out.rchunks_mut(2) {
        let digits = PAIRS[(n % 100) as usize];
        pair.copy_from_slice(&digits[2 - pair.len()..]);
        n /= 100;
    }
}

impl fmt::Display for AmzDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.timestamp())
    }
}

impl fmt::Debug for AmzDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AmzDate({})", self.timestamp())
    }
}

#[cfg(feature = "std")]
impl TryFrom<SystemTime> for AmzDate {
    type Error = Error;
    fn try_from(t: SystemTime) -> Result<Self, Error> {
        Self::from_system_time(t)
    }
}

impl TryFrom<OffsetDateTime> for AmzDate {
    type Error = Error;
    fn try_from(t: OffsetDateTime) -> Result<Self, Error> {
        Self::from_offset_date_time(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_convert_as_the_time_crate_converts_them() {
        // Every day of the range's ends and of the years around 1970 and
        // 2000, and a stride across the whole range, at odd times of day.
        let days = (-719_528..-719_528 + 800)
            .chain(-800..800)
            .chain(10_900..11_700)
            .chain(2_932_896 - 800..2_932_897)
            .chain((-719_528..2_932_897).step_by(997));
        for day in days {
            for second_of_day in [0, 1, 3_599, 45_296, 86_399] {
                let unix = day * 86_400 + second_of_day;
                let ours = AmzDate::from_unix_seconds(unix).unwrap();
                let theirs = AmzDate::from_offset_date_time(
                    OffsetDateTime::from_unix_timestamp(unix).unwrap(),
                )
                .unwrap();
                assert_eq!(ours, theirs, "{unix}");
                assert_eq!(AmzDate::parse(ours.timestamp()), Ok(ours), "{unix}");
            }
        }
        for outside in [MIN_UNIX - 1, MAX_UNIX + 1, i64::MIN, i64::MAX] {
            assert!(AmzDate::from_unix_seconds(outside).is_err(), "{outside}");
        }
    }

    #[test]
    fn calendar_days_are_checked() {
        for good in ["20240229T000000Z", "20000229T235959Z", "00000229T000000Z"] {
            assert!(AmzDate::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "20230229T000000Z",
            "19000229T000000Z",
            "20240431T000000Z",
            "20240100T000000Z",
            "20241301T000000Z",
            "20240001T000000Z",
            "20240101T240000Z",
            "20240101T006000Z",
            "20240101T000060Z",
        ] {
            assert!(AmzDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parse_and_format_round_trip() {
        let t = AmzDate::parse("20150830T123600Z").unwrap();
        assert_eq!(t.timestamp(), "20150830T123600Z");
        assert_eq!(t.date(), "20150830");
        assert_eq!(t.iso8601(), "2015-08-30T12:36:00.000Z");
        assert_eq!(t.unix_seconds(), 1440938160);
        assert_eq!(AmzDate::from_unix_seconds(1440938160).unwrap(), t);
    }

    #[test]
    fn malformed_timestamps_are_refused() {
        for bad in [
            "",
            "20150830T123600",
            "20150830 123600Z",
            "20151330T123600Z",
            "20150230T123600Z",
            "20150830T246000Z",
            "2015083OT123600Z",
            "+0150830T123600Z",
        ] {
            assert!(
                matches!(AmzDate::parse(bad), Err(Error::InvalidTime(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn years_past_9999_are_refused() {
        assert!(AmzDate::from_unix_seconds(253402300800).is_err());
        assert!(AmzDate::from_unix_seconds(253402300799).is_ok());
        assert!(AmzDate::from_unix_seconds(i64::MAX).is_err());
    }

    #[test]
    fn instants_at_the_ends_of_times_range_are_refused_not_panicking() {
        use time::PrimitiveDateTime;
        // In UTC these are past time's own limits, so converting panics
        // with `to_offset`.
        let west = UtcOffset::from_hms(-23, 59, 59).unwrap();
        let east = UtcOffset::from_hms(23, 59, 59).unwrap();
        for t in [
            PrimitiveDateTime::MAX.assume_offset(west),
            PrimitiveDateTime::MIN.assume_offset(east),
        ] {
            assert!(
                matches!(
                    AmzDate::from_offset_date_time(t),
                    Err(Error::InvalidTime(_))
                ),
                "{t}"
            );
            assert!(matches!(AmzDate::try_from(t), Err(Error::InvalidTime(_))));
        }
        // Nothing else near the ends panics either, whatever the outcome.
        for t in [
            PrimitiveDateTime::MAX.assume_offset(east),
            PrimitiveDateTime::MIN.assume_offset(west),
            PrimitiveDateTime::MAX.assume_utc(),
            PrimitiveDateTime::MIN.assume_utc(),
        ] {
            let _ = AmzDate::from_offset_date_time(t);
        }
    }

    #[test]
    fn offsets_are_applied_at_the_ends_of_the_four_digit_years() {
        let at = |y, m, d, (h, mi, s), off: (i8, i8, i8)| {
            let date = time::Date::from_calendar_date(y, m, d).unwrap();
            let offset = UtcOffset::from_hms(off.0, off.1, off.2).unwrap();
            let clock = time::Time::from_hms(h, mi, s).unwrap();
            AmzDate::from_offset_date_time(date.with_time(clock).assume_offset(offset))
        };
        use time::Month::{December, January};
        // 9999-12-31T23:59:59 one second west of UTC is 10000-01-01 in UTC.
        assert!(at(9999, December, 31, (23, 59, 59), (0, 0, -1)).is_err());
        let t = at(9999, December, 31, (23, 59, 59), (0, 0, 1)).unwrap();
        assert_eq!(t.timestamp(), "99991231T235958Z");
        // 0000-01-01T00:00:00 one second east of UTC is year -1 in UTC.
        assert!(at(0, January, 1, (0, 0, 0), (0, 0, 1)).is_err());
        let t = at(0, January, 1, (0, 0, 0), (0, 0, -1)).unwrap();
        assert_eq!(t.timestamp(), "00000101T000001Z");
        // 0000-01-01T00:00:00Z is 62167219200 s before 1970 (the proleptic
        // Gregorian calendar has 719528 days from 0000-01-01 to 1970-01-01).
        assert_eq!(t.unix_seconds(), -719_528 * 86_400 + 1);
    }

    #[cfg(feature = "std")]
    #[test]
    fn system_time_drops_fractions() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_millis(1_369_353_600_999);
        assert_eq!(
            AmzDate::from_system_time(t).unwrap().timestamp(),
            "20130524T000000Z"
        );
    }
}
