//! Heap allocations per signature, counted by a global allocator that wraps
//! the system's and counts, in the calling thread only, while a closure runs.
//!
//! Counting is deterministic where timing is not: these tests hold the hot
//! path to its allocation budget (at most 2 per presigned URL; today it is 1,
//! the URL itself) and print what each kind of signature costs
//! (`cargo test --test allocations -- --nocapture`).

// The one place in the package with `unsafe`: a `GlobalAlloc` cannot be
// written without it. The library itself stays `#![forbid(unsafe_code)]`.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::Duration;

use presign::{
    AmzDate, Bucket, Credentials, Endpoint, Payload, PostPolicy, Request, Signer, SigningKey,
    UrlStyle,
};

struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

fn note_allocation() {
    // `try_with`: the allocator may run while the thread's locals are torn
    // down; those allocations are not ours to count.
    let _ = COUNTING.try_with(|on| {
        if on.get() {
            let _ = COUNT.try_with(|n| n.set(n.get() + 1));
        }
    });
}

// SAFETY: every call is passed on unchanged to `System`, which upholds the
// `GlobalAlloc` contract; the counting touches only const-initialised
// thread-locals, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: the caller's guarantees on `layout` are passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A reallocation is another trip to the allocator: it counts.
        note_allocation();
        // SAFETY: `ptr` and `layout` come from this allocator, which is
        // `System`'s; the caller's guarantees are passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns its result with the number of heap allocations
/// (reallocations included) it made in this thread.
fn count<T>(f: impl FnOnce() -> T) -> (T, usize) {
    COUNT.with(|n| n.set(0));
    COUNTING.with(|on| on.set(true));
    let result = f();
    COUNTING.with(|on| on.set(false));
    (result, COUNT.with(Cell::get))
}

const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const EXPIRES: Duration = Duration::from_secs(86_400);

/// The AWS documentation's presigned GET.
const DOC_URL: &str = "https://examplebucket.s3.amazonaws.com/test.txt\
?X-Amz-Algorithm=AWS4-HMAC-SHA256\
&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

fn creds() -> Credentials {
    Credentials::new(ACCESS_KEY, SECRET_KEY).unwrap()
}

fn time() -> AmzDate {
    AmzDate::parse("20130524T000000Z").unwrap()
}

fn bucket() -> Bucket {
    let endpoint = Endpoint::parse("https://s3.amazonaws.com").unwrap();
    Bucket::new(
        endpoint,
        "examplebucket",
        "us-east-1",
        UrlStyle::VirtualHost,
    )
    .unwrap()
}

/// At most this many allocations per presigned URL.
const URL_BUDGET: usize = 2;

#[test]
fn presigned_get_with_a_warm_key_allocates_only_its_url() {
    let (bucket, creds, time) = (bucket(), creds(), time());
    // The first signature of the day derives the key and caches it.
    bucket
        .get_object("test.txt")
        .presign(&creds, time, EXPIRES)
        .unwrap();
    let (url, n) = count(|| {
        bucket
            .get_object("test.txt")
            .presign(&creds, time, EXPIRES)
            .unwrap()
    });
    assert_eq!(url, DOC_URL);
    println!("presign GET, warm key: {n} allocation(s)");
    assert!(n <= URL_BUDGET, "{n} allocations for one presigned GET");
}

#[test]
fn presigned_put_with_headers_and_a_query_parameter_stays_in_budget() {
    let (bucket, creds, time) = (bucket(), creds(), time());
    let key = "uploads/2024 Q1+Q2/Zürich + Genève/Día de campo — café crème ✓/\
               IMG 0001+edited (final copy) größe/naïve résumé + notes 100% done/photo v2 + final.jpeg";
    assert_eq!(key.chars().count(), 150);
    let presign = || {
        // The user's one line: the action, its headers and parameter, the URL.
        bucket
            .put_object(key)
            .with_header("content-type", "image/jpeg")
            .with_header("x-amz-acl", "bucket-owner-full-control")
            .with_header("x-amz-meta-album", "summer 2024")
            .with_query(
                "response-content-disposition",
                "attachment; filename=\"summer trip.jpg\"",
            )
            .presign(&creds, time, EXPIRES)
            .unwrap()
    };
    let warm = presign();
    let (url, n) = count(presign);
    assert_eq!(url, warm);
    assert!(url.contains("X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-acl%3Bx-amz-meta-album"));
    println!("presign PUT, 3 headers + 1 query parameter: {n} allocation(s)");
    assert!(n <= URL_BUDGET, "{n} allocations for one presigned PUT");
}

