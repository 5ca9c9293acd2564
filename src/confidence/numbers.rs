//! The numbers of a run's sentences, for the confidence model's "numbers
//! differ" flag when the aligner reads no anchors (a length-only run),
//! read ahead on a core the aligner leaves idle.
//!
//! Why: without anchors the numbers are read from the text after the
//! alignment, on every core; on 20,000 sentences of real news that was
//! 100 ms of a 0.55 s length-only run, while the run's passes left one
//! core idle for about a quarter of their time (issue 16). A helper
//! thread at idle priority reads them meanwhile, taking only time no
//! other thread of the machine wants; whatever it has not read when the
//! features are made is read then, on every core. Each sentence's numbers
//! are read once, by whichever thread comes first, so the result does
//! not depend on who read what.

use super::features::number_keys;
use crate::aligner::Side;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Every sentence's numbers of a run's document pairs, read on demand or
/// ahead.
#[derive(Debug)]
pub struct TextNumbers<'d> {
    docs: &'d [(Side<'d>, Side<'d>)],
    /// Per sentence of the run (each document's source sentences, then
    /// its target sentences), its numbers once read.
    slots: Vec<OnceLock<Vec<String>>>,
    /// Where each document's source sentences start in `slots`.
    starts: Vec<usize>,
    /// The next sentence the helper reads.
    next: AtomicUsize,
}

impl<'d> TextNumbers<'d> {
    /// Nothing read yet.
    pub fn new(docs: &'d [(Side<'d>, Side<'d>)]) -> TextNumbers<'d> {
        let mut starts = Vec::with_capacity(docs.len());
        let mut total = 0;
        for (s, t) in docs {
            starts.push(total);
            total += s.sentences.len() + t.sentences.len();
        }
        TextNumbers {
            docs,
            slots: (0..total).map(|_| OnceLock::new()).collect(),
            starts,
            next: AtomicUsize::new(0),
        }
    }

    /// Stops [`TextNumbers::read_ahead`] at the next sentence.
    pub fn stop(&self) {
        self.next.store(self.slots.len(), Ordering::Relaxed);
    }

    /// Reads every sentence's numbers in order, skipping those read
    /// already, at the lowest priority the system offers: the helper
    /// thread's work.
    pub fn read_ahead(&self) {
        idle_priority();
        loop {
            let at = self.next.fetch_add(1, Ordering::Relaxed);
            if at >= self.slots.len() {
                return;
            }
            self.read(at);
        }
    }

    /// The numbers of sentence `at` (of `slots`), read if need be.
    fn read(&self, at: usize) -> &[String] {
        self.slots[at].get_or_init(|| {
            let k = self.starts.partition_point(|&s| s <= at) - 1;
            let (src, tgt) = &self.docs[k];
            let i = at - self.starts[k];
            let (sentence, lang) = match src.sentences.get(i) {
                Some(s) => (s, src.lang),
                None => (&tgt.sentences[i - src.sentences.len()], tgt.lang),
            };
            number_keys(sentence, lang)
        })
    }

    /// The numbers of document `k`'s source and target sentences, those
    /// not read yet read now on every core.
    pub fn of(&self, k: usize) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
        let (Some(&start), Some((src, tgt))) = (self.starts.get(k), self.docs.get(k)) else {
            return (Vec::new(), Vec::new());
        };
        let side = |from: usize, len: usize| -> Vec<Vec<String>> {
            (from..from + len)
                .into_par_iter()
                .map(|at| self.read(at).to_vec())
                .collect()
        };
        let n = src.sentences.len();
        (side(start, n), side(start + n, tgt.sentences.len()))
    }
}

/// Puts the calling thread at the idle scheduling class, where it runs only
/// on a core no other thread wants (Linux; elsewhere it keeps its
/// priority, and only reads what it gets to).
fn idle_priority() {
    #[cfg(target_os = "linux")]
    {
        let param = libc::sched_param { sched_priority: 0 };
        // SAFETY: `sched_setscheduler` reads the parameter struct, which
        // lives across the call; pid 0 is the calling thread, and lowering
        // its own priority needs no privilege. A failure leaves the thread
        // as it was.
        unsafe {
            libc::sched_setscheduler(0, libc::SCHED_IDLE, &param);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchors;
    use crate::lang::Lang;

    /// Read ahead, read on demand, or both at once: each sentence's
    /// numbers are those `extract_numbers` finds in it.
    #[test]
    fn issue16_numbers_read_ahead_are_the_numbers_read_on_demand() {
        let (ar, en) = (Lang::Ar, Lang::En);
        let src: Vec<String> = (0..40)
            .map(|i| format!("قال إن {} شخصا وصلوا في عام ٢٠٢{}", i * 7, i % 10))
            .collect();
        let tgt: Vec<String> = (0..35)
            .map(|i| {
                format!(
                    "He said {} people arrived, three of them in 202{}.",
                    i * 7,
                    i % 10
                )
            })
            .collect();
        let docs = vec![
            (
                Side {
                    sentences: &src[..25],
                    lang: &ar,
                },
                Side {
                    sentences: &tgt[..20],
                    lang: &en,
                },
            ),
            (
                Side {
                    sentences: &src[25..],
                    lang: &ar,
                },
                Side {
                    sentences: &tgt[20..],
                    lang: &en,
                },
            ),
        ];
        let expect = |sents: &[String], lang: &Lang| -> Vec<Vec<String>> {
            sents
                .iter()
                .map(|s| {
                    anchors::extract_numbers(s, lang)
                        .into_iter()
                        .map(|a| a.key)
                        .collect()
                })
                .collect()
        };
        let on_demand = TextNumbers::new(&docs);
        let ahead = TextNumbers::new(&docs);
        ahead.read_ahead();
        let both = TextNumbers::new(&docs);
        std::thread::scope(|s| {
            s.spawn(|| both.read_ahead());
            for (k, (s, t)) in docs.iter().enumerate() {
                let want = (expect(s.sentences, s.lang), expect(t.sentences, t.lang));
                assert!(want.0.iter().any(|n| !n.is_empty()), "no number found");
                assert_eq!(on_demand.of(k), want, "doc {k} on demand");
                assert_eq!(ahead.of(k), want, "doc {k} read ahead");
                assert_eq!(both.of(k), want, "doc {k} both");
            }
        });
        assert_eq!(on_demand.of(2), (Vec::new(), Vec::new()));
    }
}
