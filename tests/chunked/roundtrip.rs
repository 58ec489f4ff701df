//! Our decoder against our encoder: random bodies, chunk sizes and push
//! sizes in all three forms (seed: `PRESIGN_DIFF_SEED`), every one-byte
//! change to the framing and the signatures refused, and each malformed
//! framing with its typed error.

use presign::chunked::{ChunkDecoder, ChunkError, Streaming, MAX_LINE, MIN_CHUNK_SIZE};
use presign::{ChecksumAlgorithm, Error};

use crate::rng::Rng;
use crate::{creds, upload, Upload};

/// Every form, each trailer form with each checksum.
fn forms() -> Vec<Streaming> {
    let mut all = vec![Streaming::Signed];
    for a in ChecksumAlgorithm::ALL {
        all.push(Streaming::SignedWithTrailer(a));
        all.push(Streaming::UnsignedWithTrailer(a));
    }
    all
}

/// Decodes `wire` in pieces of the sizes `piece` picks; the body, or the
/// first error.
fn decode(
    up: &Upload,
    wire: &[u8],
    mut piece: impl FnMut() -> usize,
) -> Result<Vec<u8>, ChunkError> {
    let verified = up.verified();
    let headers = up.headers();
    let mut decoder = ChunkDecoder::new(&verified, &headers, &creds())?;
    let mut out = Vec::new();
    let mut at = 0;
    while at < wire.len() {
        let n = piece().clamp(1, wire.len() - at);
        decoder.push(&wire[at..at + n], |b| out.extend_from_slice(b))?;
        at += n;
    }
    decoder.finish()?;
    Ok(out)
}

fn whole(up: &Upload, wire: &[u8]) -> Result<Vec<u8>, ChunkError> {
    decode(up, wire, || usize::MAX)
}

#[test]
fn random_bodies_and_chunkings_round_trip() {
    let mut rng = Rng::new(1400);
    let forms = forms();
    for round in 0..60 {
        let streaming = forms[round % forms.len()];
        let len = match round % 4 {
            0 => rng.below(16) as usize,
            _ => rng.below(200_000) as usize,
        };
        let body: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let chunk_size = MIN_CHUNK_SIZE + rng.below(70_000) as usize;
        let up = upload(streaming, &body, chunk_size);
        let max_piece = [1, 7, 100, 10_000, 1 << 20][round % 5];
        let got = decode(&up, &up.wire, || rng.below(max_piece) as usize + 1).unwrap_or_else(|e| {
            panic!(
                "{streaming:?}, {len} bytes in chunks of {chunk_size}: {e} (seed {:#x})",
                crate::rng::seed()
            )
        });
        assert_eq!(
            got, body,
            "{streaming:?}, {len} bytes in chunks of {chunk_size}"
        );
    }
}

/// Whether the byte at `i` of a chunk size is a hex letter: flipping its
/// case (`a` and `A`) changes nothing, by the grammar.
fn is_size_letter(up: &Upload, i: usize) -> bool {
    let line_start = up.wire[..i]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let size_end = up.wire[line_start..]
        .iter()
        .position(|&b| b == b';' || b == b'\r')
        .map_or(line_start, |p| line_start + p);
    i < size_end && i < trailer_start(up) && up.wire[i].is_ascii_alphabetic()
}

/// Where the trailer begins in `up`'s wire: after the final chunk's line
/// (the end of the wire in the form without a trailer).
fn trailer_start(up: &Upload) -> usize {
    let end = up.data.last().map_or(0, |r| r.end + 2);
    let line_end = up.wire[end..].iter().position(|&b| b == b'\n').unwrap();
    end + line_end + 1
}

/// Whether the byte at `i` is a letter of a trailer header's name: its
/// case changes nothing (names match in any case, as in s3s and MinIO).
fn is_trailer_name_letter(up: &Upload, i: usize) -> bool {
    let start = trailer_start(up);
    if i < start || !up.wire[i].is_ascii_alphabetic() {
        return false;
    }
    let line_start = up.wire[..i].iter().rposition(|&b| b == b'\n').unwrap() + 1;
    !up.wire[line_start..i].contains(&b':')
}

/// Whether the byte at `i` is the CR of a trailer line's CRLF: a bare LF
/// ends a trailer line too (minio-go writes it so). Not in the form
/// without a trailer, which ends in CRLF CRLF.
fn is_trailer_cr(streaming: Streaming, up: &Upload, i: usize) -> bool {
    streaming.trailer().is_some()
        && i >= trailer_start(up)
        && up.wire[i] == b'\r'
        && up.wire.get(i + 1) == Some(&b'\n')
}

