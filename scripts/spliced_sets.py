"""Dev sets with another article's lines spliced into each target.

A target page often holds more than the translation: a related story, a
box of other news. `splice_set` makes such a set from an ntrex-dev
`align/` folder: into each DOC.tgt it splices the first lines of the
target of another document (the one `OTHER` places after it, so not a
translation of anything in DOC.src), as `frac` of the new target, at its
head, its tail or the bead boundary nearest its middle, and writes the
gold with those lines as links without counterpart. scripts/quality.py
scores the default alignment on them (docs/QUALITY.md).
"""

from pathlib import Path

from real_pair import format_bead, parse_bead

# How many documents further along (in name order) the spliced lines
# come from.
OTHER = 7


def splice_set(folder, out, frac, where):
    """Writes DOC.src, DOC.tgt and DOC.gold of every document of `folder`
    into `out`, each target with the spliced lines."""
    folder, out = Path(folder), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    docs = sorted(g.stem for g in folder.glob("*.gold"))
    for i, doc in enumerate(docs):
        src = (folder / f"{doc}.src").read_text(encoding="utf-8")
        tgt = (folder / f"{doc}.tgt").read_text(encoding="utf-8").splitlines()
        other = (folder / f"{docs[(i + OTHER) % len(docs)]}.tgt").read_text(encoding="utf-8").splitlines()
        k = min(len(other), max(1, round(frac * len(tgt) / (1 - frac))))
        gold = [parse_bead(l) for l in (folder / f"{doc}.gold").read_text(encoding="utf-8").splitlines()
                if l.strip()]
        at = {"head": 0, "tail": len(tgt)}.get(where)
        if at is None:
            # The end of a bead's target side nearest the middle.
            ends, pos = [0], 0
            for _, t in gold:
                if t:
                    pos = max(t) + 1
                ends.append(pos)
            at = min(ends, key=lambda e: abs(e - len(tgt) / 2))
        moved = lambda ids: [j + k if j >= at else j for j in ids]
        stray = [([], [j]) for j in range(at, at + k)]
        beads, placed = [], False
        for s, t in gold:
            if not placed and t and min(t) >= at:
                beads += stray
                placed = True
            beads.append((s, moved(t)))
        if not placed:
            beads += stray
        (out / f"{doc}.src").write_text(src, encoding="utf-8")
        (out / f"{doc}.tgt").write_text("\n".join(tgt[:at] + other[:k] + tgt[at:]) + "\n", encoding="utf-8")
        (out / f"{doc}.gold").write_text("\n".join(format_bead(s, t) for s, t in beads) + "\n",
                                         encoding="utf-8")
