//! TMX creation dates: `YYYYMMDDThhmmssZ` in UTC, from the clock or from
//! `SOURCE_DATE_EPOCH` for reproducible files.

use crate::error::{Error, Result};
use std::time::{SystemTime, UNIX_EPOCH};

/// Whether `s` is a TMX date, `YYYYMMDDThhmmssZ`.
pub(crate) fn is_tmx_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 16
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[8] == b'T'
        && b[9..15].iter().all(u8::is_ascii_digit)
        && b[15] == b'Z'
}

/// The TMX date (`YYYYMMDDThhmmssZ`, UTC) of a point in time.
pub fn creation_date(now: SystemTime) -> String {
    let secs = match now.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        // Before 1970: count back, rounding down to the whole second.
        Err(e) => {
            let d = e.duration();
            let whole = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            if d.subsec_nanos() > 0 {
                whole.saturating_add(1).saturating_neg()
            } else {
                whole.saturating_neg()
            }
        }
    };
    date_from_unix(secs)
}

/// The creation date for a new file: `SOURCE_DATE_EPOCH` (integer seconds
/// since 1970, see reproducible-builds.org) when it is set, so that builds
/// of a translation memory can be reproduced byte for byte, else now.
///
/// An empty value counts as unset, as reproducible-builds.org asks (build
/// scripts export the variable empty when they have no date). A set but
/// malformed value (not an integer, or beyond year 9999) is a
/// configuration error rather than silently ignored, because the user who
/// sets it relies on it.
pub fn creation_date_from_env() -> Result<String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if v.is_empty() => Ok(creation_date(SystemTime::now())),
        Ok(v) => date_from_epoch_var(&v),
        Err(std::env::VarError::NotPresent) => Ok(creation_date(SystemTime::now())),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::config(
            "SOURCE_DATE_EPOCH must be an integer number of seconds, but is not even UTF-8",
        )),
    }
}

/// Seconds of 9999-12-31T23:59:59Z, the last instant TMX's four-digit
/// year can hold.
const MAX_TMX_SECS: i64 = 253_402_300_799;
/// Seconds of 0000-01-01T00:00:00Z (proleptic Gregorian).
const MIN_TMX_SECS: i64 = -62_167_219_200;

fn date_from_epoch_var(value: &str) -> Result<String> {
    let bad = || {
        Error::config(format!(
            "SOURCE_DATE_EPOCH must be an integer number of seconds since 1970-01-01, not '{value}'"
        ))
    };
    // Only plain decimal digits with an optional minus, as `date +%s` prints;
    // i64::from_str would also take a leading '+'.
    let digits = value.strip_prefix('-').unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let secs: i64 = value.parse().map_err(|_| bad())?;
    if !(MIN_TMX_SECS..=MAX_TMX_SECS).contains(&secs) {
        return Err(bad());
    }
    Ok(date_from_unix(secs))
}

fn date_from_unix(secs: i64) -> String {
    let secs = secs.clamp(MIN_TMX_SECS, MAX_TMX_SECS);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The proleptic Gregorian (year, month, day) of a count of days since
/// 1970-01-01.
///
/// The calendar repeats every 400 years (146 097 days), so the day is
/// placed in a 400-year era first. Within the era, years are counted from
/// March: that puts the leap day at the end of the year, so the length of
/// a year only depends on whether the *next* February has 29 days, and
/// months March..February have the lengths 31 30 31 30 31 31 30 31 30 31 31
/// 28/29, which the linear formula `(153 * m + 2) / 5` reproduces for the
/// day of the year at which month `m` (0 = March) starts.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Day 0 of the computation is 0000-03-01; 1970-01-01 is 719 468 days on.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
                                     // Years of the era: every 4th year is a leap year, except every 100th,
                                     // except the 400th (the era's last day, doe = 146096).
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], 0 = March
    let d = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let y = yoe + era * 400 + i64::from(m <= 2);
    // Both are in range by construction; the fallbacks are never taken.
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use std::time::Duration;

    #[test]
    fn dates() {
        let at = |s: u64| creation_date(UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(at(0), "19700101T000000Z");
        assert_eq!(at(951_782_400), "20000229T000000Z");
        assert_eq!(at(951_868_799), "20000229T235959Z");
        assert_eq!(at(951_868_800), "20000301T000000Z");
        assert_eq!(at(1_538_395_200), "20181001T120000Z");
        assert_eq!(at(4_107_542_400), "21000301T000000Z"); // 2100 is no leap year
        assert_eq!(at(4_107_456_000), "21000228T000000Z");
        assert_eq!(
            creation_date(UNIX_EPOCH - Duration::from_millis(500)),
            "19691231T235959Z"
        );
        assert_eq!(
            creation_date(UNIX_EPOCH - Duration::from_secs(86_400)),
            "19691231T000000Z"
        );
    }

    #[test]
    fn civil_from_days_agrees_with_counting_days() {
        // Walk day by day from 1600 to 2400 with a naive calendar.
        let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let month_len = |y: i64, m: u32| match m {
            2 if leap(y) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let mut days = civil_days_of_1600();
        let (mut y, mut m, mut d) = (1600i64, 1u32, 1u32);
        while y < 2400 {
            assert_eq!(civil_from_days(days), (y, m, d), "day {days}");
            days += 1;
            d += 1;
            if d > month_len(y, m) {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
    }

    /// Days from 1970-01-01 back to 1600-01-01: 370 years, 90 of them
    /// leap years (1600..1969 has 93 multiples of 4, minus 1700, 1800, 1900).
    fn civil_days_of_1600() -> i64 {
        -(370 * 365 + 90)
    }

    #[test]
    fn source_date_epoch() {
        assert_eq!(
            date_from_epoch_var("1538395200").unwrap(),
            "20181001T120000Z"
        );
        assert_eq!(date_from_epoch_var("0").unwrap(), "19700101T000000Z");
        assert_eq!(date_from_epoch_var("-1").unwrap(), "19691231T235959Z");
        assert_eq!(
            date_from_epoch_var("253402300799").unwrap(),
            "99991231T235959Z"
        );
        for bad in [
            "",
            " 1",
            "1.5",
            "+1",
            "1e9",
            "abc",
            "-",
            "253402300800",
            "99999999999999999999",
        ] {
            let err = date_from_epoch_var(bad).unwrap_err();
            assert!(matches!(err.kind(), ErrorKind::Config(_)), "{bad}");
            assert!(err.to_string().contains("SOURCE_DATE_EPOCH"), "{err}");
        }
    }
}
