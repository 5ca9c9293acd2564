//! Numbers, number words, percentages, months, weekdays, Latin tokens and
//! punctuation, in all three languages.

use super::super::*;
use super::keys;

#[test]
fn numbers_table() {
    use AnchorKind::Number;
    for (s, lang, want) in [
        ("in 2017", Lang::En, vec!["2017"]),
        ("عام ٢٠١٧", Lang::Ar, vec!["2017"]),
        ("عام ۲۰۱۷", Lang::Ar, vec!["2017"]),
        ("1,000 people", Lang::En, vec!["1000"]),
        ("1 000 человек", Lang::Ru, vec!["1000"]),
        ("1\u{00A0}000 человек", Lang::Ru, vec!["1000"]),
        ("1\u{2009}000 человек", Lang::Ru, vec!["1000"]),
        ("1\u{202F}000 человек", Lang::Ru, vec!["1000"]),
        ("١٬٠٠٠ شخص", Lang::Ar, vec!["1000"]),
        ("1000 شخص", Lang::Ar, vec!["1000"]),
        ("12 500 000 рублей", Lang::Ru, vec!["12500000"]),
        ("1,000,000 dollars", Lang::En, vec!["1000000"]),
        ("1,234.5 km", Lang::En, vec!["1234.5"]),
        ("1.234,5 км", Lang::Ru, vec!["1234.5"]),
        ("3.5 per", Lang::En, vec!["3.5"]),
        ("3,5 процента", Lang::Ru, vec!["3.5"]),
        ("٣٫٥ في المئة", Lang::Ar, vec!["3.5"]),
        ("0,5", Lang::En, vec!["0.5"]),
        // Russian: one comma is a decimal comma even before three digits.
        ("1,500 тонны", Lang::Ru, vec!["1.5"]),
        ("1,500 tons", Lang::En, vec!["1500"]),
        // Several comma groups of three cannot be decimal.
        ("1,000,000 рублей", Lang::Ru, vec!["1000000"]),
        ("7.50", Lang::En, vec!["7.5"]),
        ("5%", Lang::En, vec!["5"]),
        ("٥٪", Lang::Ar, vec!["5"]),
        ("5 million", Lang::En, vec!["5000000"]),
        ("5.2 million", Lang::En, vec!["5200000"]),
        ("$5m and £2bn", Lang::En, vec!["5000000", "2000000000"]),
        ("5 ملايين", Lang::Ar, vec!["5000000"]),
        ("5 مليون", Lang::Ar, vec!["5000000"]),
        ("3 مليارات", Lang::Ar, vec!["3000000000"]),
        ("5 млн", Lang::Ru, vec!["5000000"]),
        ("5,2 миллиона", Lang::Ru, vec!["5200000"]),
        ("5 миллионов", Lang::Ru, vec!["5000000"]),
        ("2 млрд", Lang::Ru, vec!["2000000000"]),
        ("5 آلاف", Lang::Ar, vec!["5000"]),
        ("10:15", Lang::En, vec!["10:15"]),
        ("في 4.40 صباحًا", Lang::Ar, vec!["4:40"]),
        ("الساعة 09.05", Lang::Ar, vec!["9:05"]),
        ("в 4.40 утра", Lang::Ru, vec!["4:40"]),
        ("4:40 a.m.", Lang::En, vec!["4:40"]),
        // Without a time word, or not a clock reading: a value.
        ("4.40 دولار", Lang::Ar, vec!["4.4"]),
        ("4.75 صباحًا", Lang::Ar, vec!["4.75"]),
        ("في 09:05", Lang::Ar, vec!["9:05"]),
        ("2017-2018", Lang::En, vec!["2017", "2018"]),
        ("25th", Lang::En, vec!["25"]),
        ("F-16", Lang::En, vec!["16"]),
        ("3, 5", Lang::Ru, vec!["3", "5"]),
        ("25.10.2017", Lang::Ru, vec!["25", "2017"]),
        ("25/10/2017", Lang::Ar, vec!["25", "2017"]),
        ("٢٥/١٠/٢٠١٧", Lang::Ar, vec!["25", "2017"]),
        ("1/2/18", Lang::En, vec!["1", "18"]),
        // Not dates: separate numbers.
        ("40/13/2017", Lang::En, vec!["40", "13", "2017"]),
        ("24/7", Lang::En, vec!["24", "7"]),
        ("25 / 10 / 2017", Lang::En, vec!["25", "10", "2017"]),
        ("007", Lang::En, vec!["7"]),
        (
            "99999999999999999999999999999999999999999",
            Lang::En,
            vec![],
        ),
    ] {
        assert_eq!(keys(s, &lang, Number), want, "{s:?} ({lang})");
    }
}

