//! The corpus's generator is the text engine's SplitMix64 (one implementation for the
//! corpus, the themes' sampling and the MinHash mixing).

pub use yijian_text::rng::{mix64, Rng};
