//! A readable account of an alignment, bead by bead: why each group of
//! sentences was linked (`mizan align --explain`).

use super::DocAlignment;
use crate::aligner::BeadExplanation;
use std::io;

/// Writes the explanation of one document.
///
/// For each bead: its number, sentence numbers, shape and confidence; its
/// cost split into the length part, the shape prior, the anchor bonus, the
/// anchor penalty, the lexicon's bonus and the sentence balance (lower is
/// better); the anchors both sides share; and
/// the text of both sides.
pub fn write_explanation<W: io::Write>(
    w: &mut W,
    doc: &DocAlignment<'_>,
    explained: &[BeadExplanation],
) -> io::Result<()> {
    writeln!(w, "# {}: {} links", doc.name, explained.len())?;
    for (k, e) in explained.iter().enumerate() {
        let b = &e.bead;
        let ids = |r: &std::ops::Range<usize>| {
            r.clone()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(
            w,
            "\n[{k}] [{}]:[{}]  {}  confidence {:.2}",
            ids(&b.src),
            ids(&b.tgt),
            b.shape_label(),
            b.score
        )?;
        let p = &e.parts;
        writeln!(
            w,
            "    cost {:.2} = length {:.2} + shape {:.2} - anchors {:.2} + unmatched anchors {:.2} - lexicon {:.2} + sentence balance {:.2}",
            p.total(),
            p.length,
            p.prior,
            p.anchor_bonus,
            p.anchor_penalty,
            p.lexical_bonus,
            p.sentences
        )?;
        if e.anchors.is_empty() {
            if !b.src.is_empty() && !b.tgt.is_empty() {
                writeln!(w, "    anchors: none shared")?;
            }
        } else {
            let list: Vec<String> = e
                .anchors
                .iter()
                .map(|m| {
                    format!(
                        "{} {} = {} ({:.2})",
                        m.src.kind.label(),
                        m.src.surface,
                        m.tgt.surface,
                        m.weight
                    )
                })
                .collect();
            writeln!(w, "    anchors: {}", list.join("; "))?;
        }
        for i in b.src.clone() {
            writeln!(w, "    src {i}: {}", one_line(doc.src.get(i)))?;
        }
        for j in b.tgt.clone() {
            writeln!(w, "    tgt {j}: {}", one_line(doc.tgt.get(j)))?;
        }
    }
    writeln!(w)
}

fn one_line(s: Option<&String>) -> String {
    s.map(|s| s.replace(['\n', '\r'], " ")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aligner::{align_sentences, explain, AlignConfig, Side};
    use crate::lang::Lang;

    #[test]
    fn explains_matched_anchors_and_cost_parts() {
        let src: Vec<String> = [
            "وصل شويغو إلى الدوحة يوم 25 أكتوبر.",
            "وشكر مضيفيه على الدعوة.",
        ]
        .map(String::from)
        .to_vec();
        let tgt: Vec<String> = [
            "Shoigu arrived in Doha on 25 October.",
            "He thanked his hosts for the invitation.",
        ]
        .map(String::from)
        .to_vec();
        let (s, t) = (
            Side {
                sentences: &src,
                lang: &Lang::Ar,
            },
            Side {
                sentences: &tgt,
                lang: &Lang::En,
            },
        );
        let cfg = AlignConfig::default();
        let al = align_sentences(s, t, &cfg);
        let ex = explain(s, t, &cfg, &al);
        let doc = DocAlignment {
            name: "seed",
            src: &src,
            tgt: &tgt,
            beads: &al.beads,
        };
        let mut out = Vec::new();
        write_explanation(&mut out, &doc, &ex).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("# seed: 2 links\n\n[0] [0]:[0]  1-1  confidence"),
            "{text}"
        );
        assert!(text.contains("name شويغو = Shoigu"), "{text}");
        assert!(text.contains("number 25 = 25"), "{text}");
        assert!(text.contains("+ sentence balance 0.00\n"), "{text}");
        assert!(text.contains("month أكتوبر = October"), "{text}");
        assert!(
            text.contains("    src 1: وشكر مضيفيه على الدعوة."),
            "{text}"
        );
        // The parts add up to the total printed.
        for e in &ex {
            let p = e.parts;
            assert!(
                (p.length + p.prior - p.anchor_bonus + p.anchor_penalty - p.lexical_bonus
                    + p.sentences
                    - p.total())
                .abs()
                    < 1e-12
            );
        }
    }
}
