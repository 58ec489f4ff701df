//! Streaming uploads (`aws-chunked`): the encoder against the AWS
//! documentation's examples byte for byte, the CRCs against independent
//! implementations, the decoder against the encoder (random bodies and
//! chunkings, every one-byte change refused or of the same meaning), other
//! clients' trailer framings, and the three forms against the in-process
//! s3s server.
//!
//! Expected values come from the AWS documentation (via
//! `../shared/vectors/s3-doc-examples.json`), from the CRC catalogue's
//! check values, from `crc-fast` and `crc32c`, or from s3s; never from our
//! own output.

#[path = "../common/mod.rs"]
mod common;
#[allow(dead_code)]
#[path = "../differential/rng.rs"]
mod rng;

mod checksums;
mod clients;
mod roundtrip;
mod server;
mod vectors;

use presign::chunked::{ChunkEncoder, Streaming, CRLF};
use presign::verify::{Policy, Received, Verified};
use presign::{AmzDate, Credentials, Payload, Request, SignedRequest, Signer};

pub(crate) const AKID: &str = "AKIAIOSFODNN7EXAMPLE";
pub(crate) const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
pub(crate) const HOST: &str = "examplebucket.s3.amazonaws.com";

pub(crate) fn creds() -> Credentials {
    Credentials::new(AKID, SECRET).unwrap()
}

pub(crate) fn t0() -> AmzDate {
    AmzDate::parse("20130524T000000Z").unwrap()
}

/// A streaming upload, signed and encoded: what a client sends.
pub(crate) struct Upload {
    /// The request's headers as sent (the caller's and the signer's).
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) seed: SignedRequest,
    pub(crate) wire: Vec<u8>,
    /// Where the chunks' data lie in `wire`.
    pub(crate) data: Vec<std::ops::Range<usize>>,
}

impl Upload {
    pub(crate) fn headers(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }

    /// The seed request as a server receives it.
    pub(crate) fn verified(&self) -> Verified<'static> {
        let headers = self.headers();
        let received = Received {
            method: "PUT",
            target: self.seed.target(),
            headers: &headers,
            payload: Payload::Unsigned,
        };
        Policy::new("us-east-1", "s3")
            .unwrap()
            .verify(&received, &creds(), self.time())
            .expect("the seed request verifies")
            .into_owned()
    }

    fn time(&self) -> AmzDate {
        AmzDate::parse(self.seed.x_amz_date()).unwrap()
    }
}

/// Signs a PUT of `body` to `host` + `path` in `streaming` form at `time`,
/// and encodes it in chunks of `chunk_size` (the last one shorter).
pub(crate) fn upload_to(
    host: &str,
    path: &str,
    streaming: Streaming,
    body: &[u8],
    chunk_size: usize,
    time: AmzDate,
) -> Upload {
    upload_longer(host, path, streaming, body, chunk_size, time, 0)
}

/// [`upload_to`], with a signed `content-length` `longer` bytes over ours:
/// for a wire framed as another client frames it (the caller rewrites the
/// end; the wire returned is ours, not that long).
pub(crate) fn upload_longer(
    host: &str,
    path: &str,
    streaming: Streaming,
    body: &[u8],
    chunk_size: usize,
    time: AmzDate,
    longer: u64,
) -> Upload {
    let s3 = Signer::new("us-east-1", "s3").unwrap();
    let ours = streaming
        .encoded_length(body.len() as u64, chunk_size)
        .unwrap();
    let length = ours + longer;
    let mut headers: Vec<(String, String)> = vec![("host".into(), host.into())];
    headers.extend(
        streaming
            .headers(body.len() as u64)
            .into_iter()
            .map(|(n, v)| (n.to_string(), v)),
    );
    headers.push(("content-length".into(), length.to_string()));
    let borrowed: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let request = Request {
        method: "PUT",
        host,
        path,
        query: &[],
        headers: &borrowed,
        payload: streaming.payload(),
    };
    let seed = s3.sign(&creds(), &request, time).expect("sign the seed");
    let mut encoder =
        ChunkEncoder::new(streaming, &s3, &creds(), &seed, body.len() as u64).unwrap();
    let mut wire = Vec::new();
    let mut data = Vec::new();
    for chunk in body.chunks(chunk_size) {
        wire.extend_from_slice(encoder.chunk_header(chunk).unwrap().as_bytes());
        data.push(wire.len()..wire.len() + chunk.len());
        wire.extend_from_slice(chunk);
        wire.extend_from_slice(CRLF);
    }
    wire.extend_from_slice(encoder.finish().unwrap().as_bytes());
    assert_eq!(wire.len() as u64, ours, "encoded_length is what is written");
    headers.extend(seed.headers().map(|(n, v)| (n.to_string(), v.to_string())));
    Upload {
        headers,
        seed,
        wire,
        data,
    }
}

/// [`upload_to`] the example bucket at the documentation's time.
pub(crate) fn upload(streaming: Streaming, body: &[u8], chunk_size: usize) -> Upload {
    upload_to(HOST, "/key", streaming, body, chunk_size, t0())
}