#[test]
fn every_one_byte_change_to_framing_or_signatures_is_refused_or_means_the_same() {
    // Two chunks (a full one, then a short one) keep the framing small.
    let mut rng = Rng::new(1401);
    let body: Vec<u8> = (0..MIN_CHUNK_SIZE + 300)
        .map(|_| rng.next() as u8)
        .collect();
    for streaming in forms() {
        let up = upload(streaming, &body, MIN_CHUNK_SIZE);
        assert_eq!(whole(&up, &up.wire).as_deref(), Ok(&body[..]));
        let in_data = |i: usize| up.data.iter().any(|r| r.contains(&i));
        let mut tried = 0;
        for i in (0..up.wire.len()).filter(|&i| !in_data(i)) {
            for mask in [0x01u8, 0x20, 0x80, 0xff] {
                let mut wire = up.wire.clone();
                wire[i] ^= mask;
                tried += 1;
                // A letter's case in a chunk size or a trailer name: the
                // same body and trailer.
                if mask == 0x20 && (is_size_letter(&up, i) || is_trailer_name_letter(&up, i)) {
                    assert_eq!(
                        whole(&up, &wire).as_deref(),
                        Ok(&body[..]),
                        "{streaming:?}: byte {i} ^ 0x20"
                    );
                    continue;
                }
                assert!(
                    whole(&up, &wire).is_err(),
                    "{streaming:?}: byte {i} ({:?}) ^ {mask:#04x} was accepted",
                    up.wire[i] as char
                );
            }
        }
        assert!(tried > 4 * 30, "{streaming:?}: only {tried} changes tried");
        // Changes to the data: every chunk is signed, or the checksum covers
        // the body. A sample of positions (each decode hashes the body).
        for _ in 0..32 {
            let range = &up.data[rng.below(up.data.len() as u64) as usize];
            let i = range.start + rng.below(range.len() as u64) as usize;
            let mut wire = up.wire.clone();
            wire[i] ^= 1 << rng.below(8);
            let refused = whole(&up, &wire).unwrap_err();
            let want = if streaming.is_signed() {
                "SignatureDoesNotMatch"
            } else {
                "BadDigest"
            };
            assert_eq!(refused.code(), want, "{streaming:?}: data byte {i}");
        }
        // Dropping a byte anywhere, or cutting the stream anywhere, is
        // refused too.
        for i in (0..up.wire.len()).filter(|&i| !in_data(i)) {
            let mut wire = up.wire.clone();
            wire.remove(i);
            if is_trailer_cr(streaming, &up, i) {
                assert_eq!(
                    whole(&up, &wire).as_deref(),
                    Ok(&body[..]),
                    "{streaming:?}: CR {i} removed"
                );
            } else {
                assert!(
                    whole(&up, &wire).is_err(),
                    "{streaming:?}: byte {i} removed"
                );
            }
            assert_eq!(
                whole(&up, &up.wire[..i]),
                Err(ChunkError::Incomplete),
                "{streaming:?}: cut at {i}"
            );
        }
    }
}

#[test]
fn a_changed_chunk_signature_is_refused_before_its_bytes_are_handed_on() {
    let body = vec![7u8; 3 * MIN_CHUNK_SIZE];
    let up = upload(Streaming::Signed, &body, MIN_CHUNK_SIZE);
    // The second chunk's signature, first digit.
    let second = up.data[1].start - 66;
    let mut wire = up.wire.clone();
    wire[second] = if wire[second] == b'0' { b'1' } else { b'0' };
    let verified = up.verified();
    let headers = up.headers();
    let mut decoder = ChunkDecoder::new(&verified, &headers, &creds()).unwrap();
    let mut out = Vec::new();
    let refused = decoder
        .push(&wire, |b| out.extend_from_slice(b))
        .unwrap_err();
    assert_eq!(refused, ChunkError::SignatureDoesNotMatch);
    assert_eq!(
        (refused.code(), refused.status()),
        ("SignatureDoesNotMatch", 403)
    );
    assert_eq!(
        out.len(),
        MIN_CHUNK_SIZE,
        "only the first chunk was handed on"
    );
    // The error stays.
    assert_eq!(
        decoder.push(b"", |_| ()),
        Err(ChunkError::SignatureDoesNotMatch)
    );
    assert_eq!(decoder.finish(), Err(ChunkError::SignatureDoesNotMatch));
}

/// The upload of a 10-byte body, and its wire as text.
fn small(streaming: Streaming) -> (Upload, String) {
    let up = upload(streaming, b"0123456789", MIN_CHUNK_SIZE);
    let text = String::from_utf8(up.wire.clone()).unwrap();
    (up, text)
}

