#!/usr/bin/env python3
"""Writes a synthetic document pair for benchmarks: N source sentences of
random words and numbers, and a 'translation' with the same words (so
anchors and lengths carry signal), where about 5% of sentences are merged,
5% split and 2% left out. Deterministic for a given N."""

import random
import sys


def main():
    n, src_path, tgt_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rng = random.Random(20261129)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 10))) for _ in range(5000)]

    def sentence():
        words = [rng.choice(vocab) for _ in range(rng.randint(4, 30))]
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), str(rng.randint(1, 100000)))
        words[0] = words[0].capitalize()
        return " ".join(words) + "."

    src, tgt = [], []
    while len(src) < n:
        s = sentence()
        r = rng.random()
        if r < 0.02:
            src.append(s)
        elif r < 0.07:
            s2 = sentence()
            src += [s, s2]
            tgt.append(s + " " + s2)
        elif r < 0.12:
            s2 = sentence()
            src.append(s + " " + s2)
            tgt += [s, s2]
        else:
            src.append(s)
            tgt.append(s)
    with open(src_path, "w", encoding="utf-8") as f:
        f.write("\n".join(src[:n]) + "\n")
    with open(tgt_path, "w", encoding="utf-8") as f:
        f.write("\n".join(tgt) + "\n")


if __name__ == "__main__":
    main()