#[test]
fn number_words_table() {
    use AnchorKind::Number;
    for (s, lang, want) in [
        ("thirty-two people", Lang::En, vec!["32"]),
        ("Thirty two people", Lang::En, vec!["32"]),
        ("two hundred and five cars", Lang::En, vec!["205"]),
        ("three million dollars", Lang::En, vec!["3000000"]),
        ("hundreds of people", Lang::En, vec!["100"]),
        ("one of them", Lang::En, vec![]),
        ("one hundred", Lang::En, vec!["100"]),
        ("Тридцать два процента", Lang::Ru, vec!["32"]),
        ("пятьдесят восемь процентов", Lang::Ru, vec!["58"]),
        ("двести двадцать", Lang::Ru, vec!["220"]),
        ("сто двадцать пять", Lang::Ru, vec!["125"]),
        ("три тысячи человек", Lang::Ru, vec!["3000"]),
        ("для двух стран", Lang::Ru, vec!["2"]),
        ("один из них", Lang::Ru, vec![]),
        ("اثنان وثلاثون شخصا", Lang::Ar, vec!["32"]),
        ("ثلاثة عشر", Lang::Ar, vec!["13"]),
        ("خمسة وعشرين عاما", Lang::Ar, vec!["25"]),
        ("ثلاثة آلاف", Lang::Ar, vec!["3000"]),
        ("بثلاثة أشهر", Lang::Ar, vec!["3"]),
        ("ثلاثمائة", Lang::Ar, vec!["300"]),
        ("أحد المسؤولين", Lang::Ar, vec![]),
        ("منذ شهرين", Lang::Ar, vec!["2"]),
        ("two months ago", Lang::En, vec!["2"]),
        ("два месяца назад", Lang::Ru, vec!["2"]),
        ("10 في المائة", Lang::Ar, vec!["10"]),
        ("عشرة بالمئة", Lang::Ar, vec!["10"]),
        // Digits and words side by side stay apart.
        ("5 and three", Lang::En, vec!["5", "3"]),
    ] {
        assert_eq!(keys(s, &lang, Number), want, "{s:?} ({lang})");
    }
}

#[test]
fn percent_marks() {
    for (s, lang) in [
        ("5%", Lang::En),
        ("٥٪", Lang::Ar),
        ("5 percent", Lang::En),
        ("5 процентов", Lang::Ru),
        ("5 بالمئة", Lang::Ar),
        ("5 في المئة", Lang::Ar),
    ] {
        assert_eq!(keys(s, &lang, AnchorKind::Punct), vec!["%"], "{s}");
    }
}

#[test]
fn months_table() {
    use AnchorKind::Date;
    for (s, lang, want) in [
        ("on October 25, 2017", Lang::En, vec!["10"]),
        ("on Oct. 25, 2017", Lang::En, vec!["10"]),
        ("in Sept. 2017", Lang::En, vec!["9"]),
        ("in January", Lang::En, vec!["1"]),
        ("in May", Lang::En, vec!["5"]),
        ("May 5", Lang::En, vec!["5"]),
        ("Theresa May said", Lang::En, vec![]),
        ("it may rain in march", Lang::En, vec![]),
        ("Jan Smith", Lang::En, vec![]),
        ("октябрь", Lang::Ru, vec!["10"]),
        ("25 октября", Lang::Ru, vec!["10"]),
        ("в октябре", Lang::Ru, vec!["10"]),
        ("октябрём", Lang::Ru, vec!["10"]),
        ("Октябрь", Lang::Ru, vec!["10"]),
        ("в мае и июне", Lang::Ru, vec!["5", "6"]),
        ("25 أكتوبر 2017", Lang::Ar, vec!["10"]),
        ("بأكتوبر", Lang::Ar, vec!["10"]),
        ("وفي اكتوبر", Lang::Ar, vec!["10"]),
        ("يونيه ويوليو", Lang::Ar, vec!["6", "7"]),
        ("أبريل ابريل إبريل", Lang::Ar, vec!["4", "4", "4"]),
        ("في كانون الثاني", Lang::Ar, vec!["1"]),
        ("وفي كانون الأول", Lang::Ar, vec!["12"]),
        ("بتشرين الأول", Lang::Ar, vec!["10"]),
        ("وتشرين الثاني", Lang::Ar, vec!["11"]),
        ("شباط وآذار", Lang::Ar, vec!["2", "3"]),
        ("15 آب", Lang::Ar, vec!["8"]),
        ("حزيران/يونيو", Lang::Ar, vec!["6", "6"]),
        ("آذار/مارس", Lang::Ar, vec!["3", "3"]),
        ("في 25/10/2017", Lang::Ar, vec!["10"]),
        ("في مارس الماضي", Lang::Ar, vec!["3"]),
        ("بمارس", Lang::Ar, vec!["3"]),
        // Ordinary words: "the first", "the second", "practised", "father".
        ("الأول والثاني", Lang::Ar, vec![]),
        ("مارس الضغط", Lang::Ar, vec![]),
        ("قال الأب", Lang::Ar, vec![]),
        ("كانون", Lang::Ar, vec![]),
    ] {
        assert_eq!(keys(s, &lang, Date), want, "{s:?} ({lang})");
    }
}