#[test]
fn malformed_framing_gets_a_typed_error() {
    let crc = Streaming::UnsignedWithTrailer(ChecksumAlgorithm::Crc32);
    let (up, text) = small(crc);
    assert!(text.starts_with("a\r\n0123456789\r\n0\r\nx-amz-checksum-crc32:"));
    let refused = |wire: &str| whole(&up, wire.as_bytes()).unwrap_err();
    // A bad hex size.
    assert!(matches!(
        refused(&text.replacen('a', "g", 1)),
        ChunkError::MalformedChunk(_)
    ));
    assert!(matches!(
        refused(&format!("00000000000000000{}", &text)),
        ChunkError::MalformedChunk(_)
    ));
    // A missing CRLF: after the size, after the data.
    assert!(matches!(
        refused(&text.replacen("a\r\n", "a\n", 1)),
        ChunkError::MalformedChunk(_)
    ));
    assert!(matches!(
        refused(&text.replacen("789\r\n", "789", 1)),
        ChunkError::MalformedChunk(_)
    ));
    // More bytes than declared.
    assert_eq!(
        refused(&text.replacen("a\r\n0123456789", "b\r\n0123456789x", 1)),
        ChunkError::TooLong { declared: 10 }
    );
    // Fewer: the final chunk comes early.
    assert_eq!(
        refused(&text.replacen("a\r\n0123456789", "9\r\n012345678", 1)),
        ChunkError::Incomplete
    );
    // A stream cut short.
    assert_eq!(refused(&text[..text.len() - 2]), ChunkError::Incomplete);
    // Bytes after the end.
    assert_eq!(refused(&format!("{text}x")), ChunkError::TrailingData);
    // A line longer than the cap, whatever follows: refused at the cap.
    let long = format!("{}\r\n", "0".repeat(MAX_LINE + 1));
    assert!(matches!(refused(&long), ChunkError::MalformedChunk(_)));
    // A wrong checksum in the trailer (the CRC32 of nothing).
    let value_at = text.find("crc32:").unwrap() + "crc32:".len();
    let wrong = format!("{}AAAAAA=={}", &text[..value_at], &text[value_at + 8..]);
    let e = refused(&wrong);
    assert_eq!(e, ChunkError::ChecksumMismatch(ChecksumAlgorithm::Crc32));
    assert_eq!((e.code(), e.status()), ("BadDigest", 400));
    // Another trailer than x-amz-trailer named, or none.
    let e = refused(&text.replacen("crc32:", "crc32c:", 1));
    assert_eq!(e.code(), "MalformedTrailerError");
    assert_eq!(
        refused("a\r\n0123456789\r\n0\r\n\r\n\r\n").code(),
        "MalformedTrailerError"
    );
    // No trailer at all: the stream ends where the trailer should be.
    assert_eq!(
        refused("a\r\n0123456789\r\n0\r\n\r\n").code(),
        "MalformedTrailerError"
    );
    assert_eq!(refused("a\r\n0123456789\r\n0\r\n"), ChunkError::Incomplete);
    // One empty line before the trailer, as some clients write: accepted.
    let blank = text.replacen("\r\n0\r\n", "\r\n0\r\n\r\n", 1);
    assert_eq!(
        whole(&up, blank.as_bytes()).as_deref(),
        Ok(&b"0123456789"[..])
    );
}

#[test]
fn a_short_chunk_before_another_is_refused() {
    let (up, text) = small(Streaming::Signed);
    // A second chunk header after the first, short chunk: the size rule
    // is checked before any signature of the second chunk.
    let first_end = text.find("0123456789\r\n").unwrap() + 12;
    let spliced = format!(
        "{}1;chunk-signature={}\r\n",
        &text[..first_end],
        "0".repeat(64)
    );
    let decoder_input = spliced.as_bytes();
    let e = whole(&up, decoder_input).unwrap_err();
    assert_eq!(e, ChunkError::ChunkTooSmall { size: 10 });
    assert_eq!((e.code(), e.status()), ("InvalidChunkSizeError", 403));
}

