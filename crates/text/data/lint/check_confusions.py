#!/usr/bin/env python3
"""Curation check for confusions.tsv (the confusable rule's list).

Usage: python3 check_confusions.py [JIEBA_DICT]   (default: jieba-rs's dict.txt in ~/.cargo)

jieba's dictionary was built from web text: it knows real words with their frequencies, and
also many misspellings with tiny frequencies. The script reports, for each entry of the list:

  a. a wrong form that is a frequent dictionary word (a real word or a variant spelling in
     use): drop the entry;                                                     [fails the check]
  b. a dictionary word that contains the wrong form and is not itself a misspelling: add it
     to the entry's exceptions, or drop the entry;                             [fails the check]
  c. (advice) the entries most likely to appear across a word boundary in correct text
     (学习|贯彻 holds 习贯): for each, the commonest words ending in its first character and
     starting with its last; add the real collocations as exceptions.
"""
import collections
import glob
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load_dict(path):
    freq = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) >= 2:
                freq[p[0]] = int(p[1])
    return freq


def load_list(path):
    entries = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            c = line.rstrip("\n").split("\t")
            exc = [x for x in c[3].split("|") if x] if len(c) > 3 else []
            entries.append((c[0], c[1], c[2], exc))
    return entries


def main():
    if len(sys.argv) > 1:
        dict_path = sys.argv[1]
    else:
        found = glob.glob(os.path.expanduser("~/.cargo/registry/src/*/jieba-rs-*/src/data/dict.txt"))
        if not found:
            sys.exit("jieba dict.txt not found; pass its path")
        dict_path = sorted(found)[-1]
    freq = load_dict(dict_path)
    entries = load_list(os.path.join(HERE, "confusions.tsv"))
    print(f"{len(entries)} entries; dictionary {dict_path} ({len(freq)} words)")
    failed = False

    print("a. wrong forms that are frequent dictionary words")
    for w, r, _, _ in entries:
        fw, fr = freq.get(w, 0), freq.get(r, 0)
        if fw > max(30, fr / 5):
            print(f"   {w} ({fw}) -> {r} ({fr})")
            failed = True

    print("b. dictionary words containing a wrong form, not excepted")
    for word, f in freq.items():
        if f < 5 or len(word) < 3:
            continue
        for w, r, _, exc in entries:
            if w in word and word != w and not any(x in word or word in x for x in exc):
                if freq.get(word.replace(w, r), 0) > f:
                    continue  # the word is itself a misspelling
                print(f"   {w}: {word} ({f})")
                failed = True

    print("c. most likely across a word boundary (advice)")
    ends, starts = collections.Counter(), collections.Counter()
    for word, f in freq.items():
        if len(word) >= 2:
            ends[word[-1]] += f
            starts[word[0]] += f
    risk = sorted(
        ((ends[w[0]] * starts[w[-1]], w, r, exc) for w, r, _, exc in entries if len(w) == 2),
        reverse=True,
    )
    for _, w, r, exc in risk[:40]:
        a = sorted(((f, x) for x, f in freq.items() if len(x) == 2 and x[-1] == w[0]), reverse=True)[:4]
        b = sorted(((f, x) for x, f in freq.items() if len(x) == 2 and x[0] == w[-1]), reverse=True)[:4]
        print(f"   {w}->{r} exceptions={'|'.join(exc) or '-'}: {' '.join(x for _, x in a)} | {' '.join(x for _, x in b)}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
