//! Proofreading (校对). PLACEHOLDER: the proofreading work fills it in.