#[test]
fn weekdays_table() {
    use AnchorKind::Weekday;
    for (s, lang, want) in [
        ("on Monday", Lang::En, vec!["1"]),
        ("Sunday and Saturday", Lang::En, vec!["7", "6"]),
        ("в понедельник", Lang::Ru, vec!["1"]),
        ("в среду", Lang::Ru, vec!["3"]),
        ("к пятнице", Lang::Ru, vec!["5"]),
        ("в субботу и воскресенье", Lang::Ru, vec!["6", "7"]),
        ("с четвергом", Lang::Ru, vec!["4"]),
        ("يوم الاثنين", Lang::Ar, vec!["1"]),
        ("يوم الإثنين", Lang::Ar, vec!["1"]),
        ("الثلاثاء والأربعاء", Lang::Ar, vec!["2", "3"]),
        ("والخميس", Lang::Ar, vec!["4"]),
        ("يوم الجمعة", Lang::Ar, vec!["5"]),
        ("السبت", Lang::Ar, vec!["6"]),
        ("الأحد", Lang::Ar, vec!["7"]),
        ("sunday", Lang::En, vec![]),
    ] {
        assert_eq!(keys(s, &lang, Weekday), want, "{s:?} ({lang})");
    }
}

#[test]
fn latin_table() {
    use AnchorKind::Latin;
    for (s, lang, want) in [
        ("قال حلف الناتو NATO اليوم", Lang::Ar, vec!["nato"]),
        ("на самолете Il-96", Lang::Ru, vec!["il-96"]),
        ("وصل على متن Il-96 الروسية", Lang::Ar, vec!["il-96"]),
        (
            "عبر facebook و Twitter",
            Lang::Ar,
            vec!["facebook", "twitter"],
        ),
        (
            "موقع https://www.bbc.com/news/world.",
            Lang::Ar,
            vec!["bbc.com/news/world"],
        ),
        ("сайт www.kremlin.ru", Lang::Ru, vec!["kremlin.ru"]),
        ("عبر info@qna.org.qa", Lang::Ar, vec!["info@qna.org.qa"]),
        ("وسم #Qatar2022", Lang::Ar, vec!["#qatar2022"]),
        ("هاشتاغ (#قطر)", Lang::Ar, vec!["#قطر"]),
        ("аккаунт @kremlinrussia", Lang::Ru, vec!["@kremlinrussia"]),
        ("самолет Putin's", Lang::Ru, vec!["putin"]),
        // In English only distinctive tokens come out by themselves.
        (
            "NATO said on Facebook that F-16 jets and the iPhone",
            Lang::En,
            vec!["nato", "f-16", "iphone"],
        ),
        (
            "Visit https://example.com/a/ now",
            Lang::En,
            vec!["example.com/a"],
        ),
        ("25th and 5m", Lang::En, vec![]),
    ] {
        assert_eq!(keys(s, &lang, Latin), want, "{s:?} ({lang})");
    }
}

#[test]
fn punct_counts() {
    let k = keys("«Да?» (нет): «да!»", &Lang::Ru, AnchorKind::Punct);
    assert_eq!(k, vec!["\"", "?", "\"", "(", ":", "\"", "!", "\""]);
    let k = keys("هل؟ \"نعم\"", &Lang::Ar, AnchorKind::Punct);
    assert_eq!(k, vec!["?", "\"", "\""]);
    // The colon of a time is no punctuation anchor.
    assert!(keys("at 10:15", &Lang::En, AnchorKind::Punct).is_empty());
}

/// `extract_numbers` skips names and Latin compounds; it must still find
/// exactly the number anchors of the full scan (their keys feed a
/// confidence feature), in the same order, on every line of the ntrex-dev
/// articles in the three languages and on the line cut in two halves
/// (sentences that start or end mid-phrase).
#[test]
fn issue16_numbers_alone_match_the_full_scan() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/ntrex-dev/articles");
    let mut lines_seen = 0;
    let mut numbers_seen = 0;
    for (dir, lang) in [("ar", Lang::Ar), ("en", Lang::En), ("ru", Lang::Ru)] {
        let entries = std::fs::read_dir(root.join(dir)).expect("ntrex-dev articles");
        for entry in entries {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                let mid = line.char_indices().nth(line.chars().count() / 2);
                let halves = mid.map(|(at, _)| [&line[..at], &line[at..]]);
                for s in std::iter::once(line).chain(halves.into_iter().flatten()) {
                    let mut full = extract(s, &lang);
                    full.retain(|a| a.kind == AnchorKind::Number);
                    assert_eq!(extract_numbers(s, &lang), full, "{dir}: {s}");
                    numbers_seen += full.len();
                }
                lines_seen += 1;
            }
        }
    }
    // The data is there and holds numbers: the test compared something.
    assert!(
        lines_seen > 1000 && numbers_seen > 1000,
        "{lines_seen} {numbers_seen}"
    );
}
