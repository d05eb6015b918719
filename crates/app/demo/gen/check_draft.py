"""Check a demo draft: structure, paragraph lengths, punctuation, repeated characters."""
import re, sys

def paragraphs(text):
    return [l for l in text.splitlines() if l.strip() and not l.startswith('#')]

def check(path):
    text = open(path, encoding='utf-8').read()
    lines = text.splitlines()
    errs = []
    parts = [l for l in lines if l.startswith('## 第')]
    if len(parts) != 7: errs.append(f'parts={len(parts)}')
    ps = paragraphs(text)
    for i, p in enumerate(ps, 1):
        n = len(p)
        if not 60 <= n <= 250: errs.append(f'p{i} len {n}')
        if not p.endswith('。'): errs.append(f'p{i} does not end with 。')
        if re.search(r'[,.;:?!()"\'\[\]]', p): errs.append(f'p{i} half-width punct')
        for a, b in (('《', '》'), ('“', '”'), ('（', '）')):
            if p.count(a) != p.count(b): errs.append(f'p{i} unbalanced {a}{b}')
        m = re.search(r'([\u4e00-\u9fff])\1', p)
        if m: errs.append(f'p{i} repeated {m.group(0)}')
    for l in lines:
        if l.startswith('#'):
            if re.search(r'([\u4e00-\u9fff])\1', l): errs.append(f'heading repeated: {l}')
    # blank line between paragraphs
    for a, b in zip(lines, lines[1:]):
        if a.strip() and b.strip(): errs.append(f'no blank line between: {a[:10]} / {b[:10]}')
    return ps, errs

if __name__ == '__main__':
    for path in sys.argv[1:]:
        ps, errs = check(path)
        print(path, 'paragraphs', len(ps), 'chars', sum(map(len, ps)))
        for e in errs: print('  ', e)
