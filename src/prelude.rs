//! The `alloc` items the crate uses, imported the same way with and without
//! `std`: `use crate::prelude::*;`.

pub(crate) use alloc::borrow::Cow;
pub(crate) use alloc::string::{String, ToString};
pub(crate) use alloc::vec::Vec;
pub(crate) use alloc::{format, vec};