#[test]
fn memory_stays_bounded() {
    let body = vec![1u8; 2 * MIN_CHUNK_SIZE];
    let up = upload(Streaming::Signed, &body, 2 * MIN_CHUNK_SIZE);
    let verified = up.verified();
    let headers = up.headers();
    // A chunk over the decoder's cap is refused from its header line.
    let decoder = ChunkDecoder::new(&verified, &headers, &creds()).unwrap();
    let mut decoder = decoder.with_max_chunk_size(MIN_CHUNK_SIZE);
    let e = decoder.push(&up.wire, |_| ()).unwrap_err();
    assert_eq!(
        e,
        ChunkError::ChunkTooLarge {
            size: 2 * MIN_CHUNK_SIZE as u64,
            max: MIN_CHUNK_SIZE as u64
        }
    );
    // A header line that never ends is cut at MAX_LINE bytes.
    let mut decoder = ChunkDecoder::new(&verified, &headers, &creds()).unwrap();
    let endless = vec![b'1'; MAX_LINE];
    decoder.push(&endless, |_| ()).unwrap();
    assert!(matches!(
        decoder.push(b"1", |_| ()),
        Err(ChunkError::MalformedChunk(_))
    ));
}

#[test]
fn the_encoder_refuses_what_s3_would() {
    let s3 = presign::Signer::new("us-east-1", "s3").unwrap();
    let up = upload(
        Streaming::Signed,
        &[0u8; 3 * MIN_CHUNK_SIZE],
        MIN_CHUNK_SIZE,
    );
    let encoder = || {
        presign::chunked::ChunkEncoder::new(
            Streaming::Signed,
            &s3,
            &creds(),
            &up.seed,
            3 * MIN_CHUNK_SIZE as u64,
        )
        .unwrap()
    };
    let chunk = vec![0u8; MIN_CHUNK_SIZE];
    // A short chunk, then another.
    let mut e = encoder();
    e.chunk_header(&chunk[..100]).unwrap();
    assert_eq!(
        e.chunk_header(&chunk).unwrap_err(),
        Error::InvalidChunkSize { size: 100 }
    );
    // An empty chunk before the end.
    assert_eq!(
        encoder().chunk_header(b"").unwrap_err(),
        Error::InvalidChunkSize { size: 0 }
    );
    // More than declared, or the end too early.
    let mut e = encoder();
    for _ in 0..3 {
        e.chunk_header(&chunk).unwrap();
    }
    assert!(matches!(
        e.chunk_header(&chunk[..1]),
        Err(Error::StreamLengthMismatch { .. })
    ));
    let mut e = encoder();
    e.chunk_header(&chunk).unwrap();
    assert_eq!(
        e.finish().unwrap_err(),
        Error::StreamLengthMismatch {
            declared: 3 * MIN_CHUNK_SIZE as u64,
            given: MIN_CHUNK_SIZE as u64
        }
    );
    // A seed signed for another form.
    assert_eq!(
        presign::chunked::ChunkEncoder::new(
            Streaming::UnsignedWithTrailer(ChecksumAlgorithm::Crc32),
            &s3,
            &creds(),
            &up.seed,
            1
        )
        .unwrap_err(),
        Error::InvalidPayloadHash
    );
    // A signer or credentials other than the seed's.
    let mismatch = |signer: &presign::Signer, creds: &presign::Credentials| {
        presign::chunked::ChunkEncoder::new(Streaming::Signed, signer, creds, &up.seed, 1)
            .unwrap_err()
    };
    let other_key = presign::Credentials::new("AKIDOTHEREXAMPLE", crate::SECRET).unwrap();
    assert_eq!(mismatch(&s3, &other_key), Error::SeedMismatch("access key"));
    let eu = presign::Signer::new("eu-west-1", "s3").unwrap();
    assert_eq!(mismatch(&eu, &creds()), Error::SeedMismatch("region"));
    let s3express = presign::Signer::new("us-east-1", "s3express").unwrap();
    assert_eq!(
        mismatch(&s3express, &creds()),
        Error::SeedMismatch("service")
    );
}

#[test]
fn encoded_length_agrees_with_the_encoder() {
    // A body shorter than one chunk is one short chunk, whatever the chunk
    // size, as the encoder writes it (`upload` checks the length against
    // the wire).
    for streaming in forms() {
        for (len, chunk_size) in [(1, 1024), (100, 100), (0, 1), (5000, 8000)] {
            let body = vec![7u8; len];
            let up = upload(streaming, &body, chunk_size);
            assert_eq!(whole(&up, &up.wire).as_deref(), Ok(&body[..]));
        }
    }
    // One byte, signed: "1;chunk-signature=" 64 hex CRLF, the byte, CRLF,
    // then "0;chunk-signature=" 64 hex CRLF CRLF.
    assert_eq!(
        Streaming::Signed.encoded_length(1, 1024),
        Ok((18 + 64 + 2) + 1 + 2 + (18 + 64 + 2) + 2)
    );
    // Longer than one chunk under 8 KiB, or chunks of nothing: refused as
    // the encoder refuses them.
    assert_eq!(
        Streaming::Signed.encoded_length(101, 100),
        Err(Error::InvalidChunkSize { size: 100 })
    );
    assert_eq!(
        Streaming::Signed.encoded_length(1, 0),
        Err(Error::InvalidChunkSize { size: 0 })
    );
    // A length whose encoding overflows a u64.
    assert_eq!(
        Streaming::Signed.encoded_length(u64::MAX, MIN_CHUNK_SIZE),
        Err(Error::StreamTooLong {
            decoded_length: u64::MAX
        })
    );
}

