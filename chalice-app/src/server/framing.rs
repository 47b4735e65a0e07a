//! A second reading of each connection's bytes, beside hyper's parser, for the
//! one framing rule hyper's parsed request cannot show.
//!
//! A request with both `Content-Length` and `Transfer-Encoding` is the classic
//! smuggling vector (RFC 9112 §6.1: "ought to be handled as an error"; a server
//! "MUST close the connection after responding"). hyper follows the RFC's other
//! option: it reads the body as chunked, drops the `Content-Length` header from
//! the request it hands over and closes the connection afterwards. So the view
//! would run on a request a front proxy may have framed differently, and the
//! service cannot tell, since the header is gone. API Gateway (through
//! CloudFront) refuses such requests; so does the local server, with a 400.
//!
//! [`Watched`] wraps the socket and feeds every byte hyper reads to a
//! [`Scanner`], which finds each request head (skipping bodies by the same
//! framing rules) and records one [`Verdict`] per head, in order. hyper calls
//! the service once per head, in the same order, after reading that head, so
//! the service takes the oldest verdict. When the scanner cannot follow the
//! stream (a head or chunk hyper refuses too, an upgrade), it stops recording:
//! hyper closes such connections itself, and a missing verdict reads as
//! [`Verdict::Plain`].

use std::collections::VecDeque;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// What the scanner saw in one request head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Framed by at most one of `Content-Length` and `Transfer-Encoding`.
    Plain,
    /// Both `Content-Length` and `Transfer-Encoding`: refused with 400.
    Ambiguous,
}

/// The verdicts of one connection, oldest first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Verdicts(Arc<Mutex<VecDeque<Verdict>>>);

impl Verdicts {
    /// The verdict of the next request hyper hands over.
    pub(crate) fn take(&self) -> Verdict {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop_front()
            .unwrap_or(Verdict::Plain)
    }

    fn push(&self, verdict: Verdict) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back(verdict);
    }
}

/// hyper's own limit on header lines (`DEFAULT_MAX_HEADERS`): a head with more
/// is refused by hyper, and the scanner stops there too.
const MAX_HEADERS: usize = 100;

/// Longest chunk-size or trailer line followed; hyper refuses far shorter
/// chunk-size lines, and bounds trailers by the header limit.
const MAX_LINE: usize = 16 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Reading a request head into `buf`.
    Head,
    /// Skipping this many body bytes (`Content-Length`).
    Fixed(u64),
    /// Reading a chunk-size line into `buf`.
    ChunkSize,
    /// Skipping this many bytes of chunk data.
    ChunkData(u64),
    /// Reading the line break after chunk data into `buf`.
    ChunkEnd,
    /// Reading trailer lines (after the last chunk) into `buf`.
    Trailers,
    /// Not following this connection any further.
    Stopped,
}

/// Follows the requests of one connection through their framing.
#[derive(Debug)]
pub(crate) struct Scanner {
    state: State,
    buf: Vec<u8>,
    max_head: usize,
    verdicts: Verdicts,
}

impl Scanner {
    /// A scanner that gives up on heads longer than `max_head` bytes (hyper
    /// refuses those with 431).
    pub(crate) fn new(max_head: usize, verdicts: Verdicts) -> Self {
        Scanner {
            state: State::Head,
            buf: Vec::new(),
            max_head,
            verdicts,
        }
    }

    /// Follows `data`, the next bytes of the connection.
    pub(crate) fn feed(&mut self, mut data: &[u8]) {
        while !data.is_empty() {
            match self.state {
                State::Stopped => return,
                State::Head => data = self.head(data),
                State::Fixed(left) => {
                    let n = skip(left, data.len());
                    data = &data[n..];
                    let left = left - n as u64;
                    self.state = if left == 0 {
                        State::Head
                    } else {
                        State::Fixed(left)
                    };
                }
                State::ChunkData(left) => {
                    let n = skip(left, data.len());
                    data = &data[n..];
                    let left = left - n as u64;
                    self.state = if left == 0 {
                        State::ChunkEnd
                    } else {
                        State::ChunkData(left)
                    };
                }
                State::ChunkSize | State::ChunkEnd | State::Trailers => {
                    let Some(end) = data.iter().position(|&b| b == b'\n') else {
                        self.buf.extend_from_slice(data);
                        if self.buf.len() > MAX_LINE {
                            self.stop();
                        }
                        return;
                    };
                    self.buf.extend_from_slice(&data[..=end]);
                    data = &data[end + 1..];
                    self.line();
                }
            }
        }
    }

