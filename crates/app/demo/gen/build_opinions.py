"""Compose opinions.json from the revisions (revisions.py) and the hand-written material (material.py).

Run from crates/app/demo after build_cast.py:  python3 gen/build_opinions.py
Deterministic: no randomness, only rotations over the material.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import material as M  # noqa: E402
from revisions import EDITS, DELETED, MOVED, SPLIT, MERGED, INSERTED  # noqa: E402
from build_v2 import load_v1, edit_opts  # noqa: E402

PUNCT = '，。；：、“”（）《》'

_, PARAS = load_v1()
N = len(PARAS)
CAST = json.load(open(os.path.join(DEMO, 'cast.json'), encoding='utf-8'))
BODIES = {b['key']: b for b in CAST['bodies']}
PEOPLE = {p['key']: p for p in CAST['people']}

# Bodies that answer in writing, and how many items each can take.
SILENT = {'r16', 'd11'}
WRITERS = [b['key'] for b in CAST['bodies']
           if b['kind'] == 'consultee' and not b.get('out_of_scope')
           and b['category'] != 'non_party' and b['key'] not in SILENT]


def capacity(key):
    cat = BODIES[key]['category']
    i = int(re.sub(r'\D', '', key))
    if cat == 'region':
        return 14 + (i * 5) % 7          # 14..20
    if cat == 'department':
        return 9 + (i * 3) % 5           # 9..13
    if cat == 'party':
        return 5 + (i * 2) % 4           # 5..8
    if cat == 'federation':
        return 8
    return 5 + i % 2                     # senior members: 5..6


def rng(*spans):
    s = set()
    for a, b in spans:
        s |= set(range(a, b + 1))
    return s


FOCUS = {
    'd01': rng((38, 51), (64, 70)), 'd02': rng((52, 56), (100, 104)), 'd03': rng((33, 37), (67, 67), (105, 108)),
    'd04': rng((71, 75), (91, 95)), 'd05': rng((76, 80)), 'd06': rng((62, 66)), 'd07': rng((57, 61)),
    'd08': rng((8, 8), (20, 22), (61, 61), (96, 99)), 'd09': rng((81, 85)), 'd10': rng((86, 90)),
    'f01': rng((32, 32), (45, 48), (52, 55), (67, 70), (100, 104)),
    's01': rng((1, 37), (105, 115)), 's02': rng((38, 51), (62, 66), (89, 89), (96, 99)),
    's03': rng((1, 18), (71, 90), (109, 115)),
}


def eligible(key, item):
    cat = BODIES[key]['category']
    if item.get('regions_only') and cat != 'region':
        return False
    p = item['paragraph']
    if key in FOCUS:
        return p is None or p in FOCUS[key]
    return True


def clean(s):
    """Text of a revision as quoted inside “…” in an opinion: no dangling separators, inner quotes as ‘…’."""
    return s.strip('，。；：、').replace('“', '‘').replace('”', '’')


def balanced(q):
    return all(q.count(a) == q.count(b) for a, b in (('（', '）'), ('“', '”'), ('《', '》')))


def quote_for(p, s):
    """An exact substring of paragraph p of 4..20 characters built around s."""
    t = PARAS[p - 1]
    i = t.index(s)
    if len(s) > 20:
        q = s[:20]
        cut = max(q.rfind(c) for c in '，。；：、（“《')
        if cut >= 6:
            q = q[:cut]
        while not balanced(q):
            q = q[:-1]
    else:
        q = s
        j = i
        while (len(q) < 4 or q[0] in '，。；：、' or t[j - 1] not in '，。；：、') and j > 0 and len(q) < 12 and len(s) < 4:
            j -= 1
            q = t[j] + q
        q = q.lstrip('，。；：、')
        j = i + len(s)
        while len(q) < 4 and j < len(t):
            q += t[j]
            j += 1
    assert q in t and 4 <= len(q) <= 20 and balanced(q), (p, q)
    return q


def clause_quote(p, k):
    t = PARAS[p - 1]
    cl = [c for c in re.split('[，。；：]', t) if 4 <= len(c) <= 20
          and c.count('（') == c.count('）') and c.count('“') == c.count('”')]
    if not cl:
        return None
    return cl[0]


def lengthen(text):
    if len(text) < 20 and text.endswith('。'):
        for tail in ('，使表述更加全面。', '，使表述更加准确、完整。'):
            if len(text[:-1] + tail) >= 20:
                return text[:-1] + tail
    return text


def item(paragraph, kind, text, disposition, reason, quote=None, **extra):
    assert 20 <= len(text) <= 120, (len(text), text)
    d = {'paragraph': paragraph, 'kind': kind, 'text': text, 'disposition': disposition, 'reason': reason}
    if quote:
        assert paragraph and quote in PARAS[paragraph - 1], (paragraph, quote)
        d['quote'] = quote
    d.update(extra)
    return d


CHANGED = set()  # v1 paragraphs that change in v2


def edit_items():
    adopted, partly = [], []
    group_pars = {g[0] for g in M.GROUPS if g[1] in ('adopted', 'partly_adopted')}
    n_r = n_a = n_p = 0
    for idx, e in enumerate(EDITS):
        kind, p = e[0], e[1]
        CHANGED.add(p)
        o = edit_opts(e)
        if o.get('own') or p in group_pars:
            continue
        if 'text' not in o and idx % 6 == 4:
            continue  # the drafting group's own revision
        t = M.TOPICS[p]
        if kind == 'r':
            old, new = e[2], e[3]
            tpls = M.EDIT_TEXT['r'] if p not in M.INTRO else M.EDIT_TEXT['r'][:3]
            tpl = tpls[n_r % len(tpls)]
            n_r += 1
            text = o.get('text') or tpl.format(old=clean(old), new=clean(new), t=t)
            if len(text) > 120:
                text = '建议修改本段关于{t}的表述：将“{old}”改为“{new}”。'.format(t=t, old=clean(old), new=clean(new))
            k = o.get('kind') or ('correction' if len(old) <= 6 and len(new) <= 8 else 'suggestion')
            q = quote_for(p, old)
        elif kind == 'a':
            anchor, add = e[2], e[3]
            tpl = M.EDIT_TEXT['a'][n_a % len(M.EDIT_TEXT['a'])]
            n_a += 1
            text = o.get('text') or lengthen(tpl.format(add=clean(add), t=t))
            k = o.get('kind') or 'suggestion'
            q = quote_for(p, anchor)
            old, new = anchor, anchor + add
        else:
            old = e[2]
            text = o.get('text') or M.EDIT_TEXT['d'][0].format(old=clean(old))
            k = o.get('kind') or 'opinion'
            q = quote_for(p, old)
        reason = M.EDIT_REASON[idx % len(M.EDIT_REASON)]
        adopted.append(item(p, k, text, 'adopted', reason, q if idx % 3 != 2 else None))
        # every third edit: another body asked for more than was done
        substantial = kind == 'a' or (kind == 'r' and len(new) - len(old) >= 3 and 'kind' not in o)
        if kind in M.PARTLY and idx % 3 != 1 and substantial and 'text' not in o and p not in M.INTRO:
            tpls = M.PARTLY[kind]
            tpl, why = tpls[n_p % len(tpls)]
            n_p += 1
            ptext = tpl.format(old=clean(old), new=clean(new), add=clean(new[len(old):]) if kind == 'a' else '')
            if len(ptext) <= 120:
                partly.append(item(p, 'suggestion', ptext, 'partly_adopted', why))
    return adopted, partly


def structural_items():
    out = []
    for p, text in DELETED.items():
        CHANGED.add(p)
        out.append(item(p, 'opinion', text, 'adopted', '采纳，已删去本段。'))
    for p, (_, text) in MOVED.items():
        CHANGED.add(p)
        out.append(item(p, 'suggestion', text, 'adopted', '采纳，已调整段落顺序。'))
    for p, (_, text) in SPLIT.items():
        CHANGED.add(p)
        out.append(item(p, 'suggestion', text, 'adopted', '采纳，已将本段分为两段，并充实了相关内容。'))
    for p, (q, text) in MERGED.items():
        CHANGED.update({p, q})
        out.append(item(p, 'suggestion', text, 'adopted', '采纳，已将两段合并。'))
    group_pars = {g[0] for g in M.GROUPS}
    for after, _, text in INSERTED:
        CHANGED.add(after)
        if after in group_pars:
            continue
        out.append(item(after, 'suggestion', text, 'adopted', '采纳，已增写一段。'))
    return out


def topic_items():
    endorse, reflected, notad = [], [], []
    skip = set(DELETED) | set(MOVED) | {q for q, _ in MERGED.values()}
    k = 0
    for j in range(120):
        p = (j * 37) % N + 1
        intro = p in M.INTRO
        t = M.TOPICS[p]
        which = j % 9
        if which in (0, 3, 6):     # endorsement
            tpls = M.ENDORSE_INTRO if intro else M.ENDORSE
            text, why = tpls[j % len(tpls)]
            endorse.append(item(p, 'endorsement', text.format(t=t), 'already_reflected', why,
                                clause_quote(p, j) if j % 2 == 0 else None))
        elif which in (1, 4, 7):   # already reflected
            tpls = M.REFLECTED_INTRO if intro else M.REFLECTED
            text, why = tpls[j % len(tpls)]
            reflected.append(item(p, 'suggestion' if j % 2 else 'opinion', text.format(t=t), 'already_reflected', why,
                                  clause_quote(p, j) if j % 3 == 0 else None))
        else:                      # not adopted
            if p in skip:
                continue
            tpls = M.NOT_ADOPTED_INTRO if intro else M.NOT_ADOPTED
            text, why = tpls[k % len(tpls)]
            k += 1
            notad.append(item(p, 'suggestion' if k % 3 else 'opinion', text.format(t=t), 'not_adopted', why,
                              clause_quote(p, j) if j % 2 == 1 else None))
    return endorse[:26], reflected[:28], notad[:40]


def out_of_scope_items():
    out = []
    for j, (p, text, why, ro) in enumerate(M.OUT_OF_SCOPE):
        for r in range(2 if j % 3 != 2 else 1):
            out.append(item(p, 'suggestion', text, 'out_of_scope', why, regions_only=ro))
    return out


def general_items():
    out = []
    for j, (text, kind, disp, why) in enumerate(M.GENERAL):
        for r in range(2 if j % 4 != 3 else 1):
            out.append(item(None, kind, text, disp, why))
    return out


PREFIX = {
    'region': ['结合本省实际，', '从基层调研情况看，', '基层同志反映，'],
    'department': ['从本部门工作情况看，', '结合部门职责，'],
    'party': ['经研究，', '我们认为，'],
    'federation': ['从工商界反映的情况看，'],
    'senior_members': ['老同志们认为，'],
}


def assign(pool, preassigned):
    load = {k: 0 for k in WRITERS}
    pars = {k: set() for k in WRITERS}
    texts = {k: set() for k in WRITERS}
    out = {k: [] for k in WRITERS}
    for key, it in preassigned:
        out[key].append(it)
        load[key] += 1
        pars[key].add(it['paragraph'])
        texts[key].add(it['text'])
    for n, it in enumerate(pool):
        cands = [k for k in WRITERS if eligible(k, it) and load[k] < capacity(k) and it['text'] not in texts[k]]
        best = [k for k in cands if it['paragraph'] is None or it['paragraph'] not in pars[k]] or cands
        if not best:
            best = [k for k in WRITERS if load[k] < capacity(k) and it['text'] not in texts[k]
                    and BODIES[k]['category'] == 'region']
        assert best, it
        # fill the body with the most room left; rotate ties
        best.sort(key=lambda k: (-(capacity(k) - load[k]) / capacity(k), (WRITERS.index(k) * 7 + n) % len(WRITERS)))
        k = best[0]
        it = dict(it)
        it.pop('regions_only', None)
        cat = BODIES[k]['category']
        if it['text'].startswith('建议') and n % 4 == 1:
            pre = PREFIX[cat][n % len(PREFIX[cat])]
            if len(pre + it['text']) <= 120:
                it['text'] = pre + it['text']
        out[k].append(it)
        load[k] += 1
        pars[k].add(it['paragraph'])
        texts[k].add(it['text'])
    return out


def build():
    adopted, partly = edit_items()
    structural = structural_items()
    endorse, reflected, notad = topic_items()
    oos = out_of_scope_items()
    general = general_items()
    cat_general = []
    for cat, lst in M.GENERAL_BY_CATEGORY.items():
        keys = [k for k in WRITERS if BODIES[k]['category'] == cat][:3]
        for k in keys:
            for text, kind, disp, why in lst:
                cat_general.append((k, item(None, kind, text, disp, why)))

    group_items = []
    for gi, (p, disp, why, view, members) in enumerate(M.GROUPS):
        for body, text, kind in members:
            it = item(p, kind, text, disp, why, group=gi)
            group_items.append((body, it))

    # interleave the pool so that each body receives a varied mix
    streams = [adopted, structural, partly, endorse, reflected, notad, oos, general]
    pool = []
    i = 0
    while any(streams):
        for s in streams:
            if s:
                pool.append(s.pop(0))
        i += 1
    by_body = assign(pool, group_items + cat_general)

    responses = []
    groups = [{'common_view': g[3], 'items': [], 'disposition': g[1], 'reason': g[2]} for g in M.GROUPS]
    for k in WRITERS:
        items = sorted(by_body[k], key=lambda it: (it['paragraph'] is None, it['paragraph'] or 0))
        out = []
        for n, it in enumerate(items, 1):
            it = dict(it)
            g = it.pop('group', None)
            iid = f'{k}-{n}'
            if g is not None:
                groups[g]['items'].append(iid)
            d = {'id': iid, 'paragraph': it['paragraph']}
            if 'quote' in it:
                d['quote'] = it['quote']
            d.update({'kind': it['kind'], 'text': it['text'], 'disposition': it['disposition'], 'reason': it['reason']})
            out.append(d)
        responses.append({'body': k, 'items': out})

    def speaker(key):
        return M.HEARING_EXTRA_SPEAKERS.get(key) or PEOPLE[key]['name']

    hearing = {'title': '征求党外人士意见座谈会', 'held_on': '2026-09-15', 'items': []}
    for n, (sp, body, p, kind, text, disp, why) in enumerate(M.HEARING, 1):
        hearing['items'].append({'id': f'h-{n}', 'speaker': speaker(sp), 'body': body, 'paragraph': p,
                                 'kind': kind, 'text': text, 'disposition': disp, 'reason': why})

    plenary = [{'speaker': sp, 'paragraph': p, 'text': text, 'kind': kind, 'disposition': disp, 'reason': why}
               for sp, p, kind, text, disp, why in M.PLENARY]

    topic = {'question': M.TOPIC_QUESTION, 'opened_on': '2026-04-01', 'closes_on': '2026-04-30',
             'responses': [{'body': b, 'items': [{'kind': k, 'text': t} for k, t in its]}
                           for b, its in M.TOPIC_RESPONSES]}
    doc = {
        'topic_consultation': topic,
        'draft_consultation': {'opened_on': '2026-09-06', 'closes_on': '2026-09-30', 'responses': responses},
        'hearing': hearing,
        'groups': groups,
        'plenary_group_opinions': plenary,
    }
    with open(os.path.join(DEMO, 'opinions.json'), 'w', encoding='utf-8') as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write('\n')
    return doc


def report(doc):
    from collections import Counter
    items = [it for r in doc['draft_consultation']['responses'] for it in r['items']]
    print('written items', len(items), 'bodies', len(doc['draft_consultation']['responses']))
    c = Counter(it['disposition'] for it in items)
    print({k: (v, round(100 * v / len(items))) for k, v in c.items()})
    print('kinds', Counter(it['kind'] for it in items))
    print('general', sum(1 for it in items if it['paragraph'] is None))
    print('per body', {r['body']: len(r['items']) for r in doc['draft_consultation']['responses']})
    print('groups', [len(g['items']) for g in doc['groups']], 'hearing', len(doc['hearing']['items']))
    # adopted items must point at paragraphs that change in v2
    bad = [it['id'] for it in items if it['disposition'] in ('adopted', 'partly_adopted')
           and it['paragraph'] is not None and it['paragraph'] not in CHANGED]
    print('adopted on unchanged paragraphs', bad)


if __name__ == '__main__':
    report(build())
