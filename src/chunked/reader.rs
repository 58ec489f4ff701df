//! A `std::io::Read` adapter: a body in, its `aws-chunked` encoding out.

use std::io::{self, Read};

use super::{ChunkEncoder, CRLF};

/// Room for the longest chunk header line, ahead of the chunk's bytes.
const HEADER_ROOM: usize = 99;

/// Reads a body from `R` and yields its `aws-chunked` encoding, in chunks
/// of `chunk_size` bytes (the last one shorter), through a
/// [`ChunkEncoder`].
///
/// Each chunk is read straight into the buffer it is served from, behind
/// room for its header line: one copy of the body, the one `Read` makes.
/// A body longer or shorter than the encoder's declared length is an
/// [`io::ErrorKind::InvalidData`] error. An error from `R` (say
/// [`io::ErrorKind::WouldBlock`] or a timeout) loses nothing: the bytes of
/// the chunk read so far are kept, and the next `read` goes on from there.
///
/// ```
/// use std::io::Read;
/// use presign::chunked::{ChunkEncoder, ChunkedReader, Streaming};
/// use presign::{AmzDate, ChecksumAlgorithm, Credentials, Request, Signer};
///
/// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
/// let s3 = Signer::new("us-east-1", "s3")?;
/// let body = b"hello, world".to_vec();
/// let streaming = Streaming::UnsignedWithTrailer(ChecksumAlgorithm::Crc32);
/// let extra = streaming.headers(body.len() as u64);
/// let headers: Vec<(&str, &str)> = extra.iter().map(|(n, v)| (*n, v.as_str())).collect();
/// let request = Request {
///     method: "PUT",
///     host: "examplebucket.s3.amazonaws.com",
///     path: "/hello.txt",
///     query: &[],
///     headers: &headers,
///     payload: streaming.payload(),
/// };
/// let seed = s3.sign(&creds, &request, AmzDate::parse("20130524T000000Z")?)?;
/// let encoder = ChunkEncoder::new(streaming, &s3, &creds, &seed, body.len() as u64)?;
///
/// let mut wire = String::new();
/// ChunkedReader::new(&body[..], encoder, 64 * 1024)
///     .read_to_string(&mut wire)
///     .expect("encodes");
/// assert_eq!(wire, "c\r\nhello, world\r\n0\r\nx-amz-checksum-crc32:/6tyOg==\r\n\r\n");
/// # Ok::<(), presign::Error>(())
/// ```
pub struct ChunkedReader<R> {
    inner: R,
    encoder: ChunkEncoder,
    chunk_size: usize,
    /// The frame being served: `buf[start..end]`.
    buf: Vec<u8>,
    start: usize,
    end: usize,
    /// The bytes of the next chunk read so far, at `buf[HEADER_ROOM..]`.
    filled: usize,
    done: bool,
}

/// The state only: neither the inner reader nor the body's bytes.
impl<R> core::fmt::Debug for ChunkedReader<R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ChunkedReader")
            .field("streaming", &self.encoder.streaming())
            .field("chunk_size", &self.chunk_size)
            .field("chunk_bytes_read", &self.filled)
            .field("frame_bytes_left", &(self.end - self.start))
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<R: Read> ChunkedReader<R> {
    /// Encodes what `inner` yields in chunks of `chunk_size` bytes (at
    /// least [`super::MIN_CHUNK_SIZE`] for a body longer than one chunk:
    /// the encoder refuses shorter ones).
    pub fn new(inner: R, encoder: ChunkEncoder, chunk_size: usize) -> Self {
        ChunkedReader {
            inner,
            encoder,
            chunk_size: chunk_size.max(1),
            buf: Vec::new(),
            start: 0,
            end: 0,
            filled: 0,
            done: false,
        }
    }

    /// Reads and frames the next chunk, or the end. After an error of the
    /// inner reader, what was read of the chunk stays in `buf` (counted by
    /// `filled`) for the next call to go on with.
    fn next_frame(&mut self) -> io::Result<()> {
        let invalid = |e: crate::Error| io::Error::new(io::ErrorKind::InvalidData, e);
        self.buf
            .resize(HEADER_ROOM + self.chunk_size + CRLF.len(), 0);
        let data = HEADER_ROOM..HEADER_ROOM + self.chunk_size;
        while self.filled < self.chunk_size {
            match self
                .inner
                .read(&mut self.buf[data.start + self.filled..data.end])
            {
                Ok(0) => break,
                Ok(read) => self.filled += read.min(self.chunk_size - self.filled),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        let n = core::mem::take(&mut self.filled);
        if n == 0 {
            let end = self.encoder.finish().map_err(invalid)?;
            self.buf.clear();
            self.buf.extend_from_slice(end.as_bytes());
            (self.start, self.end, self.done) = (0, self.buf.len(), true);
            return Ok(());
        }
        let header = self
            .encoder
            .chunk_header(&self.buf[HEADER_ROOM..HEADER_ROOM + n])
            .map_err(invalid)?;
        let line = header.as_bytes();
        self.start = HEADER_ROOM - line.len();
        self.buf[self.start..HEADER_ROOM].copy_from_slice(line);
        self.end = HEADER_ROOM + n + CRLF.len();
        self.buf[HEADER_ROOM + n..self.end].copy_from_slice(CRLF);
        Ok(())
    }
}

impl<R: Read> Read for ChunkedReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.start == self.end {
            if self.done || out.is_empty() {
                return Ok(0);
            }
            self.next_frame()?;
        }
        let n = out.len().min(self.end - self.start);
        out[..n].copy_from_slice(&self.buf[self.start..self.start + n]);
        self.start += n;
        Ok(n)
    }
}
