//! Text encodings: a byte order mark, UTF-16 told by where its NUL bytes
//! fall, UTF-8, and legacy single-byte encodings (Windows-1256,
//! ISO-8859-6, Windows-1251, KOI8-R, ...) guessed with `chardetng`. What
//! cannot be decided is an error, never a guess decoded into garbage.

use crate::error::{Error, ErrorKind, Result};
use crate::lang::{char_script, Script};
use encoding_rs::{DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How much of a file the UTF-16 and binary checks look at: enough text
/// for any article's spaces and line ends to show, and cheap.
const SNIFF_BYTES: usize = 1 << 16;

/// The share of UTF-16 code units that must have a NUL byte, all in one
/// half, to call a BOM-less file UTF-16. Spaces, line ends, digits and
/// ASCII punctuation alone make about a sixth of an Arabic or Russian
/// article (every character of an English one), while text in any 8-bit
/// encoding has no NUL bytes at all.
const MIN_NUL_SHARE: f64 = 0.05;

/// Control characters (other than tab, line ends and form feed) above this
/// share of the characters mean binary data, not text with a few strays.
const MAX_CONTROL_SHARE: f64 = 0.01;

/// Of the letters of a text decoded with a guessed legacy encoding, at most
/// this share may be non-ASCII Latin letters (`Ç`, `á`, `ã`): French or
/// German text has under a fifth, while Arabic or Cyrillic bytes read as
/// Windows-1252 give nothing else.
const MAX_ACCENTED_LATIN_SHARE: f64 = 0.4;

/// Of the non-ASCII characters of a text decoded with a guessed encoding,
/// at least this share must be letters of a script mizan knows or common
/// punctuation; the rest is taken for a wrong guess.
const MIN_PLAUSIBLE_SHARE: f64 = 0.9;

/// An encoding given by the user (`--encoding`): any WHATWG label, such as
/// `utf-8`, `utf-16le`, `windows-1256`, `cp1256`, `iso-8859-6`, `koi8-r`.
pub fn parse_encoding(label: &str) -> Result<&'static Encoding> {
    match Encoding::for_label(label.trim().as_bytes()) {
        Some(enc) if enc != encoding_rs::REPLACEMENT => Ok(enc),
        _ => Err(Error::config(format!(
            "--encoding {label}: not an encoding name (try utf-8, utf-16le, windows-1256, iso-8859-6, windows-1251 or koi8-r)"
        ))),
    }
}

/// Decodes a text file: the encoding `given`, else the one its byte order
/// mark names, else UTF-16 when its NUL bytes say so unambiguously, else
/// UTF-8 when the bytes are valid UTF-8, else a legacy encoding guessed
/// with `chardetng` and checked for plausible letters.
///
/// Returns the text (byte order mark dropped, line ends as they are) and
/// the encoding used. Fails with [`ErrorKind::Binary`] for binary data,
/// with [`ErrorKind::InvalidUtf8`] (and the byte offset) for bytes invalid
/// in UTF-8 given with `--encoding`, and with [`ErrorKind::Encoding`] for
/// bytes invalid in another given encoding or an encoding that cannot be
/// decided.
pub fn decode(
    bytes: &[u8],
    given: Option<&'static Encoding>,
) -> Result<(String, &'static Encoding)> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let text = strict(enc, &bytes[bom..]).map_err(|at| invalid(enc, bom + at))?;
        return Ok((text, enc));
    }
    if let Some(enc) = given {
        let text = strict(enc, bytes).map_err(|at| invalid(enc, at))?;
        return Ok((text, enc));
    }
    if let Some(enc) = utf16_by_nuls(bytes) {
        if let Ok(text) = strict(enc, bytes) {
            return Ok((text, enc));
        }
    }
    // Valid UTF-8 with a stray NUL is text (the NUL is dropped from the
    // memory and counted, issue 18); whether it holds too many control
    // characters to be text is for `check_not_binary` to say.
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), UTF_8));
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if let Some(at) = head.iter().position(|&b| b == 0) {
        return Err(Error::new(ErrorKind::Binary(format!(
            "binary data (a NUL byte at byte {at})"
        ))));
    }
    // UTF-8 text with a few bad bytes (a damaged file, or one cut in the
    // middle of a character) is damaged UTF-8, not another encoding: an
    // 8-bit encoding's letters hardly ever form valid UTF-8 sequences.
    let (valid, invalid, first_bad) = utf8_census(bytes);
    if valid >= invalid {
        return Err(Error::new(ErrorKind::InvalidUtf8).at_byte(first_bad));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    match strict(guess, bytes) {
        Ok(text) if plausible(&text) => Ok((text, guess)),
        _ => Err(Error::new(ErrorKind::Encoding(format!(
            "not UTF-8, and its encoding cannot be told for sure (perhaps {}); \
             give it with --encoding (e.g. --encoding windows-1256) or convert \
             the file to UTF-8 first (iconv -f ENCODING -t UTF-8)",
            guess.name()
        )))),
    }
}

