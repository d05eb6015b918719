//! The yijian web application (work in progress: see issue 5).
