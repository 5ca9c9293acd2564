//! Synthetic collections for benchmarks and tests.

use super::Article;
use crate::lang::Lang;
use crate::rng::XorShift;

fn word(rng: &mut XorShift, letters: &[char], min: usize, max: usize) -> String {
    let n = min + rng.below(max - min + 1);
    (0..n).map(|_| letters[rng.below(letters.len())]).collect()
}

/// A synthetic Arabic/English collection of about `n` articles a side, for
/// benchmarks: Arabic articles of random Arabic-script words, English
/// "translations" of random English words, sharing their numbers and
/// Latin-script names (drawn from a pool, so unrelated articles share some
/// names too) in the same order. About 10% of the Arabic and 15% of the
/// English articles have no counterpart. The English side is shuffled.
///
/// Returns both sides and the true pairs as `(arabic, english)` indices.
pub fn synthetic_collection(
    n: usize,
    seed: u64,
) -> (Vec<Article>, Vec<Article>, Vec<(usize, usize)>) {
    let mut rng = XorShift::new(seed);
    let ar_letters: Vec<char> = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect();
    let en_letters: Vec<char> = "abcdefghijklmnopqrstuvwxyz".chars().collect();
    let ar_vocab: Vec<String> = (0..5000)
        .map(|_| word(&mut rng, &ar_letters, 2, 8))
        .collect();
    let en_vocab: Vec<String> = (0..5000)
        .map(|_| word(&mut rng, &en_letters, 2, 9))
        .collect();
    let names: Vec<String> = (0..(n * 2).max(100))
        .map(|_| {
            let w = word(&mut rng, &en_letters, 5, 10);
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    let mut ar = Vec::with_capacity(n);
    let mut en_ordered: Vec<(Option<usize>, String)> = Vec::with_capacity(n);
    for i in 0..n {
        let sentences = 5 + rng.below(11);
        let (mut at, mut et) = (String::new(), String::new());
        for _ in 0..sentences {
            let words = 8 + rng.below(13);
            let mut a_words = Vec::new();
            let mut e_words = Vec::new();
            for k in 0..words {
                a_words.push(ar_vocab[rng.below(ar_vocab.len())].clone());
                let mut e = en_vocab[rng.below(en_vocab.len())].clone();
                if k == 0 {
                    e = e.to_ascii_uppercase();
                    e.truncate(1);
                    e.push_str(&en_vocab[rng.below(en_vocab.len())]);
                }
                e_words.push(e);
            }
            if rng.below(10) < 4 {
                let num = (1 + rng.below(99_999)).to_string();
                a_words.insert(rng.below(a_words.len()), num.clone());
                e_words.insert(1 + rng.below(e_words.len() - 1), num);
            }
            if rng.below(10) < 3 {
                let name = names[rng.below(names.len())].clone();
                a_words.insert(rng.below(a_words.len()), name.clone());
                e_words.insert(1 + rng.below(e_words.len() - 1), name);
            }
            at.push_str(&a_words.join(" "));
            at.push_str(".\n");
            et.push_str(&e_words.join(" "));
            et.push_str(".\n");
        }
        // 10% of the Arabic articles lose their counterpart.
        if rng.below(10) != 0 {
            en_ordered.push((Some(i), et));
        }
        ar.push(Article {
            id: format!("ar{i:06}.txt"),
            lang: Lang::Ar,
            text: at,
            date: None,
        });
    }
    // English orphans: 15% of the English side, written from scratch.
    let orphans = en_ordered.len() * 15 / 85;
    for _ in 0..orphans {
        let mut et = String::new();
        for _ in 0..5 + rng.below(11) {
            let words: Vec<String> = (0..8 + rng.below(13))
                .map(|_| en_vocab[rng.below(en_vocab.len())].clone())
                .collect();
            et.push_str(&words.join(" "));
            if rng.below(10) < 4 {
                et.push_str(&format!(" {}", 1 + rng.below(99_999)));
            }
            et.push_str(".\n");
        }
        en_ordered.push((None, et));
    }
    // Fisher-Yates with the same generator.
    for i in (1..en_ordered.len()).rev() {
        let j = rng.below(i + 1);
        en_ordered.swap(i, j);
    }
    let mut gold = Vec::new();
    let en = en_ordered
        .into_iter()
        .enumerate()
        .map(|(j, (src, text))| {
            if let Some(i) = src {
                gold.push((i, j));
            }
            Article {
                id: format!("en{j:06}.txt"),
                lang: Lang::En,
                text,
                date: None,
            }
        })
        .collect();
    gold.sort_unstable();
    (ar, en, gold)
}
