#!/usr/bin/env python3
"""Make a large Arabic-English document pair from real news: the ntrex-dev
documents concatenated copy after copy until the source side has N lines.

  real_pair.py N KIND ORDER SRC_OUT TGT_OUT [--gold GOLD_OUT] [--cut-tail F]
                                           [--cut-middle F] [--cut-source]
                                           [--offset F]

KIND: `merged` takes ntrex-dev/align/ar-en DOC.src/DOC.tgt (presegmented
lines, some holding two or three sentences, with gold m:n links); `sentences`
takes the files a sentence splitter made of the raw articles (given as a
folder with ar/DOC.txt and en/DOC.txt, one sentence a line, by
`--sentences DIR`).
ORDER: `shuffled` puts the documents in a new order in each copy (a
deterministic shuffle, so that no copy repeats the one before);
`repeated` repeats them exactly. `distinct` shuffles as `shuffled` does
and gives each copy after the first a vocabulary of its own: in every word
(but the Arabic article), the letters of the four consonant classes that
every script writes with one letter (ل/l, م/m, ن/n, ر/r) are exchanged by a
permutation of the copy's, the same on both sides, so that words, lexicon
and name skeletons grow with the pair as in real news while names still
match across the scripts. (Classes with several letters in one script,
such as ب = b, p, f, v, would turn Paris and باريس into different names.)
Words of mizan's anchor and lexicon lists keep their letters (see LISTS).
With four letters there are only 23 permutations, so copies far apart may
share one.

`--offset F` makes two sides that overlap in part, as two feeds collected
over different days do: the target starts with the translation of the
source line F·N (rounded to the next link of the gold), so the source's
head has no counterpart, and runs on past the source's end by as many
lines, the translations of the documents the source would hold next. A
negative F swaps the roles: the source starts at the counterpart of the
target's line |F|·N and runs on past the target's end.
"""

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NTREX = ROOT.parent / "shared" / "corpora" / "ntrex-dev"


def documents(kind, sentences, pair="ar-en"):
    if kind == "merged":
        folder = NTREX / "align" / pair
        for gold in sorted(folder.glob("*.gold")):
            src = (folder / f"{gold.stem}.src").read_text(encoding="utf-8").splitlines()
            tgt = (folder / f"{gold.stem}.tgt").read_text(encoding="utf-8").splitlines()
            yield src, tgt, gold.read_text(encoding="utf-8").splitlines()
    else:
        for ar in sorted((Path(sentences) / "ar").glob("*.txt")):
            src = ar.read_text(encoding="utf-8").splitlines()
            tgt = (Path(sentences) / "en" / ar.name).read_text(encoding="utf-8").splitlines()
            yield src, tgt, None


# The consonant classes written with one letter in Arabic and in Latin
# script (src/anchors/names.rs).
CIPHER_LETTERS = [("ل", "l"), ("م", "m"), ("ن", "n"), ("ر", "r")]
AR_WORD = re.compile("[\u0621-\u064a]+")
EN_WORD = re.compile("[A-Za-z]+")


def cipher(rng):
    """A copy's exchange of consonants: Arabic and Latin translation tables
    from one random permutation of CIPHER_LETTERS."""
    order = list(range(len(CIPHER_LETTERS)))
    while order == sorted(order):
        rng.shuffle(order)
    ar, en = {}, {}
    for a, b in zip(CIPHER_LETTERS, (CIPHER_LETTERS[i] for i in order)):
        ar[ord(a[0])] = b[0]
        en[ord(a[1])] = b[1]
        en[ord(a[1].upper())] = b[1].upper()
    return ar, en


# Arabic article forms, kept as they are: their lam is not part of the
# word, and name keys strip them.
ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")


# Words the anchors and the lexicon have lists of (function words, months,
# weekdays, number words) keep their letters: exchanged, a function word
# would turn into a frequent name candidate and a month into an unknown
# word, which real text does not do.
LISTS = ["anchors/stopwords_ar.txt", "anchors/stopwords_en.txt", "anchors/months.txt",
         "anchors/weekdays.txt", "anchors/number_words.txt", "anchors/scales.txt",
         "anchors/time_words.txt", "anchors/clitics_ar.txt", "lexicon/stop-ar.txt",
         "lexicon/stop-en.txt"]


def fold(word):
    """Enough of mizan's normalisation to find a word in its lists."""
    word = re.sub("[\u064b-\u065f\u0670\u0640]", "", word.lower())
    return word.translate(str.maketrans("أإآٱىة", "اااايه"))


def protected():
    words = set()
    for name in LISTS:
        text = (ROOT / "data" / name).read_text(encoding="utf-8")
        for line in text.splitlines():
            words.update(fold(w) for w in re.findall("[\\w]+", line.split("#")[0]))
    return words


def recode(lines, pattern, table, keep_words):
    def one(m):
        word = m.group(0)
        if fold(word) in keep_words:
            return word
        keep = next((a for a in ARTICLES if word.startswith(a)), "")
        if fold(word[len(keep):]) in keep_words:
            return word
        return keep + word[len(keep):].translate(table)
    return [pattern.sub(one, line) for line in lines]


def parse_bead(bead):
    """A gold bead `[0, 1]:[2]` as its (source ids, target ids) lists."""
    return tuple([int(x) for x in part.strip("[] ").split(",") if x.strip()]
                 for part in bead.split("]:["))


def format_bead(src, tgt):
    return f"[{', '.join(map(str, src))}]:[{', '.join(map(str, tgt))}]"


