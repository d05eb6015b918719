//! The words a theme is made of: jieba's words minus what says nothing about a topic.

use crate::segment::Segmenter;

/// Words that occur in comments on any topic (function words, opinion verbs, politeness).
/// Single characters are dropped anyway.
pub const STOP_WORDS: &[&str] = &[
    "我们",
    "你们",
    "他们",
    "她们",
    "自己",
    "大家",
    "这个",
    "那个",
    "这些",
    "那些",
    "这样",
    "那样",
    "什么",
    "怎么",
    "如何",
    "为什么",
    "因为",
    "所以",
    "但是",
    "而且",
    "并且",
    "以及",
    "或者",
    "还是",
    "如果",
    "虽然",
    "可以",
    "应该",
    "应当",
    "需要",
    "能够",
    "必须",
    "希望",
    "建议",
    "认为",
    "觉得",
    "意见",
    "提出",
    "表示",
    "进行",
    "通过",
    "关于",
    "对于",
    "有关",
    "相关",
    "一些",
    "一个",
    "没有",
    "不是",
    "就是",
    "非常",
    "特别",
    "已经",
    "目前",
    "现在",
    "同时",
    "其中",
    "之一",
    "方面",
    "问题",
    "情况",
    "工作",
    "内容",
    "规定",
    "条例",
    "草案",
    "征求意见稿",
    "本条",
    "该条",
    "第一",
    "第二",
    "第三",
    "您好",
    "你好",
    "谢谢",
    "此致",
    "敬礼",
    "尊敬",
    "领导",
    "各位",
    "以上",
    "如下",
    "进一步",
    "更加",
    "加强",
    "完善",
];

/// The words of `text` that can characterise a theme: at least two characters, at least one
/// of them a letter (not digits or punctuation), not a stop word.
pub fn theme_words(text: &str) -> Vec<&str> {
    Segmenter::shared()
        .cut(text)
        .into_iter()
        .filter(|w| is_theme_word(w))
        .collect()
}

/// Whether a single word can characterise a theme (see [`theme_words`]).
pub fn is_theme_word(word: &str) -> bool {
    let mut chars = 0;
    let mut letters = 0;
    for c in word.chars() {
        chars += 1;
        if c.is_alphabetic() && !is_numeral(c) {
            letters += 1;
        }
    }
    chars >= 2 && letters > 0 && !STOP_WORDS.contains(&word)
}

/// Chinese numerals count as digits here: 第十二 is a reference, not a topic.
fn is_numeral(c: char) -> bool {
    "零一二三四五六七八九十百千万两第条款项章节".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_topic_words_and_drops_the_rest() {
        let words = theme_words("我们建议，第十二条的养老服务补贴应当提高到500元。");
        assert!(words.contains(&"养老"), "{words:?}");
        assert!(words.contains(&"补贴"), "{words:?}");
        for dropped in ["我们", "建议", "应当", "，", "。", "500", "的"] {
            assert!(!words.contains(&dropped), "{dropped} in {words:?}");
        }
        assert!(!words.iter().any(|w| w.contains("十二")), "{words:?}");
    }

    #[test]
    fn nothing_usable_gives_no_words() {
        assert!(theme_words("").is_empty());
        assert!(theme_words("！！！……123").is_empty());
        assert!(theme_words("我们建议。").is_empty());
    }
}
