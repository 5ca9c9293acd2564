//! Aligning two lists of sentences: measures them, builds the bead cost
//! and runs the search. This is the library's main entry point for one
//! document pair.

use crate::align::shape::{prior, Shape};
use crate::align::{self, Bead, Bounded, SearchParams};
use crate::anchors::{AnchorMatch, DocAnchors};
use crate::cost::combined::CostParts;
use crate::cost::length::{chain_ratio, LOPSIDED};
use crate::cost::{
    first_ratio, fit_ratio, robust_totals, BeadCost, CombinedCost, CostWeights, LengthCost,
    LengthParams, SentenceBalance,
};
use crate::lang::Lang;
use crate::lexicon::DocScorer;
use crate::normalize::{is_debris, match_len};
use crate::segment::Segmenter;
use rayon::prelude::*;

mod rivals;

use rivals::rivals;
pub use rivals::Rivals;

/// Everything that steers the alignment of one document pair.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignConfig {
    /// The length model.
    pub length: LengthParams,
    /// The search.
    pub search: SearchParams,
    /// Use anchor tokens (numbers, dates, names, Latin tokens,
    /// punctuation); without them the cost is length alone.
    pub anchors: bool,
    /// How anchors weigh in the cost.
    pub weights: CostWeights,
    /// How sentence counts inside lines weigh in links (fitted to an
    /// earlier pass by [`crate::corpus::align_corpus`]); none by default.
    pub sentences: Option<SentenceBalance>,
    /// Alignment passes (at least 1). Each pass after the first refits the
    /// length ratio and the omission rate from the confident beads of the
    /// pass before; see [`align_sentences`].
    pub passes: usize,
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig {
            length: LengthParams::default(),
            search: SearchParams::default(),
            anchors: true,
            weights: CostWeights::default(),
            sentences: None,
            passes: 3,
        }
    }
}

/// One side of a document pair: its sentences and language.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The sentences, exactly as in the input.
    pub sentences: &'a [String],
    /// The language.
    pub lang: &'a Lang,
}

/// The result of aligning one document pair: the beads, and the length
/// model as fitted to this pair (so the costs can be explained).
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// The beads, in order, covering every sentence of both sides once.
    pub beads: Vec<Bead>,
    /// The length model of the final pass: ratio and skip costs fitted.
    pub length: LengthParams,
    /// The sentence-balance model of the final pass, if it had one.
    pub sentences: Option<SentenceBalance>,
    /// Whether the final pass's search stopped at its size limit
    /// ([`crate::align::max_band_cells`]) with the best path still on the
    /// band's edge: the sides are too unlike for the alignment to be
    /// trusted, and a caller should say so.
    pub band_limited: bool,
}

/// Beads of a pass with at least this confidence are trusted to refit the
/// length ratio. Half is where a bead is more likely right than wrong; on
/// ntrex-dev, 0.3 and 0.7 both scored lower (strict F1 -0.01 to -0.04 on
/// the abridged sets).
const CONFIDENT: f64 = 0.5;

/// Half-width of the band a lexicon round searches around the path of the
/// round before, widened as any band is when the path found touches its
/// edge. The round before found nearly the same path: on a
/// 20,000-sentence pair of real news, 8 found the path 16 found and saved
/// an eighth of the run (the search prices the lexical score's bound for
/// every sentence pair of its band); 4 was slower, as somewhere along so
/// long a path the narrow band was touched and the whole search ran again
/// twice as wide.
const NEAR_BAND: usize = 8;