    /// A complete line of chunked framing is in `buf`.
    fn line(&mut self) {
        let line = std::mem::take(&mut self.buf);
        let blank = line == b"\r\n" || line == b"\n";
        self.state = match self.state {
            State::ChunkSize => match httparse::parse_chunk_size(&line) {
                Ok(httparse::Status::Complete((_, 0))) => State::Trailers,
                Ok(httparse::Status::Complete((_, size))) => State::ChunkData(size),
                // hyper refuses the chunk too, and the connection with it.
                _ => State::Stopped,
            },
            State::ChunkEnd if blank => State::ChunkSize,
            State::Trailers if blank => State::Head,
            State::Trailers => State::Trailers,
            _ => State::Stopped,
        };
        self.buf = line;
        self.buf.clear();
    }

    /// Reads head bytes from `data` up to the end of the head, if it is
    /// there; returns what follows the head.
    fn head<'a>(&mut self, mut data: &'a [u8]) -> &'a [u8] {
        // Blank lines before a request line are skipped (RFC 9112 §2.2), by
        // httparse as here.
        if self.buf.is_empty() {
            let start = data
                .iter()
                .position(|&b| b != b'\r' && b != b'\n')
                .unwrap_or(data.len());
            data = &data[start..];
        }
        let mut from = 0;
        while let Some(at) = data[from..].iter().position(|&b| b == b'\n') {
            let end = from + at + 1;
            from = end;
            // The head so far is `buf` + `data[..end]`; it ends with an empty
            // line: "\n\n" or "\n\r\n".
            let ends_head = {
                let mut last = self.buf.iter().chain(&data[..end]).rev();
                matches!(
                    (last.next(), last.next(), last.next()),
                    (Some(b'\n'), Some(b'\n'), _) | (Some(b'\n'), Some(b'\r'), Some(b'\n'))
                )
            };
            if ends_head {
                self.buf.extend_from_slice(&data[..end]);
                self.parse_head();
                return &data[end..];
            }
            if self.buf.len() + end > self.max_head {
                self.stop();
                return &[];
            }
        }
        self.buf.extend_from_slice(data);
        if self.buf.len() > self.max_head {
            self.stop();
        }
        &[]
    }

    /// A complete head is in `buf`: record its verdict and what follows it.
    fn parse_head(&mut self) {
        let head = std::mem::take(&mut self.buf);
        self.state = self.judge(&head);
        self.buf = head;
        self.buf.clear();
    }

    /// The verdict of `head` (recorded) and the state after it.
    fn judge(&self, head: &[u8]) -> State {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(head) {
            Ok(httparse::Status::Complete(_)) => {
                let mut length = None;
                let mut has_length = false;
                let mut chunked = None;
                let mut upgrade = request.method == Some("CONNECT");
                for header in request.headers.iter() {
                    if header.name.eq_ignore_ascii_case("content-length") {
                        has_length = true;
                        length = content_length(header.value);
                    } else if header.name.eq_ignore_ascii_case("transfer-encoding") {
                        chunked = Some(is_chunked(header.value));
                    } else if header.name.eq_ignore_ascii_case("upgrade") {
                        upgrade = true;
                    }
                }
                if has_length && chunked.is_some() {
                    self.verdicts.push(Verdict::Ambiguous);
                    // Answered with 400 and the connection closed: nothing
                    // after this head is ever read as a request.
                    State::Stopped
                } else {
                    self.verdicts.push(Verdict::Plain);
                    match (chunked, length, has_length) {
                        // After an upgrade the bytes are no longer HTTP/1.1.
                        _ if upgrade => State::Stopped,
                        (Some(true), _, _) => State::ChunkSize,
                        // Refused by hyper: not chunked last, or a length
                        // that is not a number.
                        (Some(false), _, _) | (None, None, true) => State::Stopped,
                        (None, Some(0) | None, _) => State::Head,
                        (None, Some(n), _) => State::Fixed(n),
                    }
                }
            }
            // hyper refuses the head too (or has more of it than the scanner
            // saw, which cannot happen for a head ending in a blank line).
            _ => State::Stopped,
        }
    }

    fn stop(&mut self) {
        self.state = State::Stopped;
        self.buf = Vec::new();
    }
}

