//! Generated public comments for the search benchmarks: 50–400 characters (mean ≈ 143) of policy
//! vocabulary in sentence patterns, from a seeded generator (same seed, same corpus). Not a
//! realistic corpus (another crate will provide one); good enough to give jieba real words,
//! the index a skewed vocabulary (a few words in most comments, many rare ones) and the
//! queries common words.
//!
//! Shared by `yijian-text`'s `segment` bench and `yijian-app`'s `search` bench (`#[path]`).

#![allow(dead_code)]

/// Topics people comment on: frequent first (picked with a skewed distribution).
pub const TOPICS: &[&str] = &[
    "养老服务",
    "医疗保障",
    "教育公平",
    "就业",
    "住房保障",
    "乡村振兴",
    "生态环境",
    "营商环境",
    "社会保障",
    "基层治理",
    "食品安全",
    "交通出行",
    "数字经济",
    "科技创新",
    "文化建设",
    "公共卫生",
    "托育服务",
    "残疾人权益",
    "农民工工资",
    "城市更新",
    "老旧小区改造",
    "垃圾分类",
    "个人所得税",
    "长期护理保险",
    "义务教育",
    "职业教育",
    "新能源汽车",
    "农村土地",
    "知识产权保护",
    "中小企业融资",
    "高质量发展",
    "中国式现代化",
    "新质生产力",
    "共同富裕",
    "全过程人民民主",
];

const SUBJECTS: &[&str] = &[
    "政府",
    "有关部门",
    "地方各级政府",
    "社区",
    "街道办事处",
    "企业",
    "学校",
    "医院",
    "相关机构",
    "财政部门",
    "人社部门",
    "市场监管部门",
];

const VERBS: &[&str] = &[
    "加强", "完善", "推进", "落实", "加大", "优化", "提高", "健全", "规范", "支持", "保障", "扩大",
];

const OBJECTS: &[&str] = &[
    "投入力度",
    "监管机制",
    "服务质量",
    "政策支持",
    "资金保障",
    "人才队伍建设",
    "信息公开",
    "考核评价",
    "基础设施",
    "制度建设",
    "补贴标准",
    "宣传引导",
];

const OPENERS: &[&str] = &[
    "建议",
    "希望",
    "我认为",
    "作为一名基层工作者，我建议",
    "针对征求意见稿第三部分，建议",
    "关于这一条，",
    "本人长期关注这个问题，",
    "我们小区的居民普遍反映，",
];

const CONNECTORS: &[&str] = &[
    "同时",
    "此外",
    "另外",
    "特别是",
    "尤其是在农村地区",
    "在具体执行中",
    "从实际情况看",
    "与此同时",
];

const DETAILS: &[&str] = &[
    "让群众有更多获得感",
    "切实减轻家庭负担",
    "避免一刀切",
    "明确责任分工",
    "建立长效机制",
    "加强跨部门协调",
    "充分听取群众意见",
    "确保政策落地见效",
    "提高办事效率",
    "缩小城乡差距",
    "防止形式主义",
    "保护个人信息",
    "2025年以前完成试点",
    "每年至少评估一次",
    "覆盖率达到90%以上",
];

const NAMES: &[&str] = &[
    "张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏",
];

/// A small seeded generator (xorshift64*), no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }

    /// Skewed: low indexes much more often (roughly Zipf-like).
    pub fn pick_skewed<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        let a = self.below(xs.len());
        let b = self.below(a + 1);
        xs[self.below(b + 1)]
    }
}

/// One comment of 50–400 characters, most of them short: 50 + a·b/330 with a, b uniform in
/// 0..=350, a mean of about 143 characters (the corpus: 145 M characters per million).
pub fn comment(rng: &mut Rng) -> String {
    let target = 50 + rng.below(351) * rng.below(351) / 330;
    let mut out = String::new();
    let mut chars = 0;
    let topic = rng.pick_skewed(TOPICS);
    while chars < target {
        let mut s = String::new();
        match rng.below(4) {
            0 => {
                s.push_str(rng.pick(OPENERS));
                s.push_str(rng.pick(SUBJECTS));
                s.push_str(rng.pick(VERBS));
                s.push_str(if rng.below(3) == 0 {
                    rng.pick_skewed(TOPICS)
                } else {
                    topic
                });
                s.push_str(rng.pick(OBJECTS));
            }
            1 => {
                s.push_str(rng.pick(CONNECTORS));
                s.push('，');
                s.push_str(rng.pick(VERBS));
                s.push_str(topic);
                s.push_str("领域的");
                s.push_str(rng.pick(OBJECTS));
                s.push('，');
                s.push_str(rng.pick(DETAILS));
            }
            2 => {
                s.push_str(rng.pick(NAMES));
                s.push_str("等居民提出，");
                s.push_str(rng.pick(SUBJECTS));
                s.push_str("应当");
                s.push_str(rng.pick(VERBS));
                s.push_str(rng.pick_skewed(TOPICS));
                s.push('和');
                s.push_str(rng.pick_skewed(TOPICS));
            }
            _ => {
                s.push('在');
                s.push_str(topic);
                s.push_str("方面，");
                s.push_str(rng.pick(DETAILS));
                s.push('，');
                s.push_str(rng.pick(DETAILS));
            }
        }
        s.push(if rng.below(6) == 0 { '；' } else { '。' });
        chars += s.chars().count();
        out.push_str(&s);
    }
    // Cut to the target at a character boundary (the last sentence may be cut short).
    out.chars().take(target.max(50)).collect()
}

/// 200 queries of one to three common words (topics, verbs, objects; some phrases).
pub fn queries(rng: &mut Rng, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| {
            let words = 1 + rng.below(3);
            (0..words)
                .map(|i| match (i + rng.below(3)) % 3 {
                    0 => rng.pick_skewed(TOPICS),
                    1 => rng.pick(VERBS),
                    _ => rng.pick(OBJECTS),
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}