def shift(bead, so, to):
    src, tgt = parse_bead(bead)
    return format_bead([i + so for i in src], [j + to for j in tgt])


def cut_gold(gold, start, end, side=1):
    """The gold beads once the lines `start..end` of one side (1: target,
    0: source) are gone: the other side's sentences linked to them lose
    their counterpart (one bead each), and the lines after them move up
    by `end - start`."""
    out = []
    for bead in gold:
        sides = list(parse_bead(bead))
        other = sides[1 - side]
        sides[side] = [x if x < start else x - (end - start)
                       for x in sides[side] if not start <= x < end]
        if other and not sides[side]:
            out += [format_bead(*([i], []) if side == 1 else ([], [i])) for i in other]
        elif other or sides[side]:
            out.append(format_bead(*sides))
    return out


def offset_gold(gold, src_keep, tgt_keep):
    """The gold beads once each side keeps only the lines of its range
    (renumbered from 0): a sentence whose counterpart is gone gets a bead
    of its own."""
    out = []
    for bead in gold:
        src, tgt = parse_bead(bead)
        src = [i - src_keep.start for i in src if i in src_keep]
        tgt = [j - tgt_keep.start for j in tgt if j in tgt_keep]
        if src and tgt:
            out.append(format_bead(src, tgt))
        else:
            out += [format_bead([i], []) for i in src] + [format_bead([], [j]) for j in tgt]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("kind", choices=["merged", "sentences"])
    ap.add_argument("order", choices=["shuffled", "repeated", "distinct"])
    ap.add_argument("src_out")
    ap.add_argument("tgt_out")
    ap.add_argument("--gold")
    ap.add_argument("--sentences")
    ap.add_argument("--cut-tail", type=float, default=0.0)
    ap.add_argument("--cut-middle", type=float, default=0.0)
    ap.add_argument("--cut-source", action="store_true",
                    help="--cut-tail and --cut-middle drop source lines instead of target lines")
    ap.add_argument("--offset", type=float, default=0.0)
    ap.add_argument("--pair", choices=["ar-en", "ar-ru"], default="ar-en",
                    help="the align/ folder a merged pair is made from (the distinct order "
                         "exchanges Latin letters, so it suits ar-en only)")
    a = ap.parse_args()
    if a.offset and a.kind != "merged":
        ap.error("--offset needs the merged kind: the cuts are placed between its gold links")
    docs = list(documents(a.kind, a.sentences, a.pair))
    rng = random.Random(20261205)
    src, tgt, gold = [], [], []
    copy = 0
    keep = protected() if a.order == "distinct" else set()
    # With an offset, the pair is made longer by the lines the target runs
    # on past the source's end, and cut afterwards.
    n = a.n + int(a.n * abs(a.offset))
    while len(src) < n:
        order = list(range(len(docs)))
        if a.order != "repeated":
            rng.shuffle(order)
        if a.order == "distinct":
            ar, en = cipher(rng)
        for d in order:
            s, t, g = docs[d]
            if a.order == "distinct" and copy > 0:
                s, t = recode(s, AR_WORD, ar, keep), recode(t, EN_WORD, en, keep)
            if len(src) + len(s) > n:
                break
            if g is not None:
                gold += [shift(b, len(src), len(tgt)) for b in g if b.strip()]
            src += s
            tgt += t
        else:
            copy += 1
            continue
        break
    if a.offset:
        # The cuts fall between links, so that no link loses part of a side.
        starts = [(src_ids[0], tgt_ids[0]) for src_ids, tgt_ids in map(parse_bead, gold)
                  if src_ids and tgt_ids]

        def link_from(line):
            """(source, target) start of the first link at or after a
            source line; the ends of the sides past the last one."""
            return next((p for p in starts if p[0] >= line), (len(src), len(tgt)))

        head, tgt_head = link_from(int(a.n * abs(a.offset)))
        src_end, tgt_end = link_from(a.n)
        if a.offset > 0:
            # The source's head has no counterpart, nor the target's tail.
            src_keep = range(0, src_end)
            tgt_keep = range(tgt_head, link_from(src_end + head)[1])
        else:
            # The target's head has no counterpart, nor the source's tail.
            src_keep = range(head, link_from(src_end + head)[0])
            tgt_keep = range(0, tgt_end)
        gold = offset_gold(gold, src_keep, tgt_keep)
        src = src[src_keep.start:src_keep.stop]
        tgt = tgt[tgt_keep.start:tgt_keep.stop]
    # The cuts drop target lines, or source lines with --cut-source.
    side = 0 if a.cut_source else 1
    lines = [src, tgt][side]
    if a.cut_tail > 0:
        keep = int(len(lines) * (1 - a.cut_tail))
        gold = cut_gold(gold, keep, len(lines), side)
        lines = lines[:keep]
    if a.cut_middle > 0:
        drop = int(len(lines) * a.cut_middle)
        start = (len(lines) - drop) // 2
        gold = cut_gold(gold, start, start + drop, side)
        lines = lines[:start] + lines[start + drop :]
    if side == 0:
        src = lines
    else:
        tgt = lines
    Path(a.src_out).write_text("\n".join(src) + "\n", encoding="utf-8")
    Path(a.tgt_out).write_text("\n".join(tgt) + "\n", encoding="utf-8")
    if a.gold and gold is not None:
        Path(a.gold).write_text("\n".join(gold) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
