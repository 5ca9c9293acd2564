//! The anchors a [`super::DocAnchors`] keeps for `--explain`, the review
//! page and the flags, and the ids it gives their keys.
//!
//! An [`Anchor`] holds two strings; real Arabic has about 19 name
//! candidates a sentence, so a 20,000-sentence side held hundreds of
//! thousands of small strings, a 10,000-article build millions (issue 16).
//! Here each anchor is 12 bytes: its kind, the id of its key (keys are
//! stored once per document) and the range of its surface in one string
//! per side. An [`Anchor`] is made again only when asked for.

use super::{Anchor, AnchorKind, Extracted};
use rustc_hash::FxHashMap;

/// One stored anchor.
#[derive(Debug, Clone, Copy)]
struct Item {
    kind: AnchorKind,
    /// The key is `own_keys[key]`: the anchor has no id.
    own: bool,
    /// Exact id for every kind but names; the side's name id for names.
    key: u32,
    /// Where the surface starts in [`Stored::text`]; it ends where the
    /// next item's starts (the surfaces are stored in the items' order),
    /// so that an item takes 12 bytes, not 16: 2 MB of a 20,000-sentence
    /// pair's peak (issue 16).
    start: u32,
}

const _: () = assert!(std::mem::size_of::<Item>() == 12);

/// The anchors of one side, sentence by sentence.
#[derive(Debug, Default)]
pub(super) struct Stored {
    /// Sentence `i`'s anchors are `items[first[i]..first[i + 1]]`.
    first: Vec<usize>,
    items: Vec<Item>,
    /// The surfaces, one after another.
    text: String,
    /// Keys of anchors past the first `u16::MAX` of a sentence, which get
    /// no id.
    own_keys: Vec<Box<str>>,
}

impl Stored {
    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.first.len().saturating_sub(1)
    }

    /// Number of anchors of sentence `i` (0 when out of range).
    pub fn count(&self, i: usize) -> usize {
        self.range(i).len()
    }

    fn range(&self, i: usize) -> std::ops::Range<usize> {
        match (self.first.get(i), self.first.get(i + 1)) {
            (Some(&a), Some(&b)) => a..b,
            _ => 0..0,
        }
    }

    /// Anchor `k` of sentence `i`, with its key from `keys`; None when out
    /// of range.
    pub fn get(&self, i: usize, k: usize, keys: &Keys<'_>) -> Option<Anchor> {
        let r = self.range(i);
        let item = self.items.get(r.start + k).filter(|_| k < r.len())?;
        let end = self
            .items
            .get(r.start + k + 1)
            .map_or(self.text.len(), |next| next.start as usize);
        let surface = self.text.get(item.start as usize..end);
        Some(Anchor {
            kind: item.kind,
            key: self.key(item, keys).to_string(),
            surface: surface.unwrap_or("").to_string(),
        })
    }

    /// The keys of the anchors of `kind` in sentence `i`, in text order.
    pub fn keys_of<'a>(&'a self, i: usize, kind: AnchorKind, keys: &Keys<'a>) -> Vec<&'a str> {
        self.items[self.range(i)]
            .iter()
            .filter(|item| item.kind == kind)
            .map(|item| self.key(item, keys))
            .collect()
    }

    fn key<'a>(&'a self, item: &Item, keys: &Keys<'a>) -> &'a str {
        let key = match item.kind {
            _ if item.own => self.own_keys.get(item.key as usize),
            AnchorKind::Name => keys.names.get(item.key as usize),
            _ => keys.exact.get(item.key as usize),
        };
        key.map_or("", |k| k)
    }
}

/// Where the keys of stored anchors are looked up: the document's exact
/// keys and one side's name keys.
pub(super) struct Keys<'a> {
    pub exact: &'a [Box<str>],
    pub names: &'a [Box<str>],
}

/// The ids of one side's anchors, sentence by sentence, with the index of
/// each id's anchor in its sentence, sorted by id: what the similarity
/// merges.
#[derive(Debug, Default)]
pub(super) struct Ids {
    pub exact: Vec<Vec<u32>>,
    pub exact_at: Vec<Vec<u16>>,
    pub names: Vec<Vec<u32>>,
    pub names_at: Vec<Vec<u16>>,
}

/// Both sides' anchors given ids: exact ids shared by both sides (one per
/// kind and key), name ids per side; ids in order of first occurrence,
/// source first.
pub(super) struct Indexed {
    pub src: (Stored, Ids),
    pub tgt: (Stored, Ids),
    /// Kind and key of each exact id.
    pub kinds: Vec<AnchorKind>,
    pub exact_keys: Vec<Box<str>>,
    pub src_names: Vec<Box<str>>,
    pub tgt_names: Vec<Box<str>>,
}

