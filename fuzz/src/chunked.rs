//! The `aws-chunked` encoder and decoder ([`presign::chunked`]): what the
//! encoder writes, for any body, chunking and form, decodes to the body
//! through the verifying decoder, pushed in any pieces; a one-byte change
//! to it is refused, or leaves the decoded body and trailer the same (a
//! hex digit's case in a chunk size, a letter's case in a trailer header's
//! name); and any bytes at all, fed to a
//! decoder of a verified seed, give a typed result, never a panic, and
//! never more bytes than declared.

use arbitrary::Arbitrary;
use presign::chunked::{ChunkDecoder, ChunkEncoder, Streaming, CRLF};
use presign::verify::{Policy, Received};
use presign::{AmzDate, ChecksumAlgorithm, Credentials, Request, Signer};

use super::sign::BASE_TIME;

/// S3's smallest chunk but the last.
const MIN_CHUNK: usize = 8 * 1024;

/// An upload to encode, a change to make to it, and bytes to decode.
#[derive(Arbitrary, Debug, Clone)]
pub struct Case {
    /// Which form: signed, signed with a trailer, unsigned with a trailer.
    pub form: u8,
    /// Which checksum a trailer carries.
    pub algorithm: u8,
    /// The body's length, up to three chunks or so.
    pub body_len: u16,
    /// The body's bytes repeat these (or zeros).
    pub pattern: Vec<u8>,
    /// The chunk size past S3's least, 8 KiB.
    pub chunk_extra: u16,
    /// The sizes of the pieces the encoding is pushed in (the rest whole).
    pub pushes: Vec<u16>,
    /// A byte of the encoding to change (its index, modulo the length),
    /// and the bits to flip in it.
    pub change: Option<(u32, u8)>,
    /// Bytes a client might send instead, decoded after the seed.
    pub hostile: Vec<u8>,
}

/// The form a case asks for.
fn streaming(case: &Case) -> Streaming {
    let algorithm = ChecksumAlgorithm::ALL[usize::from(case.algorithm) % 4];
    match case.form % 3 {
        0 => Streaming::Signed,
        1 => Streaming::SignedWithTrailer(algorithm),
        _ => Streaming::UnsignedWithTrailer(algorithm),
    }
}

fn creds() -> Credentials {
    Credentials::new(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    )
    .expect("the documentation's credentials")
}

/// What a decoder's `finish` says: the trailer's checksum, or why not.
type Finish = Result<Option<(ChecksumAlgorithm, String)>, presign::chunked::ChunkError>;

/// Decodes `wire` pushed in `pushes`-sized pieces: the bytes handed on,
/// and the result.
fn decode(decoder: ChunkDecoder, wire: &[u8], pushes: &[u16]) -> (Vec<u8>, Finish) {
    let mut decoder = decoder;
    let mut out = Vec::new();
    let mut rest = wire;
    let mut sizes = pushes.iter().map(|&s| usize::from(s) + 1);
    while !rest.is_empty() {
        let size = sizes.next().unwrap_or(rest.len()).min(rest.len());
        let (piece, tail) = rest.split_at(size);
        if let Err(e) = decoder.push(piece, |bytes| out.extend_from_slice(bytes)) {
            return (out, Err(e));
        }
        rest = tail;
    }
    (out, decoder.finish())
}

/// Checks one case; panics when an invariant fails. Every case reaches a
/// checked output: the count is 1.
pub fn check(case: &Case) -> u32 {
    let streaming = streaming(case);
    let body: Vec<u8> = match case.pattern.is_empty() {
        true => vec![0; usize::from(case.body_len) % (3 * MIN_CHUNK)],
        false => case
            .pattern
            .iter()
            .copied()
            .cycle()
            .take(usize::from(case.body_len) % (3 * MIN_CHUNK))
            .collect(),
    };
    let chunk_size = MIN_CHUNK + usize::from(case.chunk_extra) % MIN_CHUNK;
    let time = AmzDate::from_unix_seconds(BASE_TIME).expect("the base time");

    // The seed request, signed, and verified as a server receives it.
    let host = "examplebucket.s3.amazonaws.com";
    let length = streaming
        .encoded_length(body.len() as u64, chunk_size)
        .expect("the encoded length of a small body");
    let mut headers: Vec<(String, String)> = vec![("host".into(), host.into())];
    headers.extend(
        streaming
            .headers(body.len() as u64)
            .into_iter()
            .map(|(n, v)| (n.to_string(), v)),
    );
    headers.push(("content-length".into(), length.to_string()));
    let pairs: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (&**n, &**v)).collect();
    let signer = Signer::new("us-east-1", "s3").expect("an S3 signer");
    let request = Request {
        method: "PUT",
        host,
        path: "/key",
        query: &[],
        headers: &pairs,
        payload: streaming.payload(),
    };
    let seed = signer
        .sign(&creds(), &request, time)
        .expect("the seed signs");
    let mut sent = headers.clone();
    sent.extend(seed.headers().map(|(n, v)| (n.to_string(), v.to_string())));
    let sent: Vec<(&str, &str)> = sent.iter().map(|(n, v)| (&**n, &**v)).collect();
    let received = Received {
        method: "PUT",
        target: seed.target(),
        headers: &sent,
        payload: presign::Payload::Unsigned,
    };
    let policy = Policy::new("us-east-1", "s3").expect("a policy");
    let verified = policy
        .verify(&received, &creds(), time)
        .unwrap_or_else(|r| panic!("the seed request of {streaming:?} is refused: {r:?}"));
    let decoder = || ChunkDecoder::new(&verified, &sent, &creds()).expect("a streaming seed");

    // The encoding, checked against its announced length.
    let mut encoder = ChunkEncoder::new(streaming, &signer, &creds(), &seed, body.len() as u64)
        .expect("an encoder of the seed");
    let mut wire = Vec::new();
    for chunk in body.chunks(chunk_size) {
        let header = encoder
            .chunk_header(chunk)
            .expect("a chunk of the right size");
        wire.extend_from_slice(header.as_bytes());
        wire.extend_from_slice(chunk);
        wire.extend_from_slice(CRLF);
    }
    wire.extend_from_slice(encoder.finish().expect("the end").as_bytes());
    assert_eq!(
        wire.len() as u64,
        length,
        "{streaming:?}: the announced length"
    );

    // It decodes to the body.
    let (out, result) = decode(decoder(), &wire, &case.pushes);
    let trailer =
        result.unwrap_or_else(|e| panic!("{streaming:?}: our encoding is refused: {e:?}"));
    assert!(out == body, "{streaming:?}: decoded to other bytes");
    let expected_trailer = streaming
        .trailer()
        .map(|a| (a, presign::Checksum::of(a, &body)));
    assert_eq!(trailer, expected_trailer, "{streaming:?}: the trailer");

    // A byte changed: refused, or the same body and trailer.
    if let Some((at, flip)) = case.change {
        if flip != 0 && !wire.is_empty() {
            let at = at as usize % wire.len();
            let mut changed = wire.clone();
            changed[at] ^= flip;
            let (out, result) = decode(decoder(), &changed, &case.pushes);
            if let Ok(trailer) = result {
                assert!(
                    out == body && trailer == expected_trailer,
                    "{streaming:?}: byte {at} ^ {flip:#x} decodes to something else"
                );
            }
        }
    }

    // Anything at all: a typed result, and never more than declared.
    let (out, _) = decode(decoder(), &case.hostile, &case.pushes);
    assert!(
        out.len() <= body.len(),
        "{streaming:?}: {} bytes handed on where {} are declared",
        out.len(),
        body.len()
    );
    1
}
