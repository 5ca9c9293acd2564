use super::*;
use proptest::prelude::*;

/// Splits `input` with the built-in rules of `lang` and compares with the
/// sentences expected, joined with `|`.
fn check(lang: &Lang, cases: &[(&str, &str)]) {
    let seg = Segmenter::new(lang);
    for (input, want) in cases {
        let got = seg.split(input).join("|");
        assert_eq!(&got, want, "{lang}: {input}");
    }
}

#[test]
fn english_rules() {
    check(
        &Lang::En,
        &[
            // Terminators, and whitespace needed after them.
            ("One. Two! Three? Four.", "One.|Two!|Three?|Four."),
            ("What?! Really.", "What?!|Really."),
            ("Wait... Then it came.", "Wait...|Then it came."),
            ("Wait… Then it came.", "Wait…|Then it came."),
            // Closing quotes and brackets stay with the sentence.
            (
                "He said \"no.\" Then he left.",
                "He said \"no.\"|Then he left.",
            ),
            ("He said “no.” Then he left.", "He said “no.”|Then he left."),
            ("(It was late.) We left.", "(It was late.)|We left."),
            ("It was 'fine.' We left.", "It was 'fine.'|We left."),
            // A quote that opens the next sentence goes with it.
            (
                "He left. \"Why?\" she asked.",
                "He left.|\"Why?\" she asked.",
            ),
            // A lower-case next word never starts a sentence.
            ("\"Why?\" she asked. Fine.", "\"Why?\" she asked.|Fine."),
            (
                "They chanted \"Go!\" as they marched.",
                "They chanted \"Go!\" as they marched.",
            ),
            ("He paused ... then went on.", "He paused ... then went on."),
            // Numbers, URLs, e-mail addresses.
            (
                "Growth was 3.5 percent. It fell.",
                "Growth was 3.5 percent.|It fell.",
            ),
            (
                "It cost $1,000.25 in all. Fine.",
                "It cost $1,000.25 in all.|Fine.",
            ),
            (
                "See https://example.com/a.html for more. Go.",
                "See https://example.com/a.html for more.|Go.",
            ),
            (
                "Visit www.example.org. Then call.",
                "Visit www.example.org.|Then call.",
            ),
            (
                "Mail john.doe@example.co.uk today. Bye.",
                "Mail john.doe@example.co.uk today.|Bye.",
            ),
            // Initials.
            (
                "J. F. Kennedy was shot in 1963.",
                "J. F. Kennedy was shot in 1963.",
            ),
            ("George W. Bush called.", "George W. Bush called."),
            (
                "She got a grade A. The rest failed.",
                "She got a grade A.|The rest failed.",
            ),
            // Titles never end a sentence.
            (
                "Mr. Smith met Dr. Ford and Gen. Lee.",
                "Mr. Smith met Dr. Ford and Gen. Lee.",
            ),
            (
                "Sen. Jeff Flake and Gov. Brown spoke.",
                "Sen. Jeff Flake and Gov. Brown spoke.",
            ),
            ("Ask Mrs. Jones or Ms. Lee.", "Ask Mrs. Jones or Ms. Lee."),
            ("Roe v. Wade stands.", "Roe v. Wade stands."),
            (
                "Fruit, e.g. apples, i.e. food.",
                "Fruit, e.g. apples, i.e. food.",
            ),
            // Months: not before a day, but before a capitalised word.
            ("On Dec. 26 it struck.", "On Dec. 26 it struck."),
            ("It opens Sept. 3 again.", "It opens Sept. 3 again."),
            (
                "Closed until Oct. President Widodo came.",
                "Closed until Oct.|President Widodo came.",
            ),
            // Abbreviations that may end a sentence: the next word decides.
            (
                "The U.S. Department of Justice said so.",
                "The U.S. Department of Justice said so.",
            ),
            (
                "He lives in the U.S. The rest is history.",
                "He lives in the U.S.|The rest is history.",
            ),
            (
                "He went to the U.N. General Assembly.",
                "He went to the U.N. General Assembly.",
            ),
            (
                "The U.K. and the U.S. agreed.",
                "The U.K. and the U.S. agreed.",
            ),
            (
                "At 5 a.m. Eastern time it hit.",
                "At 5 a.m. Eastern time it hit.",
            ),
            (
                "It hit at 5 a.m. The town slept.",
                "It hit at 5 a.m.|The town slept.",
            ),
            (
                "It starts at 7 p.m. tonight.",
                "It starts at 7 p.m. tonight.",
            ),
            (
                "Apples, pears, etc. are fruit.",
                "Apples, pears, etc. are fruit.",
            ),
            (
                "Apples, pears, etc. Then we ate.",
                "Apples, pears, etc.|Then we ate.",
            ),
            (
                "He works for Acme Inc. The firm grew.",
                "He works for Acme Inc.|The firm grew.",
            ),
            ("A Ph.D. student spoke.", "A Ph.D. student spoke."),
            ("See No. 5 and Fig. 2 below.", "See No. 5 and Fig. 2 below."),
            // Short unlisted words before a number, and list numbers.
            ("See p. 298 for it.", "See p. 298 for it."),
            ("1. The first point.", "1. The first point."),
            (
                "It was 2014. The year ended.",
                "It was 2014.|The year ended.",
            ),
            ("It was over. 2004 came.", "It was over.|2004 came."),
            // Nothing left but punctuation: it stays.
            ("It ended. \"", "It ended. \""),
            ("...", "..."),
            ("", ""),
        ],
    );
}

