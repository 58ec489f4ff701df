//! Other clients' framings of the trailer, byte for byte as they write
//! them: minio-go's (`pkg/signer/request-signature-streaming.go` and
//! `request-signature-streaming-unsigned-trailer.go`), whose trailer line
//! ends in a bare LF and is followed by an empty line; and trailer headers
//! in other letter case or with spaces around the value, as s3s and MinIO
//! read them (name lower-cased, value trimmed).

use base64::Engine;
use hmac::{Hmac, Mac};
use presign::chunked::{ChunkDecoder, ChunkError, Streaming, MIN_CHUNK_SIZE};
use presign::ChecksumAlgorithm;
use sha2::{Digest, Sha256};

use crate::{creds, upload, Upload, SECRET};

const CRC32C: Streaming = Streaming::SignedWithTrailer(ChecksumAlgorithm::Crc32c);
const UNSIGNED_CRC32C: Streaming = Streaming::UnsignedWithTrailer(ChecksumAlgorithm::Crc32c);

/// The body's CRC32C in base64, from the `crc32c` crate.
pub(crate) fn crc32c(body: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(crc32c::crc32c(body).to_be_bytes())
}

fn hmac(key: &[u8], text: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(text);
    mac.finalize().into_bytes().to_vec()
}

/// The trailer signature by hand, from AWS's string to sign
/// ("Signature calculations for trailing headers"): the trailer text
/// `trailer` chained from the final chunk's signature `previous`.
pub(crate) fn trailer_signature(up: &Upload, previous: &str, trailer: &str) -> String {
    let stamp = up.seed.x_amz_date();
    let day = &stamp[..8];
    let text = format!(
        "AWS4-HMAC-SHA256-TRAILER\n{stamp}\n{day}/us-east-1/s3/aws4_request\n{previous}\n{}",
        hex::encode(Sha256::digest(trailer.as_bytes()))
    );
    let mut key = hmac(format!("AWS4{SECRET}").as_bytes(), day.as_bytes());
    for part in ["us-east-1", "s3", "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    hex::encode(hmac(&key, text.as_bytes()))
}

/// The chunks of `up`'s wire, without the end (from the final chunk on),
/// and the final chunk's signature in the signed forms.
pub(crate) fn chunks_and_final_signature(up: &Upload) -> (Vec<u8>, Option<String>) {
    let end = up.data.last().map_or(0, |r| r.end + 2);
    let last_line = &up.wire[end..];
    let line_end = last_line.windows(2).position(|w| w == b"\r\n").unwrap();
    let line = std::str::from_utf8(&last_line[..line_end]).unwrap();
    let signature = line.strip_prefix("0;chunk-signature=").map(str::to_string);
    (up.wire[..end].to_vec(), signature)
}

/// Decodes `wire` whole, then pushed a byte at a time: the body and the
/// trailer's checksum (both ways the same).
fn decode(up: &Upload, wire: &[u8]) -> Result<(Vec<u8>, String), ChunkError> {
    let verified = up.verified();
    let headers = up.headers();
    let mut results = Vec::new();
    for piece in [wire.len().max(1), 1] {
        let mut decoder = ChunkDecoder::new(&verified, &headers, &creds())?;
        let mut out = Vec::new();
        for bytes in wire.chunks(piece) {
            decoder.push(bytes, |b| out.extend_from_slice(b))?;
        }
        let (_, value) = decoder.finish()?.expect("a trailer form");
        results.push((out, value));
    }
    assert_eq!(results[0], results[1], "whole and byte by byte agree");
    Ok(results.remove(0))
}

fn body() -> Vec<u8> {
    (0..MIN_CHUNK_SIZE + 1000)
        .map(|i| b'a' + (i * 7 % 26) as u8)
        .collect()
}

#[test]
fn minio_go_signed_trailer_framing_decodes() {
    let body = body();
    let up = upload(CRC32C, &body, MIN_CHUNK_SIZE);
    let (mut wire, final_signature) = chunks_and_final_signature(&up);
    let s = final_signature.expect("a signed final chunk");
    let v = crc32c(&body);
    let t = trailer_signature(&up, &s, &format!("x-amz-checksum-crc32c:{v}\n"));
    // minio-go: "0;chunk-signature=S\r\n" "x-amz-checksum-crc32c:V\n"
    // "\r\nx-amz-trailer-signature:T\r\n\r\n".
    wire.extend_from_slice(
        format!("0;chunk-signature={s}\r\nx-amz-checksum-crc32c:{v}\n\r\nx-amz-trailer-signature:{t}\r\n\r\n")
            .as_bytes(),
    );
    assert_eq!(decode(&up, &wire), Ok((body, v)));
    // The same with a wrong trailer signature: refused.
    let wrong = String::from_utf8(wire)
        .unwrap()
        .replace(&t, &"0".repeat(64));
    assert_eq!(
        decode(&up, wrong.as_bytes()),
        Err(ChunkError::SignatureDoesNotMatch)
    );
}

#[test]
fn minio_go_unsigned_trailer_framing_decodes() {
    let body = body();
    let up = upload(UNSIGNED_CRC32C, &body, MIN_CHUNK_SIZE);
    let (mut wire, final_signature) = chunks_and_final_signature(&up);
    assert_eq!(final_signature, None);
    let v = crc32c(&body);
    // minio-go: "0\r\n" "x-amz-checksum-crc32c:V\n" "\r\n\r\n".
    wire.extend_from_slice(format!("0\r\nx-amz-checksum-crc32c:{v}\n\r\n\r\n").as_bytes());
    assert_eq!(decode(&up, &wire), Ok((body.clone(), v.clone())));
    // A wrong checksum in that framing is still BadDigest.
    let wrong = String::from_utf8(wire).unwrap().replace(&v, "AAAAAA==");
    let e = decode(&up, wrong.as_bytes()).unwrap_err();
    assert_eq!(e.code(), "BadDigest");
}

#[test]
fn trailer_problems_are_trailer_errors() {
    let body = body();
    let up = upload(UNSIGNED_CRC32C, &body, MIN_CHUNK_SIZE);
    let (chunks, _) = chunks_and_final_signature(&up);
    let v = crc32c(&body);
    let with_end = |end: &str| [&chunks[..], end.as_bytes()].concat();
    let trailer_error = |end: &str| {
        let e = decode(&up, &with_end(end)).unwrap_err();
        assert!(
            matches!(e, ChunkError::MalformedTrailer(_)),
            "{end:?}: {e:?}"
        );
        assert_eq!(e.code(), "MalformedTrailerError");
    };
    // A trailer line longer than MAX_LINE, a bare CR inside the line, a
    // line not ending the trailer.
    trailer_error(&format!(
        "0\r\nx-amz-checksum-crc32c:{v}{}\r\n\r\n",
        " x".repeat(100)
    ));
    trailer_error(&format!("0\r\nx-amz-checksum-crc32c\r:{v}\r\n\r\n"));
    trailer_error(&format!(
        "0\r\nx-amz-checksum-crc32c:{v}\r\nx-amz-meta:a\r\n\r\n"
    ));
    // Empty lines are skipped, but a few only: memory and time stay bounded.
    let blanks = |n: usize| {
        format!(
            "0\r\n{}x-amz-checksum-crc32c:{v}\n{}",
            "\r\n".repeat(n),
            "\n".repeat(2)
        )
    };
    assert_eq!(
        decode(&up, &with_end(&blanks(2))),
        Ok((body.clone(), v.clone()))
    );
    trailer_error(&blanks(10));
    trailer_error(&format!(
        "0\r\nx-amz-checksum-crc32c:{v}\r\n{}",
        "\r\n".repeat(1000)
    ));
    // Bytes after the final empty line are still extra.
    let extra = decode(
        &up,
        &with_end(&format!("0\r\nx-amz-checksum-crc32c:{v}\r\n\r\nx")),
    );
    assert_eq!(extra, Err(ChunkError::TrailingData));
}

#[test]
fn trailer_names_match_in_any_case_and_values_are_trimmed() {
    let body = body();
    let v = crc32c(&body);
    // Unsigned: the meaning is the same, so is the outcome.
    let up = upload(UNSIGNED_CRC32C, &body, MIN_CHUNK_SIZE);
    let (chunks, _) = chunks_and_final_signature(&up);
    for line in [
        format!("X-Amz-Checksum-Crc32c:{v}"),
        format!("x-amz-checksum-crc32c: {v}"),
        format!("X-AMZ-CHECKSUM-CRC32C:\t {v} \t"),
    ] {
        let wire = [&chunks[..], format!("0\r\n{line}\r\n\r\n").as_bytes()].concat();
        assert_eq!(
            decode(&up, &wire),
            Ok((body.clone(), v.clone())),
            "{line:?}"
        );
    }
    // Signed: the signature covers the canonical header, lower-case name
    // and trimmed value, as s3s hashes it; the signature's own header name
    // matches in any case too.
    let up = upload(CRC32C, &body, MIN_CHUNK_SIZE);
    let (chunks, s) = chunks_and_final_signature(&up);
    let s = s.unwrap();
    let t = trailer_signature(&up, &s, &format!("x-amz-checksum-crc32c:{v}\n"));
    for (line, signature) in [
        (
            format!("X-Amz-Checksum-Crc32c:{v}"),
            format!("X-Amz-Trailer-Signature:{t}"),
        ),
        (
            format!("x-amz-checksum-crc32c:  {v} "),
            format!("x-amz-trailer-signature: {t}"),
        ),
    ] {
        let end = format!("0;chunk-signature={s}\r\n{line}\r\n{signature}\r\n\r\n");
        let wire = [&chunks[..], end.as_bytes()].concat();
        assert_eq!(
            decode(&up, &wire),
            Ok((body.clone(), v.clone())),
            "{line:?}"
        );
    }
    // A signature over the text as sent, when it is not canonical, is not
    // the canonical one: refused.
    let raw = trailer_signature(&up, &s, &format!("X-Amz-Checksum-Crc32c:{v}\n"));
    let end = format!("0;chunk-signature={s}\r\nX-Amz-Checksum-Crc32c:{v}\r\nx-amz-trailer-signature:{raw}\r\n\r\n");
    let wire = [&chunks[..], end.as_bytes()].concat();
    assert_eq!(decode(&up, &wire), Err(ChunkError::SignatureDoesNotMatch));
}
