//! Our CRCs against the catalogue's check values and against `crc-fast`
//! and `crc32c` on large random inputs; SHA-256 against `sha2` directly.

use base64::Engine;
use presign::{Checksum, ChecksumAlgorithm};

use crate::rng::Rng;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The reference value of `data`: `crc-fast`'s CRCs (and `crc32c`'s for
/// CRC32C, which must agree), `sha2`'s SHA-256; big-endian, in base64.
fn reference(algorithm: ChecksumAlgorithm, data: &[u8]) -> String {
    use crc_fast::CrcAlgorithm::{Crc32Iscsi, Crc32IsoHdlc, Crc64Nvme};
    match algorithm {
        ChecksumAlgorithm::Crc32 => {
            b64(&(crc_fast::checksum(Crc32IsoHdlc, data) as u32).to_be_bytes())
        }
        ChecksumAlgorithm::Crc32c => {
            let fast = crc_fast::checksum(Crc32Iscsi, data) as u32;
            assert_eq!(fast, crc32c::crc32c(data), "the two references disagree");
            b64(&fast.to_be_bytes())
        }
        ChecksumAlgorithm::Crc64Nvme => b64(&crc_fast::checksum(Crc64Nvme, data).to_be_bytes()),
        ChecksumAlgorithm::Sha256 => {
            use sha2::Digest;
            b64(&sha2::Sha256::digest(data))
        }
    }
}

#[test]
fn check_values_of_the_crc_catalogue() {
    // reveng.sourceforge.io: CRC-32/ISO-HDLC 0xcbf43926, CRC-32/ISCSI
    // 0xe3069283, CRC-64/NVME 0xae8b14860a799888.
    let check = |a, want: &[u8]| assert_eq!(Checksum::of(a, b"123456789"), b64(want), "{a:?}");
    check(ChecksumAlgorithm::Crc32, &0xcbf4_3926u32.to_be_bytes());
    check(ChecksumAlgorithm::Crc32c, &0xe306_9283u32.to_be_bytes());
    check(
        ChecksumAlgorithm::Crc64Nvme,
        &0xae8b_1486_0a79_9888u64.to_be_bytes(),
    );
}

#[test]
fn checksums_match_the_references_on_random_inputs() {
    let mut rng = Rng::new(14);
    for round in 0..24 {
        // Up to 2 MiB, fed in random pieces.
        let len = rng.below(if round < 4 { 64 } else { 2 << 20 }) as usize;
        let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        for algorithm in ChecksumAlgorithm::ALL {
            let mut sum = Checksum::new(algorithm);
            let mut at = 0;
            while at < len {
                let n = (rng.below(70_000) as usize + 1).min(len - at);
                sum.update(&data[at..at + n]);
                at += n;
            }
            assert_eq!(
                sum.finish(),
                reference(algorithm, &data),
                "{algorithm:?}, {len} bytes, round {round} (seed {:#x})",
                crate::rng::seed()
            );
        }
    }
}

#[test]
fn the_documentations_trailer_checksum() {
    // sigv4-streaming-trailers.html: 66560 "a"s have CRC32C sOO8/Q==.
    let body = vec![b'a'; 66_560];
    assert_eq!(Checksum::of(ChecksumAlgorithm::Crc32c, &body), "sOO8/Q==");
}