/// Aligns the sentences of a document with those of its translation.
///
/// Every sentence of both sides ends up in exactly one bead, in order;
/// sentences without counterpart get 1-0 or 0-1 beads.
///
/// By default three passes: the first uses the length ratio of the totals and Gale
/// and Church's priors. That ratio is biased when one side lost part of the
/// text (an abridged counterpart), so the next pass refits it from the
/// first pass's confident 1-1 beads, estimates from it how much of each
/// side has no counterpart, and makes leaving a sentence out as likely as
/// that share says (never less likely than Gale and Church's prior). The
/// third pass repeats the refit from the second's beads. With a ratio
/// given in the config, one pass is made. On ntrex-dev the later passes
/// matter most for abridged counterparts (docs/QUALITY.md compares one pass
/// with three).
pub fn align_sentences(src: Side<'_>, tgt: Side<'_>, cfg: &AlignConfig) -> Alignment {
    align_prepared(&PreparedPair::new(src, tgt, cfg), cfg, None)
}

/// [`align_sentences`] on a prepared pair, with lexical evidence when a
/// scorer for the pair is given (the second pass of
/// [`crate::corpus::align_corpus`]).
pub fn align_prepared(
    prepared: &PreparedPair,
    cfg: &AlignConfig,
    lexicon: Option<&DocScorer<'_>>,
) -> Alignment {
    align_prepared_near(prepared, cfg, lexicon, None)
}

/// [`align_prepared`], searching first around the path of an earlier
/// alignment of the same pair (the lexicon rounds start from the round
/// before) instead of around the coarse length-only guide. The search
/// still widens wherever the best path reaches the edge of the band.
///
/// On merged presegmented news the coarse guide strays from the path
/// that the lexicon finds: the band doubled twice in every round (16, 32,
/// 64), each time redoing the whole search; around the earlier path the
/// first band holds it.
pub fn align_prepared_near(
    prepared: &PreparedPair,
    cfg: &AlignConfig,
    lexicon: Option<&DocScorer<'_>>,
    near: Option<&[Bead]>,
) -> Alignment {
    let mut length = cfg.length.clone();
    let (src_len, tgt_len) = (&prepared.src_len, &prepared.tgt_len);
    if length.ratio.is_none() && is_lopsided(src_len.len(), tgt_len.len()) {
        // Most of the longer side has no counterpart: leaving its segments
        // out must be cheap from the first pass on, or each one absorbed
        // into a link saves a skip and the short side's segment swallows
        // four lines anywhere in the other document.
        length = with_skips(&cfg.length, first_ratio(src_len, tgt_len), src_len, tgt_len);
    }
    // Every pass but the last one possible only refits the model, and
    // searches within a tighter limit (see `max_early_band_cells`); a pass
    // cut short there is made again within the full limit when no pass
    // follows it.
    let fitting = length.ratio.is_none();
    if fitting && src_len.len().max(tgt_len.len()) <= align::coarse::DIRECT_MAX {
        // Text without counterpart moves the totals' ratio; the anchor
        // chain's stretches tell the ratio of the text both sides share,
        // and so how much of each side is left over. Only for pairs the
        // search starts around the diagonal: a long pair starts around
        // the anchor chain itself, and on 20,000 merged lines of news
        // that lost 30% at the end or in the middle the chain's ratio
        // cost `--no-lexicon` 0.006 of strict F1 (the default lost none).
        let chain = prepared
            .anchors
            .as_ref()
            .and_then(|a| chain_ratio(a.chain(), src_len, tgt_len));
        if let Some(r) =
            chain.filter(|&r| (r / first_ratio(src_len, tgt_len)).ln().abs() > CHAIN_DISAGREES)
        {
            length = with_skips(&cfg.length, r, src_len, tgt_len);
        }
    }
    let mut early = fitting && cfg.passes > 1;
    let mut found = prepared.run(&length, cfg, lexicon, near, early);
    if fitting {
        for pass in 1..cfg.passes {
            let Some(ratio) = confident_ratio(&found.beads, src_len, tgt_len, CONFIDENT) else {
                break;
            };
            let refit = with_skips(&cfg.length, ratio, src_len, tgt_len);
            if same_model(&refit, &length) {
                // Another pass would find the same path.
                break;
            }
            length = refit;
            early = pass + 1 < cfg.passes;
            found = prepared.run(&length, cfg, lexicon, near, early);
        }
    }
    if early && found.limited {
        found = prepared.run(&length, cfg, lexicon, near, false);
    }
    if is_lopsided(src_len.len(), tgt_len.len()) {
        found.beads = unlink_doubtful(found.beads, CONFIDENT);
    }
    Alignment {
        beads: found.beads,
        length,
        sentences: cfg.sentences.clone(),
        band_limited: found.limited,
    }
}

