"""Build draft_v2.md (送审稿) from draft_v1.md and the revisions in revisions.py.

Run from crates/app/demo:  python3 gen/build_v2.py
Deterministic; rewrites draft_v2.md.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from revisions import EDITS, DELETED, MOVED, SPLIT, MERGED, INSERTED  # noqa: E402


def is_para(line):
    return bool(line.strip()) and not line.startswith('#')


def load_v1():
    text = open(os.path.join(DEMO, 'draft_v1.md'), encoding='utf-8').read()
    lines = text.splitlines()
    paras = [l for l in lines if is_para(l)]
    return lines, paras


def edit_opts(e):
    return e[-1] if isinstance(e[-1], dict) else {}


def apply_edits(paras):
    """Returns the list of paragraph texts after in-paragraph edits (index 0 = paragraph 1)."""
    out = list(paras)
    for e in EDITS:
        kind, p = e[0], e[1]
        t = out[p - 1]
        if kind == 'r':
            old, new = e[2], e[3]
            assert t.count(old) == 1, (p, old)
            assert paras[p - 1].count(old) == 1, (p, old)
            t = t.replace(old, new)
        elif kind == 'a':
            anchor, add = e[2], e[3]
            assert t.count(anchor) == 1, (p, anchor)
            assert paras[p - 1].count(anchor) == 1, (p, anchor)
            t = t.replace(anchor, anchor + add)
        elif kind == 'd':
            old = e[2]
            assert t.count(old) == 1, (p, old)
            t = t.replace(old, '')
        else:
            raise ValueError(kind)
        out[p - 1] = t
    return out


def build():
    lines, paras = load_v1()
    edited = apply_edits(paras)
    moved_after = {}
    for p, (after, _) in MOVED.items():
        moved_after.setdefault(after, []).append(p)
    inserted_after = {}
    for after, text, _ in INSERTED:
        inserted_after.setdefault(after, []).append(text)
    merged_second = {second for (second, _) in MERGED.values()}

    out = []
    n = 0
    for line in lines:
        if not is_para(line):
            if line.startswith('# '):
                line = line.replace('（征求意见稿）', '（送审稿）')
            out.append(line)
            continue
        n += 1
        emit = []
        if n in DELETED or n in MOVED or n in merged_second:
            pass
        elif n in SPLIT:
            marker = SPLIT[n][0]
            t = edited[n - 1]
            i = t.index(marker)
            emit += [t[:i], t[i:]]
        elif n in MERGED:
            second = MERGED[n][0]
            emit.append(edited[n - 1] + edited[second - 1])
        else:
            emit.append(edited[n - 1])
        for m in moved_after.get(n, []):
            emit.append(edited[m - 1])
        for t in inserted_after.get(n, []):
            emit.append(t)
        if not emit:
            # drop the paragraph line and the blank line that follows it
            out.append(None)
            continue
        out.append('\n\n'.join(emit))
    # remove dropped paragraphs together with one adjacent blank line
    result = []
    skip_blank = False
    for l in out:
        if l is None:
            skip_blank = True
            continue
        if skip_blank and l == '':
            skip_blank = False
            continue
        skip_blank = False
        result.append(l)
    text = '\n'.join(result).rstrip('\n') + '\n'
    open(os.path.join(DEMO, 'draft_v2.md'), 'w', encoding='utf-8').write(text)
    return text


if __name__ == '__main__':
    build()
    print('wrote draft_v2.md')
