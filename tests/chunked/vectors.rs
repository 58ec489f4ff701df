//! The AWS documentation's streaming examples, byte for byte: the seed
//! signature, every chunk signature, the trailer and its signature, and
//! the encoded body; then our decoder accepts them.
//!
//! - `s3-put-object-chunked`: "Signature Calculations for the Authorization
//!   Header: Transferring Payload in Multiple Chunks", Example: PUT Object
//!   (docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html).
//! - `s3-put-object-chunked-with-trailer`: "Signature calculations for
//!   trailing headers (chunked uploads)", Example: PUT Object
//!   (docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html),
//!   which publishes the seed signature (106e2a8a...), the three chunk
//!   signatures, the trailer's string to sign and its signature
//!   (d81f82fc...) with the trailer `x-amz-checksum-crc32c:sOO8/Q==`; the
//!   same values are in s3s's tests (`aws_chunked_stream.rs`,
//!   `example_put_object_chunked_stream_with_trailers`). The page shows the
//!   lines without their CRLFs; the byte layout checked here (the trailer
//!   straight after the final chunk's line, then an empty line) is the
//!   HTTP/1.1 chunked trailer's, as s3s reads it.

use presign::chunked::{ChunkDecoder, ChunkEncoder, Streaming, CRLF};
use presign::verify::{Policy, Received};
use presign::{ChecksumAlgorithm, Credentials, Payload, Request, Signer};

use crate::common;

/// Reproduces one example: returns the encoded body, after checking every
/// published value along the way.
fn reproduce(name: &str, streaming: Streaming) -> Option<()> {
    let all = common::doc_vectors()?;
    let v = common::doc_vector(&all, name);
    let (inputs, expected) = (&v["inputs"], &v["expected"]);
    let creds = Credentials::new(
        inputs["access_key_id"].as_str().unwrap(),
        inputs["secret_access_key"].as_str().unwrap(),
    )
    .unwrap();
    let time = presign::AmzDate::parse(inputs["timestamp"].as_str().unwrap()).unwrap();
    let s3 = Signer::new("us-east-1", "s3").unwrap();
    let headers = crate::common::vector_pairs(&inputs["headers"]);
    let borrowed: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let request = Request {
        method: inputs["method"].as_str().unwrap(),
        host: inputs["host"].as_str().unwrap(),
        path: inputs["path"].as_str().unwrap(),
        query: &[],
        headers: &borrowed,
        payload: streaming.payload(),
    };
    let seed = s3.sign(&creds, &request, time).unwrap();
    assert_eq!(seed.signature(), expected["seed_signature"], "{name}: seed");

    let chunks = expected["chunks"].as_array().unwrap();
    let sizes: Vec<usize> = chunks
        .iter()
        .map(|c| c["size"].as_u64().unwrap() as usize)
        .collect();
    let body_len: usize = sizes.iter().sum();
    // Both examples' body: "a" repeated.
    let body = vec![b'a'; body_len];
    let mut encoder = ChunkEncoder::new(streaming, &s3, &creds, &seed, body_len as u64).unwrap();
    let mut wire = Vec::new();
    let mut at = 0;
    for (chunk, &size) in chunks.iter().zip(&sizes) {
        let want = chunk["signature"].as_str().unwrap();
        if size == 0 {
            let end = encoder.finish().unwrap();
            let final_line = format!("0;chunk-signature={want}\r\n");
            assert!(
                end.starts_with(&final_line),
                "{name}: final chunk {end:?}, want {final_line:?}"
            );
            wire.extend_from_slice(end.as_bytes());
            continue;
        }
        let header = encoder.chunk_header(&body[at..at + size]).unwrap();
        let line = format!("{size:x};chunk-signature={want}\r\n");
        assert_eq!(
            String::from_utf8_lossy(header.as_bytes()),
            line,
            "{name}: chunk of {size}"
        );
        if let Some(prefix) = chunk["encoded_chunk_prefix"].as_str() {
            assert_eq!(line, prefix);
        }
        wire.extend_from_slice(header.as_bytes());
        wire.extend_from_slice(&body[at..at + size]);
        wire.extend_from_slice(CRLF);
        at += size;
    }

    // The end of the body.
    let final_signature = chunks.last().unwrap()["signature"].as_str().unwrap();
    let end = match streaming {
        Streaming::Signed => format!("0;chunk-signature={final_signature}\r\n\r\n"),
        _ => {
            let trailer = expected["canonical_trailer"].as_str().unwrap();
            let trailer_signature = expected["trailer_signature"].as_str().unwrap();
            format!(
                "0;chunk-signature={final_signature}\r\n{}\r\nx-amz-trailer-signature:{trailer_signature}\r\n\r\n",
                trailer.trim_end_matches('\n')
            )
        }
    };
    assert!(
        wire.ends_with(end.as_bytes()),
        "{name}: the end is {:?}, want {end:?}",
        String::from_utf8_lossy(&wire[wire.len().saturating_sub(end.len())..])
    );
    if let Some(length) = inputs["encoded_content_length"].as_u64() {
        assert_eq!(wire.len() as u64, length, "{name}: Content-Length");
        assert_eq!(
            streaming.encoded_length(body_len as u64, sizes[0]).unwrap(),
            length
        );
    }

    // Our verifier reads what AWS's example sends.
    let mut received_headers = borrowed.clone();
    received_headers.push(("authorization", seed.authorization()));
    let received = Received {
        method: "PUT",
        target: inputs["path"].as_str().unwrap(),
        headers: &received_headers,
        payload: Payload::Unsigned,
    };
    let verified = Policy::new("us-east-1", "s3")
        .unwrap()
        .verify(&received, &creds, time)
        .expect("the example's seed request verifies");
    let mut decoder = ChunkDecoder::new(&verified, &received_headers, &creds).unwrap();
    let mut out = Vec::new();
    decoder
        .push(&wire, |b| out.extend_from_slice(b))
        .expect("the example decodes");
    let trailer = decoder.finish().expect("complete");
    assert_eq!(out, body);
    if let Some(a) = streaming.trailer() {
        let published: Vec<&str> = expected["canonical_trailer"]
            .as_str()
            .unwrap()
            .trim_end()
            .splitn(2, ':')
            .collect();
        assert_eq!(trailer, Some((a, published[1].to_string())));
    }
    Some(())
}

#[test]
fn the_documentations_chunked_put_is_reproduced_byte_for_byte() {
    reproduce("s3-put-object-chunked", Streaming::Signed);
}

#[test]
fn the_documentations_trailer_example_is_reproduced_byte_for_byte() {
    reproduce(
        "s3-put-object-chunked-with-trailer",
        Streaming::SignedWithTrailer(ChecksumAlgorithm::Crc32c),
    );
}