#[test]
fn the_read_adapter_writes_what_the_encoder_writes() {
    use std::io::Read;
    let mut rng = Rng::new(1402);
    for streaming in forms() {
        let len = rng.below(100_000) as usize;
        let body: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let chunk_size = MIN_CHUNK_SIZE + rng.below(20_000) as usize;
        let up = upload(streaming, &body, chunk_size);
        let s3 = presign::Signer::new("us-east-1", "s3").unwrap();
        let encoder =
            presign::chunked::ChunkEncoder::new(streaming, &s3, &creds(), &up.seed, len as u64)
                .unwrap();
        let mut wire = Vec::new();
        presign::chunked::ChunkedReader::new(&body[..], encoder, chunk_size)
            .read_to_end(&mut wire)
            .unwrap();
        assert!(wire == up.wire, "{streaming:?}, {len} bytes");
    }
}

/// A reader that gives at most 100 bytes at a time and fails with
/// `WouldBlock` every other call, as a non-blocking socket does.
struct Blocking<'a> {
    rest: &'a [u8],
    block: bool,
}

impl std::io::Read for Blocking<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        self.block = !self.block;
        if self.block {
            return Err(std::io::ErrorKind::WouldBlock.into());
        }
        let n = out.len().min(self.rest.len()).min(100);
        out[..n].copy_from_slice(&self.rest[..n]);
        self.rest = &self.rest[n..];
        Ok(n)
    }
}

#[test]
fn the_read_adapter_loses_nothing_when_its_reader_would_block() {
    use std::io::Read;
    let body: Vec<u8> = (0..3 * MIN_CHUNK_SIZE + 500).map(|i| i as u8).collect();
    for streaming in forms() {
        let up = upload(streaming, &body, MIN_CHUNK_SIZE);
        let s3 = presign::Signer::new("us-east-1", "s3").unwrap();
        let encoder = presign::chunked::ChunkEncoder::new(
            streaming,
            &s3,
            &creds(),
            &up.seed,
            body.len() as u64,
        )
        .unwrap();
        let inner = Blocking {
            rest: &body,
            block: false,
        };
        let mut reader = presign::chunked::ChunkedReader::new(inner, encoder, MIN_CHUNK_SIZE);
        let (mut wire, mut blocked) = (Vec::new(), 0);
        let mut buf = [0u8; 4096];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => wire.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => blocked += 1,
                Err(e) => panic!("{streaming:?}: {e}"),
            }
            assert!(blocked < 10_000, "{streaming:?}: no progress");
        }
        assert!(
            blocked > 100,
            "{streaming:?}: the reader blocked {blocked} times"
        );
        assert!(
            wire == up.wire,
            "{streaming:?}: other bytes than the encoder's"
        );
    }
}

#[test]
fn the_read_adapter_debugs_its_state_only() {
    let body = vec![0xabu8; 100];
    let up = upload(Streaming::Signed, &body, MIN_CHUNK_SIZE);
    let s3 = presign::Signer::new("us-east-1", "s3").unwrap();
    let encoder =
        presign::chunked::ChunkEncoder::new(Streaming::Signed, &s3, &creds(), &up.seed, 100)
            .unwrap();
    let mut reader = presign::chunked::ChunkedReader::new(&body[..], encoder, MIN_CHUNK_SIZE);
    let mut first = [0u8; 120];
    std::io::Read::read(&mut reader, &mut first).unwrap();
    let shown = format!("{reader:?}");
    assert!(shown.contains("chunk_size: 8192"), "{shown}");
    assert!(shown.contains("Signed"), "{shown}");
    // Neither the body (171 = 0xab) nor the inner reader nor a signature.
    assert!(!shown.contains("171"), "{shown}");
    assert!(!shown.contains(up.seed.signature()), "{shown}");
}

#[test]
fn errors_show_no_secret() {
    let (up, text) = small(Streaming::SignedWithTrailer(ChecksumAlgorithm::Sha256));
    let e = whole(&up, text.replacen('a', "b", 1).as_bytes()).unwrap_err();
    for shown in [format!("{e}"), format!("{e:?}")] {
        assert!(!shown.contains(crate::SECRET), "{shown}");
        assert!(!shown.contains(up.seed.signature()), "{shown}");
    }
}