#[test]
fn russian_rules() {
    check(
        &Lang::Ru,
        &[
            ("Это первое. Это второе!", "Это первое.|Это второе!"),
            ("Правда? Да.", "Правда?|Да."),
            // Closing guillemets stay with the sentence.
            (
                "Он сказал: «Нет.» Потом ушёл.",
                "Он сказал: «Нет.»|Потом ушёл.",
            ),
            (
                "«Мы готовы», — сказал он. «Начнём».",
                "«Мы готовы», — сказал он.|«Начнём».",
            ),
            // A lower-case next word: direct speech goes on.
            (
                "«Ноябрь впереди!» — кричали они.",
                "«Ноябрь впереди!» — кричали они.",
            ),
            (
                "«Ноябрь впереди!» напротив Сената.",
                "«Ноябрь впереди!» напротив Сената.",
            ),
            (
                "Ммм... ммм..., какого документа?",
                "Ммм... ммм..., какого документа?",
            ),
            // Initials.
            (
                "В. В. Путин прибыл в Москву.",
                "В. В. Путин прибыл в Москву.",
            ),
            (
                "Встречу провёл А. С. Пушкин. Все пришли.",
                "Встречу провёл А. С. Пушкин.|Все пришли.",
            ),
            // Numbers.
            (
                "Рынок оценивается в 2,8 млрд фунтов. Он растёт.",
                "Рынок оценивается в 2,8 млрд фунтов.|Он растёт.",
            ),
            ("Курс 3.5 процента. Всё.", "Курс 3.5 процента.|Всё."),
            // Abbreviations.
            ("Это было в 2017 г. в июне.", "Это было в 2017 г. в июне."),
            (
                "В июне 2017 г. г-н Трамп приехал.",
                "В июне 2017 г. г-н Трамп приехал.",
            ),
            (
                "Это было в 1870 г. В тот год всё изменилось.",
                "Это было в 1870 г.|В тот год всё изменилось.",
            ),
            ("Он живёт в г. Москва давно.", "Он живёт в г. Москва давно."),
            (
                "Ураган (в 1967 г.) прошёл рядом.",
                "Ураган (в 1967 г.) прошёл рядом.",
            ),
            ("Там 3 тыс. наименований.", "Там 3 тыс. наименований."),
            (
                "Собрано 5 млн. руб. Это много.",
                "Собрано 5 млн. руб.|Это много.",
            ),
            (
                "Яблоки, груши и т.д. Всё это фрукты.",
                "Яблоки, груши и т.д.|Всё это фрукты.",
            ),
            (
                "Яблоки, груши и т. д. Всё это фрукты.",
                "Яблоки, груши и т. д.|Всё это фрукты.",
            ),
            (
                "Фрукты, т.е. еда, и т.п. вещи.",
                "Фрукты, т.е. еда, и т.п. вещи.",
            ),
            (
                "Он живёт на ул. Ленина с 1990 года.",
                "Он живёт на ул. Ленина с 1990 года.",
            ),
            ("Театр им. Пушкина открыт.", "Театр им. Пушкина открыт."),
            ("Выступил проф. Иванов.", "Выступил проф. Иванов."),
            (
                "Колокола церкви Св. Мартина молчат.",
                "Колокола церкви Св. Мартина молчат.",
            ),
            // English abbreviations inside Russian text.
            (
                "Марки Revlon и Dr. PawPaw впервые.",
                "Марки Revlon и Dr. PawPaw впервые.",
            ),
            (
                "Пишите на info@example.ru. Ждём.",
                "Пишите на info@example.ru.|Ждём.",
            ),
        ],
    );
}

