//! Table-driven tests of anchor extraction and matching, by anchor class,
//! and the name-matching figures on the dev data.

use super::*;

mod dev;
mod doc;
mod names;
mod tokens;

fn keys(s: &str, lang: &Lang, kind: AnchorKind) -> Vec<String> {
    extract(s, lang)
        .into_iter()
        .filter(|a| a.kind == kind)
        .map(|a| a.key)
        .collect()
}

fn name_keys(s: &str, lang: &Lang) -> Vec<String> {
    keys(s, lang, AnchorKind::Name)
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}
