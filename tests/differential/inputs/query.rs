//! Query parameters: odd names and values, empty values, repeated names.

use super::key::gen_key;
use crate::rng::Rng;

/// Query parameter names; none is one of the `X-Amz-*` names presigning sets.
pub const QUERY_NAMES: &[&str] = &[
    "response-content-disposition",
    "response-content-type",
    "response-cache-control",
    "versionId",
    "prefix",
    "delimiter",
    "max-keys",
    "continuation-token",
    "x-id",
    "partNumber",
    "uploadId",
    "acl",
    "tagging",
    "uploads",
    "a b",
    "a+b",
    "a=b",
    "a&b",
    "a%20b",
    "%",
    "ü",
    "😀",
    "日本",
    "",
    "Z",
    "z",
    "_",
    "~",
    "-",
    ".",
    "0",
    "A~",
    "a.b",
    // Upper-case `X-Amz-` names sort among presigning's own parameters: one
    // in every gap between them, and one past each end.
    "X-Amz-Acl",
    "X-Amz-Checksum-Mode",
    "X-Amz-Customer-Id",
    "X-Amz-Date-Ish",
    "X-Amz-Decoded",
    "X-Amz-Meta",
    "X-Amz-Server-Side-Encryption",
    "X-Amz-Tagging",
    "x-amz-foo",
    "name;x",
    "@",
    "$",
    ",",
    "/",
    "?",
    "#",
    "[]",
    "'",
    "*",
];

pub const QUERY_VALUES: &[&str] = &[
    "",
    "",
    "1",
    "2",
    "true",
    "attachment; filename=\"a b.txt\"",
    "inline; filename*=UTF-8''%E2%82%AC%20rates.txt",
    "text/plain; charset=utf-8",
    "a+b=c&d",
    "100%",
    "%2F",
    "%20",
    "😀",
    "~",
    "photos/2024/",
    "/",
    "a b",
    "  padded  ",
    "=",
    "&",
    "?#",
    "null",
    "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA",
];

pub fn gen_query_value(rng: &mut Rng) -> String {
    if rng.chance(30) {
        gen_key(rng).chars().take(40).collect()
    } else {
        rng.pick(QUERY_VALUES).to_string()
    }
}

/// Random query parameters: reserved characters, empty values, repeated names.
pub fn gen_query(rng: &mut Rng) -> Vec<(String, String)> {
    let mut query: Vec<(String, String)> = Vec::new();
    let n = match rng.below(10) {
        0..=3 => 0,
        4..=8 => rng.range(1, 4),
        _ => rng.range(5, 30),
    };
    for _ in 0..n {
        let name = if !query.is_empty() && rng.chance(20) {
            query[rng.below(query.len() as u64) as usize].0.clone()
        } else {
            rng.pick(QUERY_NAMES).to_string()
        };
        query.push((name, gen_query_value(rng)));
    }
    query
}
