//! The pure domain of yijian: the records of a drafting effort and the rules that govern them.
//!
//! No IO here: no database, no clock, no files. Callers (the `yijian-app` crate) load the
//! records a decision needs, ask a function in [`rules`] whether it is allowed, and write.
//!
//! ```
//! use yijian_core::{rules, model::*, ids::*, time::Instant};
//! let version = Version { id: VersionId(1), dossier: DossierId(1), label: "征求意见稿".into(),
//!     parent: None, created_at: Instant(0), released_at: Some(Instant(1)) };
//! assert!(rules::check_version_editable(&version).is_err()); // released versions never change
//! ```

pub mod access;
pub mod audit;
pub mod error;
pub mod ids;
pub mod model;
pub mod rules;
pub mod time;

pub use error::DomainError;