/// How far (as the absolute log of their quotient) the ratio of an
/// anchor chain's stretches ([`chain_ratio`]) must differ from the
/// totals' ratio for a first pass to take it, with the skip costs it
/// implies, instead. On ntrex-dev, short articles often have a chain of
/// only four or five points, one of them on a number word matched by
/// chance, and the two ratios differ by a few percent for nothing; past
/// 10% (ln 1.105) the totals were off. Taken so, strict F1 of one pass
/// of length and anchors rose by 0.005 to 0.07 on every ntrex-dev set,
/// that of `--no-lexicon` on align ar-ru by 0.0055 with the rest the
/// same; with another article's lines spliced into the middle of each
/// target (30% of it), articles aligned alone went from 0.772 to 0.802.
const CHAIN_DISAGREES: f64 = 0.1;

/// Splits every link below `min_score` into segments without counterpart
/// (each keeping the link's score). In a lopsided pair (see
/// [`is_lopsided`]) length says little, and a weak link is more likely a
/// guess than a translation: one Arabic title against 50 English lines,
/// with no anchor in common, was linked to line 34 at 0.18.
fn unlink_doubtful(beads: Vec<Bead>, min_score: f64) -> Vec<Bead> {
    let mut out = Vec::with_capacity(beads.len());
    for b in beads {
        if b.src.is_empty() || b.tgt.is_empty() || b.score >= min_score {
            out.push(b);
            continue;
        }
        for i in b.src.clone() {
            out.push(Bead {
                src: i..i + 1,
                tgt: b.tgt.start..b.tgt.start,
                score: b.score,
                ..Default::default()
            });
        }
        for j in b.tgt.clone() {
            out.push(Bead {
                src: b.src.end..b.src.end,
                tgt: j..j + 1,
                score: b.score,
                ..Default::default()
            });
        }
    }
    out
}

/// A bead with the parts of its cost and the anchors that matched.
#[derive(Debug, Clone)]
pub struct BeadExplanation {
    /// The bead.
    pub bead: Bead,
    /// Its cost, part by part.
    pub parts: CostParts,
    /// The anchors shared by its two sides.
    pub anchors: Vec<AnchorMatch>,
    /// The bead's rivals: the beads of the same shape shifted by one
    /// sentence on either side (what a link would be if it were off by
    /// one, or if two translations came in swapped order).
    pub rivals: Rivals,
}

/// Explains an alignment bead by bead: the length and anchor parts of each
/// bead's cost under the fitted model, and the anchors that matched.
pub fn explain(
    src: Side<'_>,
    tgt: Side<'_>,
    cfg: &AlignConfig,
    alignment: &Alignment,
) -> Vec<BeadExplanation> {
    explain_prepared(
        &PreparedPair::new(src, tgt, cfg),
        cfg,
        alignment,
        None,
        true,
    )
}

