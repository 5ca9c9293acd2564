use super::*;
use crate::align::Bead;

/// Issue 16: the lexicon rounds search around the round before's path;
/// the band still widens where the path leaves it, so a guide that is
/// far off finds the same alignment as the coarse length guide.
#[test]
fn issue16_search_near_an_earlier_path() {
    use crate::lang::Lang;
    let mut rng = crate::rng::XorShift::new(16);
    let (mut src, mut tgt) = (Vec::new(), Vec::new());
    for k in 0..120 {
        let len = 20 + rng.below(120);
        src.push("a".repeat(len));
        match k % 9 {
            // A merge: two target sentences for one source sentence.
            3 => {
                tgt.push("b".repeat(len / 2));
                tgt.push("b".repeat(len - len / 2 + 3));
            }
            // An omission on the target side.
            7 => {}
            _ => tgt.push("b".repeat(len + rng.below(9))),
        }
    }
    let lang = Lang::En;
    let (s, t) = (
        Side {
            sentences: &src,
            lang: &lang,
        },
        Side {
            sentences: &tgt,
            lang: &lang,
        },
    );
    let cfg = AlignConfig::default();
    let p = PreparedPair::new(s, t, &cfg);
    let plain = align_prepared(&p, &cfg, None);
    let near = align_prepared_near(&p, &cfg, None, Some(&plain.beads));
    assert_eq!(near.beads, plain.beads);
    // A guide that runs along the far edges of the matrix.
    let (n, m) = (src.len(), tgt.len());
    let off = [
        Bead {
            src: 0..0,
            tgt: 0..m,
            score: 0.0,
            ..Default::default()
        },
        Bead {
            src: 0..n,
            tgt: m..m,
            score: 0.0,
            ..Default::default()
        },
    ];
    let far = align_prepared_near(&p, &cfg, None, Some(&off));
    assert_eq!(far.beads, plain.beads);
}