fn skip(left: u64, available: usize) -> usize {
    usize::try_from(left).map_or(available, |l| l.min(available))
}

/// hyper's reading of one `Content-Length` value: digits only.
fn content_length(value: &[u8]) -> Option<u64> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(value).ok()?.parse().ok()
}

/// Whether `chunked` is the last coding of a `Transfer-Encoding` value.
fn is_chunked(value: &[u8]) -> bool {
    value
        .rsplit(|&b| b == b',')
        .next()
        .is_some_and(|last| last.trim_ascii().eq_ignore_ascii_case(b"chunked"))
}

/// A socket whose incoming bytes also go through a [`Scanner`].
#[derive(Debug)]
pub(crate) struct Watched<S> {
    inner: S,
    scanner: Scanner,
}

impl<S> Watched<S> {
    /// Wraps `inner`; the scanner records into its own [`Verdicts`].
    pub(crate) fn new(inner: S, scanner: Scanner) -> Self {
        Watched { inner, scanner }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = polled {
            this.scanner.feed(&buf.filled()[before..]);
        }
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdicts_of(chunks: &[&[u8]]) -> Vec<Verdict> {
        let verdicts = Verdicts::default();
        let mut scanner = Scanner::new(16 * 1024, verdicts.clone());
        for chunk in chunks {
            scanner.feed(chunk);
        }
        let mut out = Vec::new();
        while let Some(v) = verdicts
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop_front()
        {
            out.push(v);
        }
        out
    }

    #[test]
    fn heads_are_found_across_bodies_and_reads() {
        let stream: &[u8] = b"\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n\
            POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello\
            POST /y HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nX-T: 1\r\n\r\n\
            GET /z HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n\
            GET /never HTTP/1.1\r\n\r\n";
        let expected = [
            Verdict::Plain,
            Verdict::Plain,
            Verdict::Plain,
            Verdict::Ambiguous,
        ];
        assert_eq!(verdicts_of(&[stream]), expected);
        // The same bytes one at a time.
        let bytes: Vec<&[u8]> = stream.chunks(1).collect();
        assert_eq!(verdicts_of(&bytes), expected);
    }

    #[test]
    fn both_orders_of_the_two_headers_are_ambiguous() {
        assert_eq!(
            verdicts_of(&[
                b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\ncontent-length: 0\r\n\r\n"
            ]),
            [Verdict::Ambiguous]
        );
        assert_eq!(
            verdicts_of(&[b"POST / HTTP/1.1\nContent-Length: 0\nTransfer-Encoding: x\n\n"]),
            [Verdict::Ambiguous]
        );
    }

    #[test]
    fn the_scanner_stops_where_hyper_refuses() {
        // A bad chunk size, a bad length, an oversized head: nothing after.
        assert_eq!(
            verdicts_of(&[b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nGET / HTTP/1.1\r\n\r\n"]),
            [Verdict::Plain]
        );
        assert_eq!(
            verdicts_of(&[b"POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\nGET / HTTP/1.1\r\n\r\n"]),
            [Verdict::Plain]
        );
        assert_eq!(verdicts_of(&[&[b'a'; 20_000]]), []);
    }
}