/// [`explain`] on a prepared pair, with the lexicon's part when a scorer
/// is given; with `grown`, each bead's rivals grown by a sentence are
/// worked out too ([`Rivals::merge_gain`]), which costs four more beads a
/// link and which only some confidence models weigh.
pub fn explain_prepared(
    prepared: &PreparedPair,
    cfg: &AlignConfig,
    alignment: &Alignment,
    lexicon: Option<&DocScorer<'_>>,
    grown: bool,
) -> Vec<BeadExplanation> {
    let cfg = AlignConfig {
        sentences: alignment.sentences.clone(),
        ..cfg.clone()
    };
    let cost = prepared.cost(&alignment.length, &cfg, lexicon);
    let size = (prepared.src_len.len(), prepared.tgt_len.len());
    // Each bead on its own, on every core (a corpus run's documents are
    // explained side by side as well, but one long pair is one document).
    alignment
        .beads
        .par_iter()
        .map(|b| {
            let parts = cost.parts(b.src.clone(), b.tgt.clone());
            BeadExplanation {
                bead: b.clone(),
                rivals: rivals(&cost, b.src.clone(), b.tgt.clone(), &parts, size, grown),
                parts,
                anchors: prepared
                    .anchors
                    .as_ref()
                    .map(|a| a.explain(b.src.clone(), b.tgt.clone()))
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// What every pass over a document pair shares: sentence lengths and
/// anchors, computed once.
#[derive(Debug)]
pub struct PreparedPair {
    src_len: Vec<usize>,
    tgt_len: Vec<usize>,
    src_debris: Vec<bool>,
    tgt_debris: Vec<bool>,
    /// Sentences inside each source and target line, once counted (see
    /// [`PreparedPair::set_sentence_counts`]).
    sentences: Option<(Vec<u32>, Vec<u32>)>,
    anchors: Option<DocAnchors>,
}

impl PreparedPair {
    /// Measures both sides and extracts their anchors (when the config
    /// uses anchors).
    pub fn new(src: Side<'_>, tgt: Side<'_>, cfg: &AlignConfig) -> PreparedPair {
        let anchors = cfg
            .anchors
            .then(|| DocAnchors::new(src.sentences, src.lang, tgt.sentences, tgt.lang));
        // Lengths on every core: a long pair is one document, and
        // normalising its text was a tenth of a length-only run (issue 16).
        let measure = |side: Side<'_>| -> (Vec<usize>, Vec<bool>) {
            side.sentences
                .par_iter()
                .map(|s| (match_len(s), is_debris(s)))
                .unzip()
        };
        let ((src_len, src_debris), (tgt_len, tgt_debris)) = (measure(src), measure(tgt));
        PreparedPair {
            src_len,
            tgt_len,
            src_debris,
            tgt_debris,
            sentences: cfg.sentences.is_some().then(|| {
                (
                    sentence_counts(src, &Segmenter::new(src.lang)),
                    sentence_counts(tgt, &Segmenter::new(tgt.lang)),
                )
            }),
            anchors,
        }
    }

    /// The lengths of the source and target sentences, as the length
    /// model measures them.
    pub fn lengths(&self) -> (&[usize], &[usize]) {
        (&self.src_len, &self.tgt_len)
    }

    /// The anchors of both sides, when the config uses anchors.
    pub fn anchors(&self) -> Option<&DocAnchors> {
        self.anchors.as_ref()
    }

    /// Takes the sentences counted inside each line of both sides (see
    /// [`count_sentences`]), unless they are counted already (a config
    /// with a sentence-balance model counts them when the pair is
    /// prepared). The counts must be of the sides the pair was prepared
    /// from.
    pub fn set_sentence_counts(&mut self, counts: (Vec<u32>, Vec<u32>)) {
        if self.sentences.is_none() {
            self.sentences = Some(counts);
        }
    }

    /// How many sentences the segmenter found in each source and target
    /// line (at least 1 a line), once counted.
    pub fn sentence_counts(&self) -> Option<(&[u32], &[u32])> {
        self.sentences
            .as_ref()
            .map(|(s, t)| (s.as_slice(), t.as_slice()))
    }

    fn cost<'a>(
        &'a self,
        length: &LengthParams,
        cfg: &'a AlignConfig,
        lexicon: Option<&'a DocScorer<'a>>,
    ) -> CombinedCost<'a> {
        let lc = LengthCost::new(&self.src_len, &self.tgt_len, length);
        let cost = CombinedCost::new(lc, self.anchors.as_ref(), cfg.weights)
            .with_debris(&self.src_debris, &self.tgt_debris);
        let cost = match (&cfg.sentences, &self.sentences) {
            (Some(m), Some((s, t))) => cost.with_sentences(s, t, m),
            _ => cost,
        };
        match lexicon {
            Some(l) => cost.with_lexicon(l),
            None => cost,
        }
    }

    fn run(
        &self,
        length: &LengthParams,
        cfg: &AlignConfig,
        lexicon: Option<&DocScorer<'_>>,
        near: Option<&[Bead]>,
        early: bool,
    ) -> Bounded {
        let (n, m) = (self.src_len.len(), self.tgt_len.len());
        let limit = if early {
            cfg.search.early_band_cells(n, m)
        } else {
            cfg.search.band_cells(n, m)
        };
        search(
            &self.src_len,
            &self.tgt_len,
            &self.cost(length, cfg, lexicon),
            cfg,
            near.map(Guide::Near).or(self
                .anchors
                .as_ref()
                .and_then(DocAnchors::guide)
                .map(Guide::Anchors)),
            limit,
        )
    }
}

/// How many sentences the segmenters find inside each line of a pair's
/// source and target sides (at least 1 a line), for
/// [`PreparedPair::set_sentence_counts`].
pub fn count_sentences(
    src: Side<'_>,
    tgt: Side<'_>,
    src_seg: &Segmenter,
    tgt_seg: &Segmenter,
) -> (Vec<u32>, Vec<u32>) {
    (sentence_counts(src, src_seg), sentence_counts(tgt, tgt_seg))
}

/// How many sentences `seg` finds in each line of a side (at least 1).
fn sentence_counts(side: Side<'_>, seg: &Segmenter) -> Vec<u32> {
    side.sentences
        .par_iter()
        .map(|s| u32::try_from(seg.count(s)).unwrap_or(u32::MAX))
        .collect()
}

/// Whether one side has more than [`LOPSIDED`] times the other's
/// segments.
pub fn is_lopsided(n: usize, m: usize) -> bool {
    n > 0 && m > 0 && (m > LOPSIDED * n || n > LOPSIDED * m)
}

/// Whether two fitted models are close enough that a pass with one gives
/// the path of the other: ratios within 0.2% and skip costs within 0.01
/// (well under the cost differences that decide between paths).
fn same_model(a: &LengthParams, b: &LengthParams) -> bool {
    let close = |x: Option<f64>, y: Option<f64>, tol: f64| match (x, y) {
        (Some(x), Some(y)) => (x - y).abs() <= tol * x.abs().max(1.0),
        (None, None) => true,
        _ => false,
    };
    a.variance == b.variance
        && close(a.ratio, b.ratio, 0.002)
        && close(a.skip_src, b.skip_src, 0.01)
        && close(a.skip_tgt, b.skip_tgt, 0.01)
}

/// The length model with the given ratio, and skip costs set from the share
/// of each side that has no counterpart under that ratio.
fn with_skips(
    base: &LengthParams,
    ratio: f64,
    src_len: &[usize],
    tgt_len: &[usize],
) -> LengthParams {
    let (src_missing, tgt_missing) = missing_share(src_len, tgt_len, ratio);
    let floor = prior(Shape::new(1, 0));
    LengthParams {
        ratio: Some(ratio),
        skip_src: base.skip_src.or(Some(-src_missing.max(floor).ln())),
        skip_tgt: base.skip_tgt.or(Some(-tgt_missing.max(floor).ln())),
        ..base.clone()
    }
}

/// The target/source length ratio over the confident 1-1 beads of a first
/// pass. Unlike the ratio of the totals, it is not biased when one side
/// lost part of the text.
fn confident_ratio(
    beads: &[Bead],
    src_len: &[usize],
    tgt_len: &[usize],
    min_score: f64,
) -> Option<f64> {
    let (mut a, mut b) = (0.0, 0.0);
    for bd in beads {
        if bd.src.len() == 1 && bd.tgt.len() == 1 && bd.score >= min_score {
            a += src_len[bd.src.start] as f64;
            b += tgt_len[bd.tgt.start] as f64;
        }
    }
    (a > 0.0 && b > 0.0).then(|| fit_ratio(a, b))
}

/// The share of each side's text that has no counterpart, estimated from
/// the totals and the true length ratio: if the target holds less than
/// `ratio` times the source, the rest of the source was left out.
fn missing_share(src_len: &[usize], tgt_len: &[usize], ratio: f64) -> (f64, f64) {
    // As for the ratio: one huge segment is not a missing share.
    let (s, t) = robust_totals(src_len, tgt_len);
    if s <= 0.0 || t <= 0.0 {
        return (0.0, 0.0);
    }
    let src_missing = ((s * ratio - t) / (s * ratio)).max(0.0);
    let tgt_missing = ((t / ratio - s) / (t / ratio)).max(0.0);
    (src_missing, tgt_missing)
}

/// What a search starts around, besides the coarse length-only guide.
#[derive(Debug, Clone, Copy)]
enum Guide<'a> {
    /// An earlier path of the same pair.
    Near(&'a [Bead]),
    /// Corner points through sentences that share rare anchors
    /// ([`align::coarse::anchor_guide`]).
    Anchors(&'a [(usize, usize)]),
}

/// The coarse-to-fine search under any cost, or the search around an
/// earlier path of the same pair or an anchor guide.
fn search<C: BeadCost>(
    src_len: &[usize],
    tgt_len: &[usize],
    cost: &C,
    cfg: &AlignConfig,
    guide: Option<Guide<'_>>,
    limit: usize,
) -> Bounded {
    let (n, m) = (src_len.len(), tgt_len.len());
    match guide {
        Some(Guide::Near(path)) => {
            let mut points = Vec::with_capacity(path.len() + 1);
            points.push((0, 0));
            points.extend(path.iter().map(|b| (b.src.end, b.tgt.end)));
            if points.last() == Some(&(n, m)) {
                let near = SearchParams {
                    initial_band: NEAR_BAND.min(cfg.search.initial_band),
                    ..cfg.search.clone()
                };
                return align::align_within(n, m, cost, &near, &points, limit);
            }
        }
        Some(Guide::Anchors(points)) => {
            return align::align_within(n, m, cost, &cfg.search, points, limit);
        }
        None => {}
    }
    let (guide, block) = align::coarse::guide(src_len, tgt_len, &cfg.length);
    let search = SearchParams {
        initial_band: cfg.search.initial_band.max(2 * block),
        ..cfg.search.clone()
    };
    align::align_within(n, m, cost, &search, &guide, limit)
}

/// Aligns two sides given only their sentence lengths (in characters), with
/// the coarse-to-fine search that [`align_sentences`] uses.
pub fn align_lengths(src_len: &[usize], tgt_len: &[usize], cfg: &AlignConfig) -> Vec<Bead> {
    let cost = LengthCost::new(src_len, tgt_len, &cfg.length);
    let limit = cfg.search.band_cells(src_len.len(), tgt_len.len());
    search(src_len, tgt_len, &cost, cfg, None, limit).beads
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue18_doubtful_links_of_lopsided_pairs_are_split() {
        assert!(is_lopsided(1, 50) && is_lopsided(50, 1) && is_lopsided(2, 9));
        assert!(!is_lopsided(2, 8) && !is_lopsided(0, 50) && !is_lopsided(20, 27));
        let beads = vec![
            Bead {
                src: 0..0,
                tgt: 0..2,
                score: 0.9,
                ..Default::default()
            },
            Bead {
                src: 0..1,
                tgt: 2..4,
                score: 0.2,
                ..Default::default()
            },
            Bead {
                src: 1..2,
                tgt: 4..5,
                score: 0.8,
                ..Default::default()
            },
        ];
        let split = unlink_doubtful(beads, CONFIDENT);
        let shapes: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = split
            .iter()
            .map(|b| (b.src.clone(), b.tgt.clone()))
            .collect();
        assert_eq!(
            shapes,
            [
                (0..0, 0..2),
                (0..1, 2..2),
                (1..1, 2..3),
                (1..1, 3..4),
                (1..2, 4..5)
            ]
        );
        assert_eq!(split[1].score, 0.2);
    }
}
