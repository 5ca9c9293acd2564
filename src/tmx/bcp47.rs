//! Whether a language tag is well-formed by the grammar of BCP 47 (RFC
//! 5646, section 2.1): language, then optional script, region, variants,
//! extensions and private use, each subtag of its own shape. The subtag
//! registry itself is not consulted (`qq` is well-formed, not valid), as
//! CAT tools check only the form.

fn alpha(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphabetic())
}

fn digit(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

fn alnum(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Why `tag` is not a well-formed BCP 47 tag, or `None` when it is.
pub fn problem(tag: &str) -> Option<&'static str> {
    if tag.contains('_') {
        return Some("subtags are joined with '-', not '_'");
    }
    let subtags: Vec<&str> = tag.split('-').collect();
    if subtags
        .iter()
        .any(|s| s.is_empty() || s.len() > 8 || !alnum(s))
    {
        return Some("subtags are 1 to 8 letters or digits");
    }
    let first = subtags[0];
    // A private-use tag (x-...) or a grandfathered irregular one (i-...).
    if first.eq_ignore_ascii_case("x") || first.eq_ignore_ascii_case("i") {
        return (subtags.len() < 2).then_some("x- and i- need a subtag after them");
    }
    if !(alpha(first) && (2..=8).contains(&first.len())) {
        return Some("it must start with a language code such as ar, en or ru");
    }
    let mut rest = subtags[1..].iter().peekable();
    // Extended language subtags: up to three of three letters, after a
    // two- or three-letter language.
    if first.len() <= 3 {
        let mut n = 0;
        while n < 3 && rest.peek().is_some_and(|s| s.len() == 3 && alpha(s)) {
            rest.next();
            n += 1;
        }
    }
    if rest.peek().is_some_and(|s| s.len() == 4 && alpha(s)) {
        rest.next(); // script
    }
    if rest
        .peek()
        .is_some_and(|s| (s.len() == 2 && alpha(s)) || (s.len() == 3 && digit(s)))
    {
        rest.next(); // region
    }
    while rest.peek().is_some_and(|s| {
        (5..=8).contains(&s.len()) || (s.len() == 4 && s.as_bytes()[0].is_ascii_digit())
    }) {
        rest.next(); // variants
    }
    let mut singletons = Vec::new();
    while let Some(s) = rest.next() {
        if s.len() != 1 {
            return Some("a subtag is out of place (language, script, region, variant order)");
        }
        let c = s.to_ascii_lowercase();
        if c == "x" {
            // Private use runs to the end: subtags of 1 to 8 characters.
            return rest
                .next()
                .is_none()
                .then_some("x- needs a subtag after it");
        }
        if singletons.contains(&c) {
            return Some("an extension appears twice");
        }
        singletons.push(c);
        let mut n = 0;
        while rest.peek().is_some_and(|s| s.len() >= 2) {
            rest.next();
            n += 1;
        }
        if n == 0 {
            return Some("an extension needs subtags of 2 to 8 characters");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_5646_examples() {
        for good in [
            "ar",
            "en",
            "ru",
            "ar-SA",
            "arb",
            "zh-Hant-TW",
            "sr-Latn-RS",
            "es-419",
            "zh-yue-HK",
            "de-CH-1901",
            "sl-rozaj-biske",
            "en-US-u-islamcal",
            "en-a-myext-b-another",
            "en-US-x-twain",
            "x-klingon",
            "i-klingon",
            "qaa",
            "AR-sa",
        ] {
            assert_eq!(problem(good), None, "{good}");
        }
        for bad in [
            "",
            "e",
            "*all*",
            "ar_SA",
            "ar-",
            "ar--SA",
            "ar-toolongsubtag",
            "x",
            "ar SA",
            "1a",
            "de-419-DE",
            "a-DE",
            "ar-a",
            "en-a-bbb-a-ccc",
            "en-x",
            "ar-SA-SA",
        ] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }
}