/// Fails with [`ErrorKind::Binary`] when a decoded text holds more control
/// characters than stray ones.
pub fn check_not_binary(text: &str) -> Result<()> {
    let mut chars = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        chars += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}') {
            controls += 1;
        }
    }
    if controls > 3 && controls as f64 > MAX_CONTROL_SHARE * chars as f64 {
        return Err(Error::new(ErrorKind::Binary(format!(
            "binary data ({controls} control characters in {chars})"
        ))));
    }
    Ok(())
}

fn invalid(enc: &'static Encoding, at: usize) -> Error {
    if enc == UTF_8 {
        Error::new(ErrorKind::InvalidUtf8).at_byte(at)
    } else {
        Error::new(ErrorKind::Encoding(format!(
            "not valid {} text; give the right encoding with --encoding or convert the file to UTF-8 first (iconv -f ENCODING -t UTF-8)",
            enc.name()
        )))
        .at_byte(at)
    }
}

/// Decodes without replacement characters; on malformed input, the byte
/// offset of the first bad byte.
fn strict(enc: &'static Encoding, bytes: &[u8]) -> std::result::Result<String, usize> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut out = String::with_capacity(cap);
    let mut read = 0;
    loop {
        let (result, n) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut out, true);
        read += n;
        match result {
            DecoderResult::InputEmpty => return Ok(out),
            DecoderResult::OutputFull => out.reserve(bytes.len() - read + 16),
            DecoderResult::Malformed(bad, after) => {
                return Err(read.saturating_sub(usize::from(bad) + usize::from(after)))
            }
        }
    }
}

/// Valid multi-byte UTF-8 sequences, invalid sequences, and the offset of
/// the first invalid one.
fn utf8_census(bytes: &[u8]) -> (usize, usize, usize) {
    let (mut valid, mut invalid, mut first) = (0, 0, None);
    let mut at = 0;
    while at < bytes.len() {
        match std::str::from_utf8(&bytes[at..]) {
            Ok(s) => {
                valid += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let ok = &bytes[at..at + e.valid_up_to()];
                valid += ok.iter().filter(|&&b| b >= 0xC0).count();
                first.get_or_insert(at + e.valid_up_to());
                invalid += 1;
                at += e.valid_up_to() + e.error_len().unwrap_or(bytes.len() - at - e.valid_up_to());
            }
        }
    }
    (valid, invalid, first.unwrap_or(0))
}

/// UTF-16 without a byte order mark: every NUL byte in the same half of
/// the code units, and enough of them.
fn utf16_by_nuls(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in head.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let units = (head.len() / 2) as f64;
    match (even, odd) {
        (0, n) if n as f64 >= MIN_NUL_SHARE * units => Some(UTF_16LE),
        (n, 0) if n as f64 >= MIN_NUL_SHARE * units => Some(UTF_16BE),
        _ => None,
    }
}

/// Whether a text decoded with a guessed encoding reads as text: its
/// non-ASCII characters are letters of a known script or punctuation, and
/// not all its letters are accented Latin ones.
fn plausible(text: &str) -> bool {
    let (mut non_ascii, mut fine, mut letters, mut accented) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        if c.is_alphabetic() {
            letters += 1;
        }
        if c.is_ascii() {
            continue;
        }
        non_ascii += 1;
        let script = char_script(c);
        if script == Some(Script::Latin) {
            accented += 1;
        }
        let punct = matches!(c,
            '\u{00A0}'..='\u{00BF}' | '\u{2000}'..='\u{206F}' | '\u{060C}' | '\u{061B}'
            | '\u{061F}' | '\u{0640}' | '\u{066A}'..='\u{066D}' | '\u{2116}' | '\u{20AC}');
        if script.is_some() || punct || c.is_numeric() || is_arabic_mark(c) {
            fine += 1;
        }
    }
    if non_ascii == 0 {
        return true;
    }
    fine as f64 >= MIN_PLAUSIBLE_SHARE * non_ascii as f64
        && (accented as f64) <= MAX_ACCENTED_LATIN_SHARE * letters.max(1) as f64
}

fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, be: bool) -> Vec<u8> {
        s.encode_utf16()
            .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
            .collect()
    }

    const AR: &str = "قطر وروسيا توقعان اتفاقية للتعاون العسكري.\nوصل الوزير إلى الدوحة اليوم.\n";
    const RU: &str = "Катар и Россия подписали соглашение о военном сотрудничестве.\n";

    #[test]
    fn utf8_with_and_without_bom() {
        let (t, e) = decode(AR.as_bytes(), None).unwrap();
        assert_eq!((t.as_str(), e), (AR, UTF_8));
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(AR.as_bytes());
        assert_eq!(decode(&b, None).unwrap().0, AR);
    }

    #[test]
    fn utf16_with_bom_and_by_nul_pattern() {
        for be in [false, true] {
            let mut with_bom = if be {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            with_bom.extend(utf16(AR, be));
            let want = if be { UTF_16BE } else { UTF_16LE };
            assert_eq!(decode(&with_bom, None).unwrap(), (AR.to_string(), want));
            assert_eq!(
                decode(&utf16(AR, be), None).unwrap(),
                (AR.to_string(), want)
            );
            assert_eq!(
                decode(&utf16("Plain English text.\n", be), None).unwrap().1,
                want
            );
        }
    }

    #[test]
    fn legacy_encodings_are_detected() {
        for (text, enc) in [
            (AR, encoding_rs::WINDOWS_1256),
            (AR, encoding_rs::ISO_8859_6),
            (RU, encoding_rs::WINDOWS_1251),
            (RU, encoding_rs::KOI8_R),
        ] {
            let (bytes, _, bad) = enc.encode(text);
            assert!(!bad);
            let (got, used) = decode(&bytes, None).unwrap();
            assert_eq!(got, text, "{}", enc.name());
            // KOI8-U is KOI8-R with Ukrainian letters added: Russian text
            // reads the same in both, and chardetng names the larger one.
            let same = used == enc || (enc == encoding_rs::KOI8_R && used == encoding_rs::KOI8_U);
            assert!(same, "{} read as {}", enc.name(), used.name());
        }
    }

    #[test]
    fn given_encoding_wins_and_bad_bytes_fail() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(AR);
        let (t, _) = decode(&bytes, Some(encoding_rs::WINDOWS_1256)).unwrap();
        assert_eq!(t, AR);
        let e = decode(b"\xD9\x82\xD8\xB7\xD8\xB1 \xFF\xFE text", None).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::InvalidUtf8);
        assert_eq!(e.position(), Some(crate::error::Position::Byte(7)));
        let e = decode(b"abc\xFFdef", Some(UTF_8)).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::InvalidUtf8);
        assert_eq!(e.position(), Some(crate::error::Position::Byte(3)));
        assert!(parse_encoding("cp1256").is_ok());
        assert!(parse_encoding("no-such").is_err());
    }

    #[test]
    fn binary_and_undecidable_fail() {
        // Valid UTF-8 full of control characters decodes, and is then
        // refused as binary by its share of controls.
        let (text, _) = decode(b"ab\x00\x01\x02\x00\x00\x00\x05cd", None).unwrap();
        let e = check_not_binary(&text).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Binary(_)), "{e}");
        // NUL bytes in bytes that are not UTF-8 mean binary data.
        let e = decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", None).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Binary(_)), "{e}");
        // A stray NUL in text is text (issue 18: it is dropped from the
        // memory and counted).
        let (text, _) = decode(b"The meet\x00ing was held on Monday.", None).unwrap();
        assert!(check_not_binary(&text).is_ok());
        let noise: Vec<u8> = (0..400u32)
            .map(|i| 0x80 + ((i * 37 + i / 7) % 128) as u8)
            .collect();
        let e = decode(&noise, None).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Encoding(_)), "{e}");
        assert!(e.to_string().contains("--encoding"), "{e}");
        assert!(check_not_binary("text\u{1}\u{2}\u{3}\u{4}\u{5}").is_err());
        assert!(check_not_binary("a long enough text with one \u{1} stray").is_ok());
    }
}