#[test]
fn actions_with_fifteen_headers_and_parameters_still_sign_in_budget() {
    // More pairs than an action keeps inline (they go to its heap part when
    // it is built), but no more than the signer sorts on the stack: 15
    // headers and its own `host` fill its 16 places.
    let (bucket, creds, time) = (bucket(), creds(), time());
    let names: Vec<String> = (0..15).map(|i| format!("x-amz-meta-m{i:02}")).collect();
    let build = || {
        let mut action = bucket.get_object("test.txt");
        for name in &names {
            action = action
                .with_header(name.as_str(), "v")
                .with_query(name.as_str(), "v");
        }
        action
    };
    let url = build().presign(&creds, time, EXPIRES).unwrap();
    let action = build();
    let (again, n) = count(|| action.presign(&creds, time, EXPIRES).unwrap());
    assert_eq!(url, again);
    println!(
        "presign GET, 15 headers + 15 parameters (action built beforehand): {n} allocation(s)"
    );
    // One, the URL: the signer gathers and sorts the pairs on its stack.
    assert_eq!(n, 1, "{n} allocations");

    // Past the stack's room, each list costs one allocation more.
    let names: Vec<String> = (0..20).map(|i| format!("x-amz-meta-m{i:02}")).collect();
    let mut action = bucket.get_object("test.txt");
    for name in &names {
        action = action
            .with_header(name.as_str(), "v")
            .with_query(name.as_str(), "v");
    }
    let (_, n) = count(|| action.presign(&creds, time, EXPIRES).unwrap());
    println!(
        "presign GET, 20 headers + 20 parameters (action built beforehand): {n} allocation(s)"
    );
}

#[test]
fn presigned_get_with_a_cold_key_is_counted() {
    let (bucket, time) = (bucket(), time());
    let (url, n) = count(|| {
        let creds = creds();
        bucket
            .get_object("test.txt")
            .presign(&creds, time, EXPIRES)
            .unwrap()
    });
    assert_eq!(url, DOC_URL);
    // Two strings for the credentials, the key derivation's `AWS4` + secret,
    // the cache's slots and its entry's scope text, and the URL: 6.
    println!("presign GET, cold key (new credentials, key derived and cached): {n} allocation(s)");
    assert!(n <= 8, "{n} allocations");
}

#[test]
fn header_signing_is_counted() {
    let (creds, time) = (creds(), time());
    let hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    let headers = [
        ("content-type", "application/x-amz-json-1.0"),
        ("x-amz-target", "DynamoDB_20120810.GetItem"),
    ];
    let request = Request {
        method: "POST",
        host: "dynamodb.us-east-1.amazonaws.com",
        path: "/",
        query: &[],
        headers: &headers,
        payload: Payload::Hash(hash),
    };
    let dynamodb = Signer::new("us-east-1", "dynamodb").unwrap();
    dynamodb.sign(&creds, &request, time).unwrap();
    let (signed, n) = count(|| dynamodb.sign(&creds, &request, time).unwrap());
    println!("header signing, POST with a precomputed body hash: {n} allocation(s)");
    assert!(signed
        .authorization()
        .contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target"));
    // Two: the request target and the `Authorization` value.
    assert!(n <= 2, "{n} allocations");

    // S3 adds `x-amz-content-sha256`, which the result keeps inline.
    let s3 = Signer::new("us-east-1", "s3").unwrap();
    let request = Request {
        host: "examplebucket.s3.amazonaws.com",
        ..request
    };
    s3.sign(&creds, &request, time).unwrap();
    let (_, n) = count(|| s3.sign(&creds, &request, time).unwrap());
    println!("header signing for S3 (with x-amz-content-sha256): {n} allocation(s)");
    assert!(n <= 2, "{n} allocations");
}

#[test]
fn a_post_policy_is_counted() {
    let (bucket, creds, time) = (bucket(), creds(), time());
    let policy = PostPolicy::new(Duration::from_secs(600))
        .and_then(|p| p.starts_with("key", "user1/"))
        .and_then(|p| p.content_length_range(1, 10_000_000))
        .and_then(|p| p.eq("acl", "private"))
        .and_then(|p| p.eq("Content-Type", "image/png"))
        .and_then(|p| p.eq("x-amz-meta-album", "summer 2024"))
        .unwrap();
    bucket.presign_post(&creds, &policy, time).unwrap();
    let (_, n) = count(|| bucket.presign_post(&creds, &policy, time).unwrap());
    // No budget: reported only.
    println!("POST policy with five conditions: {n} allocation(s)");
}

#[test]
fn the_counter_counts() {
    let (_, n) = count(|| {
        let v: Vec<u8> = Vec::with_capacity(10);
        std::hint::black_box(v);
    });
    assert_eq!(n, 1);
    let (_, n) = count(|| SigningKey::derive(SECRET_KEY, "20130524", "us-east-1", "s3"));
    println!("SigningKey::derive: {n} allocation(s)");
}
