//! The records of a drafting effort. Plain data: the rules that govern changes to them live
//! in [`crate::rules`].

mod enums;
mod records;

pub use enums::*;
pub use records::*;