#[test]
fn arabic_rules() {
    check(
        &Lang::Ar,
        &[
            // Sentences in the style of the seed article.
            (
                "ووصل شويغو إلى الدوحة في وقت سابق اليوم. وأكد وزير الدفاع الروسي أنه خطّط لأن يبحث مع نظيره القطري القضايا المتعلقة بأمن المنطقة، خاصة الأوضاع في سورية. مشيراً إلى سروره بالاستفادة من الدعوة.",
                "ووصل شويغو إلى الدوحة في وقت سابق اليوم.|وأكد وزير الدفاع الروسي أنه خطّط لأن يبحث مع نظيره القطري القضايا المتعلقة بأمن المنطقة، خاصة الأوضاع في سورية.|مشيراً إلى سروره بالاستفادة من الدعوة.",
            ),
            (
                "وقال شويغو: \"آمل أن تخدم محادثاتنا مصلحة التعاون\". واعتبر الوزير أن الزيارة مهمة.",
                "وقال شويغو: \"آمل أن تخدم محادثاتنا مصلحة التعاون\".|واعتبر الوزير أن الزيارة مهمة.",
            ),
            // Arabic question mark, exclamation, closing quotes.
            ("هل تريدون رؤيته؟ قال ذلك.", "هل تريدون رؤيته؟|قال ذلك."),
            ("قال: «لا!» ثم غادر.", "قال: «لا!»|ثم غادر."),
            ("قال \"نعم؟\" ثم غادر.", "قال \"نعم؟\"|ثم غادر."),
            ("انتهى الأمر۔ ثم بدأ غيره.", "انتهى الأمر۔|ثم بدأ غيره."),
            // Numbers with both separators.
            ("بلغت النسبة 3.5 في المئة. وارتفعت.", "بلغت النسبة 3.5 في المئة.|وارتفعت."),
            ("بلغ عدد السكان 299,200 نسمة. وهم كثر.", "بلغ عدد السكان 299,200 نسمة.|وهم كثر."),
            ("بلغت ٣٫٥ في المئة. وارتفعت.", "بلغت ٣٫٥ في المئة.|وارتفعت."),
            // An ellipsis is a pause in Arabic.
            ("إنهم صغار ... إنهم لا يؤذون.", "إنهم صغار ... إنهم لا يؤذون."),
            ("وما زال العدّ مستمرًا... هو اليوم.", "وما زال العدّ مستمرًا... هو اليوم."),
            // Abbreviations.
            ("قال د. أحمد إن الوضع صعب.", "قال د. أحمد إن الوضع صعب."),
            ("حضر أ.د. محمد الاجتماع.", "حضر أ.د. محمد الاجتماع."),
            ("قال م. خالد ذلك.", "قال م. خالد ذلك."),
            ("وُلد عام 1950 م. وتوفي بعدها.", "وُلد عام 1950 م.|وتوفي بعدها."),
            ("انظر ص. 5 من الكتاب.", "انظر ص. 5 من الكتاب."),
            ("زار موقع www.aljazeera.net. وقرأ الخبر.", "زار موقع www.aljazeera.net.|وقرأ الخبر."),
            ("يُسمى الجهاز Il-96. ووصل أمس.", "يُسمى الجهاز Il-96.|ووصل أمس."),
            // A quotation that closes without a period, and the next one
            // opening right after it, split even so.
            (
                "يمكن أن يكون \"محفزًا\" \"إنهم متسمون بالود.",
                "يمكن أن يكون \"محفزًا\"|\"إنهم متسمون بالود.",
            ),
            ("قال «لا أعرف» «سأعود غدًا».", "قال «لا أعرف»|«سأعود غدًا»."),
            ("وقالت ”لم يدرِ أحد\" “رأسي كان مطأطأ.", "وقالت ”لم يدرِ أحد\"|“رأسي كان مطأطأ."),
            // A quoted word, or quotes with space on both sides, do not.
            ("مسألة \"تشيكرز\" ليست محببة.", "مسألة \"تشيكرز\" ليست محببة."),
            ("قلت: \" \" رئيسة الوزراء.", "قلت: \" \" رئيسة الوزراء."),
            ("\"\" \"نعم\"", "\"\" \"نعم\""),
        ],
    );
}