/// Gives ids to the anchors of both sides and stores them compactly. Keys
/// are looked up by reference and copied once per distinct key: cloning
/// every key into a SipHash map was about a sixth of [`super::DocAnchors::new`]
/// on a 20,000-sentence pair.
///
/// Each side is indexed on its own core (a serial 43 ms on that pair,
/// issue 16), its exact keys numbered in their order; the target's are
/// then renumbered after the source's, as one walk over the source and
/// then the target would number them.
pub(super) fn index(src: &[Extracted], tgt: &[Extracted]) -> Indexed {
    let (src, mut tgt) = rayon::join(|| index_side(src), || index_side(tgt));
    let mut exact = src.exact;
    let (mut kinds, mut exact_keys) = (src.kinds, src.exact_keys);
    let renumber: Vec<u32> = tgt
        .order
        .iter()
        .zip(tgt.kinds)
        .zip(tgt.exact_keys)
        .map(|((&key, kind), boxed)| {
            let n = exact.len() as u32;
            *exact.entry(key).or_insert_with(|| {
                kinds.push(kind);
                exact_keys.push(boxed);
                n
            })
        })
        .collect();
    let (stored, ids) = &mut tgt.side;
    for item in &mut stored.items {
        if !item.own && item.kind != AnchorKind::Name {
            item.key = renumber[item.key as usize];
        }
    }
    for (list, at) in ids.exact.iter_mut().zip(&mut ids.exact_at) {
        if list.is_empty() {
            continue;
        }
        let mut pairs: Vec<(u32, u16)> = list
            .iter()
            .zip(at.iter())
            .map(|(&id, &k)| (renumber[id as usize], k))
            .collect();
        pairs.sort_unstable();
        for ((id, k), (new_id, new_k)) in list.iter_mut().zip(at.iter_mut()).zip(pairs) {
            (*id, *k) = (new_id, new_k);
        }
    }
    Indexed {
        src: src.side,
        tgt: tgt.side,
        kinds,
        exact_keys,
        src_names: src.names,
        tgt_names: tgt.names,
    }
}

/// One side's anchors with ids: exact ids numbered in the side's own
/// order of first occurrence (`order` holds each one's kind and key).
struct SideIndex<'a> {
    side: (Stored, Ids),
    exact: FxHashMap<(AnchorKind, &'a str), u32>,
    order: Vec<(AnchorKind, &'a str)>,
    kinds: Vec<AnchorKind>,
    exact_keys: Vec<Box<str>>,
    names: Vec<Box<str>>,
}

fn index_side(ex: &[Extracted]) -> SideIndex<'_> {
    let mut exact: FxHashMap<(AnchorKind, &str), u32> = FxHashMap::default();
    let (mut order, mut kinds, mut exact_keys) = (Vec::new(), Vec::new(), Vec::new());
    let mut names: FxHashMap<&str, u32> = FxHashMap::default();
    let mut keys: Vec<Box<str>> = Vec::new();
    let mut stored = Stored {
        first: Vec::with_capacity(ex.len() + 1),
        ..Stored::default()
    };
    stored
        .items
        .reserve(ex.iter().map(|e| e.anchors.len()).sum());
    let mut ids = Ids::default();
    stored.first.push(0);
    for e in ex {
        let (mut exact_here, mut named) = (Vec::new(), Vec::new());
        for (k, a) in e.anchors.iter().enumerate() {
            // More than u16::MAX anchors in a sentence is garbage
            // input; the rest are kept for display but get no id.
            let own = k >= usize::from(u16::MAX);
            let id = if own {
                stored.own_keys.push(Box::from(a.key.as_str()));
                (stored.own_keys.len() - 1) as u32
            } else if a.kind == AnchorKind::Name {
                let n = names.len() as u32;
                *names.entry(a.key.as_str()).or_insert_with(|| {
                    keys.push(Box::from(a.key.as_str()));
                    n
                })
            } else {
                let n = exact.len() as u32;
                *exact.entry((a.kind, a.key.as_str())).or_insert_with(|| {
                    order.push((a.kind, a.key.as_str()));
                    kinds.push(a.kind);
                    exact_keys.push(Box::from(a.key.as_str()));
                    n
                })
            };
            if !own {
                let k = k as u16;
                if a.kind == AnchorKind::Name {
                    named.push((id, k));
                } else {
                    exact_here.push((id, k));
                }
            }
            let start = stored.text.len();
            stored.text.push_str(&a.surface);
            stored.items.push(Item {
                kind: a.kind,
                own,
                key: id,
                start: u32::try_from(start).unwrap_or(u32::MAX),
            });
        }
        stored.first.push(stored.items.len());
        exact_here.sort_unstable();
        named.sort_unstable();
        ids.exact.push(exact_here.iter().map(|p| p.0).collect());
        ids.exact_at.push(exact_here.iter().map(|p| p.1).collect());
        ids.names.push(named.iter().map(|p| p.0).collect());
        ids.names_at.push(named.iter().map(|p| p.1).collect());
    }
    stored.text.shrink_to_fit();
    SideIndex {
        side: (stored, ids),
        exact,
        order,
        kinds,
        exact_keys,
        names: keys,
    }
}
