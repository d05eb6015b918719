"""Build cast.json: the dossier, its bodies and its people. All names are invented.

Run from crates/app/demo:  python3 gen/build_cast.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.dirname(HERE)

TITLE = '关于推进城乡基层治理现代化若干重大问题的决定'

DOSSIER = {
    'title': TITLE,
    'purpose': '城乡结构和社会组织形态正在发生深刻变化，基层负担过重、权责不对等、公共服务不均衡等问题在各地反映集中。'
               '常务委员会决定就推进城乡基层治理现代化作出决定，对基层治理的体制、机制和保障作出系统部署，夯实长治久安的根基。',
    'requirements': '起草工作要坚持问题导向，聚焦基层反映强烈的突出问题，提出务实管用、可操作的举措；'
                    '要广泛听取各地区各部门和党外人士的意见，做到能吸收的尽量吸收；'
                    '文稿要结构严谨、文字精炼，重要表述与此前有关文件的结论保持一致。',
    'topic_decided_on': '2026-03-10',
}

LEADERSHIP = [
    {'key': 'standing', 'name': '中央领导委员会常务委员会', 'kind': 'leading', 'category': None},
    {'key': 'politburo', 'name': '中央领导委员会审议委员会', 'kind': 'review', 'category': None},
    {'key': 'plenary', 'name': '中央领导委员会第五次全体会议', 'kind': 'plenary', 'category': None},
    {'key': 'drafting', 'name': '《' + TITLE + '》文件起草组', 'kind': 'drafting_group', 'category': None},
]

REGIONS = ['东海省', '西川省', '北原省', '南江省', '中州省', '云岭省', '青河省', '安平省',
           '江北省', '湖阳省', '海滨市', '岭东省', '河西省', '塞北自治区', '平原省', '东陵省']
DEPARTMENTS = ['民政部门', '财政部门', '人力资源社会保障部门', '司法行政部门', '公安部门',
               '卫生健康部门', '教育部门', '农业农村部门', '应急管理部门', '数据管理部门',
               '住房城乡建设部门']
PARTIES = ['民主建设党中央', '民主协进会中央', '民主团结同盟中央', '人民民主社中央', '公正民主党中央', '新民社中央']
FEDERATIONS = ['工商业联合会']
NON_PARTY = ['无党派人士代表（第一组）', '无党派人士代表（第二组）']
SENIORS = ['老同志座谈小组（第一组）', '老同志座谈小组（第二组）', '老同志座谈小组（第三组）']
OUT_OF_SCOPE = [('o01', '南岭省', 'region'), ('o02', '体育部门', 'department'), ('o03', '文化和旅游部门', 'department')]

SURNAMES = ['林', '赵', '孙', '周', '吴', '郑', '王', '冯', '陈', '褚', '卫', '蒋', '沈', '韩', '杨', '朱',
            '秦', '许', '何', '吕', '施', '张', '孔', '曹', '严', '华', '金', '魏', '陶', '姜', '谢', '邹',
            '柏', '窦', '章', '苏', '潘', '葛', '范', '彭', '鲁', '马', '方', '俞', '任', '袁', '柳', '唐',
            '薛', '雷', '贺', '倪', '汤', '殷', '罗', '郝', '安', '常', '乐', '于', '傅', '齐', '康', '伍']
GIVEN = ['远舟', '明岚', '启航', '书衡', '文澜', '嘉树', '立诚', '思源', '若谷', '景行', '知远', '振宇',
         '晓岑', '怀瑾', '望舒', '亦川', '伯谦', '雨桐', '清和', '承宗', '兰芝', '致远', '慕白', '安澜',
         '季昌', '秀峰', '春晖', '德馨', '海宁', '宏业', '静姝', '光远', '淑华', '国栋', '永康', '建英',
         '少卿', '子衿', '维桢', '鸿儒', '若愚', '新民', '绍华', '长庚', '玉衡', '述之', '云舒', '怀远',
         '砚秋', '敬亭', '兆丰', '继先', '平章', '秉钧', '采薇', '梦溪', '鹤年', '守拙', '元直', '学勤',
         '念慈', '仲谋', '惠芳', '书勤', '永年', '定国', '如松', '志坚', '尚文', '嘉禾']


def names():
    used = set()
    i = 0
    while True:
        s = SURNAMES[(i * 7) % len(SURNAMES)]
        g = GIVEN[(i * 11) % len(GIVEN)]
        i += 1
        n = s + g
        if n in used or s == g[0] or g[0] == g[1]:
            continue
        used.add(n)
        yield n


def bodies():
    out = list(LEADERSHIP)
    for i, n in enumerate(REGIONS, 1):
        out.append({'key': f'r{i:02}', 'name': n, 'kind': 'consultee', 'category': 'region'})
    for i, n in enumerate(DEPARTMENTS, 1):
        out.append({'key': f'd{i:02}', 'name': n, 'kind': 'consultee', 'category': 'department'})
    for i, n in enumerate(PARTIES, 1):
        out.append({'key': f'p{i:02}', 'name': n, 'kind': 'consultee', 'category': 'party'})
    for i, n in enumerate(FEDERATIONS, 1):
        out.append({'key': f'f{i:02}', 'name': n, 'kind': 'consultee', 'category': 'federation'})
    for i, n in enumerate(NON_PARTY, 1):
        out.append({'key': f'np{i:02}', 'name': n, 'kind': 'consultee', 'category': 'non_party'})
    for i, n in enumerate(SENIORS, 1):
        out.append({'key': f's{i:02}', 'name': n, 'kind': 'consultee', 'category': 'senior_members'})
    for key, n, cat in OUT_OF_SCOPE:
        out.append({'key': key, 'name': n, 'kind': 'consultee', 'category': cat, 'out_of_scope': True})
    return out


# Units whose experts contribute items, by category.
CONTRIB_UNIT = {'region': '省委政策研究室', 'department': '政策法规司', 'party': '研究室',
                'federation': '研究室', 'non_party': '', 'senior_members': ''}


def people(bs):
    gen = names()
    out = []

    def add(key, body, roles, **extra):
        d = {'key': key, 'name': next(gen), 'body': body, 'roles': roles}
        d.update(extra)
        out.append(d)

    add('leader', 'drafting', ['leader'], title='起草组组长')
    add('deputy1', 'drafting', ['deputy'], title='起草组副组长')
    add('deputy2', 'drafting', ['deputy'], title='起草组副组长')
    for i in range(1, 8):
        add(f'member{i}', 'drafting', ['member'], title='起草组成员')
    add('reviewer1', 'standing', ['reviewer'], title='常务委员会委员')
    add('reviewer2', 'standing', ['reviewer'], title='常务委员会委员')
    add('reviewer3', 'politburo', ['reviewer'], title='审议委员会委员')
    add('admin', 'drafting', ['administrator'], title='起草组秘书处工作人员')
    add('auditor', 'standing', ['auditor'], title='常务委员会办公厅审计人员')
    consultees = [b for b in bs if b['kind'] == 'consultee']
    for idx, b in enumerate(consultees):
        k = b['key']
        add(f'{k}-contact', k, ['contact'], title='联络员')
        cat = b['category']
        # heads and contributors for about half of the organisation bodies
        organised = cat in ('party', 'federation', 'non_party') or (cat in ('region', 'department') and idx % 2 == 0)
        if b.get('out_of_scope'):
            organised = False
        if organised:
            add(f'{k}-head', k, ['head'], title='负责人')
            unit = CONTRIB_UNIT.get(cat, '')
            if unit:
                add(f'{k}-expert1', k, ['contributor'], title=unit + '研究人员')
                if idx % 3 == 0:
                    add(f'{k}-expert2', k, ['contributor'], title=unit + '研究人员')
    for i in range(1, 5):
        add(f'invited{i}', None, ['consultee'], title='特邀征求意见的退休老同志')
    return out


def build():
    bs = bodies()
    cast = {'dossier': DOSSIER, 'bodies': bs, 'people': people(bs)}
    with open(os.path.join(DEMO, 'cast.json'), 'w', encoding='utf-8') as f:
        json.dump(cast, f, ensure_ascii=False, indent=2)
        f.write('\n')
    return cast


if __name__ == '__main__':
    c = build()
    print('bodies', len(c['bodies']), 'people', len(c['people']))