#[test]
fn other_languages_get_generic_rules() {
    check(
        &Lang::Other("de".into()),
        &[
            ("Das ist gut. Wir gehen.", "Das ist gut.|Wir gehen."),
            (
                "Herr K. Müller kam. Er ging.",
                "Herr K. Müller kam.|Er ging.",
            ),
            ("Es kostet 3.5 Euro.", "Es kostet 3.5 Euro."),
            // English titles are shared; English classes are not.
            ("Arbeit von Dr. Toni Hagen.", "Arbeit von Dr. Toni Hagen."),
            ("Die Alpen, Nr. 4, S. 295.", "Die Alpen, Nr. 4, S. 295."),
            (
                "Am 5. Juni kam er. Dann ging er.",
                "Am 5.|Juni kam er.|Dann ging er.",
            ),
        ],
    );
    check(
        &Lang::Other("fa".into()),
        &[(
            "این خوب است. ما می‌رویم؟ بله!",
            "این خوب است.|ما می‌رویم؟|بله!",
        )],
    );
}

#[test]
fn builtin_lists_parse() {
    for lang in [Lang::En, Lang::Ru, Lang::Ar] {
        let text = rules::builtin_list(&lang).unwrap();
        if let Err((line, msg)) = rules::Abbreviations::parse(text) {
            panic!("{lang} list, line {line}: {msg}");
        }
    }
    assert!(rules::Abbreviations::parse("Mr. bogus").is_err());
    assert!(rules::Abbreviations::parse("Mr").is_err());
    assert!(rules::Abbreviations::parse("# c\n\nMr. title # x\n+The\n").is_ok());
}

#[test]
fn segment_text_keeps_paragraph_ends_hard() {
    let seg = Segmenter::new(&Lang::En);
    let text = "Title without stop\n\nOne. Two\nThree and Mr.\nSmith.\n";
    assert_eq!(
        segment_text(text, &seg),
        [
            "Title without stop",
            "One.",
            "Two",
            "Three and Mr.",
            "Smith."
        ]
    );
}

proptest! {
    #[test]
    fn pieces_are_ordered_trimmed_substrings(
        s in "[ a-zA-Zа-яА-Я\u{0627}-\u{064A}0-9.!?…؟\"«»()'\n\t-]{0,80}",
        lang in prop::sample::select(vec!["ar", "en", "ru", "de"]),
    ) {
        let seg = Segmenter::new(&Lang::parse(lang).unwrap());
        check_invariants(&seg, &s)?;
    }

    #[test]
    fn any_string_is_split_safely(s in any::<String>()) {
        for lang in [Lang::Ar, Lang::En, Lang::Ru] {
            check_invariants(&Segmenter::new(&lang), &s)?;
        }
    }
}

fn check_invariants(seg: &Segmenter, s: &str) -> std::result::Result<(), TestCaseError> {
    let pieces = seg.split(s);
    let base = s.as_ptr() as usize;
    let mut last_end = 0;
    for p in &pieces {
        prop_assert!(!p.is_empty());
        prop_assert_eq!(p.trim(), *p);
        let start = p.as_ptr() as usize - base;
        prop_assert!(start >= last_end, "overlap or out of order");
        prop_assert_eq!(&s[start..start + p.len()], *p);
        last_end = start + p.len();
    }
    let squash = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    prop_assert_eq!(squash(&pieces.concat()), squash(s.trim()));
    // Counting takes a short cut for lines the rules cannot split.
    prop_assert_eq!(seg.count(s), pieces.len().max(1));
    Ok(())
}

/// Issue 16: a sentence is counted as one without running the rules when
/// nothing in it could end a sentence, and by the rules otherwise.
#[test]
fn issue16_count_skips_the_rules_only_where_they_cannot_split() {
    let seg = Segmenter::new(&Lang::En);
    for (text, quick, count) in [
        ("He came home.", true, 1),
        ("He said \"no.\")", true, 1),
        ("He came home?!\u{201D}", true, 1),
        ("He came. She left.", false, 2),
        ("Pi is 3.14 today", false, 1),
        ("He said \"no\" \"Yes,\" she said.", false, 2),
        ("A \u{201C}quote\u{201D} inside.", false, 1),
        ("", true, 1),
    ] {
        assert_eq!(rules::cannot_split(text), quick, "{text}");
        assert_eq!(seg.count(text), count, "{text}");
        assert_eq!(seg.split(text).len().max(1), count, "{text}");
    }
}

#[test]
fn long_runs_of_punctuation_stay_fast() {
    // Quadratic scans would take minutes on these.
    let seg = Segmenter::new(&Lang::En);
    let dots = ". ".repeat(100_000);
    assert_eq!(seg.split(&dots).len(), 1);
    let many = "Go. ".repeat(50_000);
    assert_eq!(seg.split(&many).len(), 50_000);
}
