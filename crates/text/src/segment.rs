//! Word segmentation. PLACEHOLDER: the text-engine work fills it in.
