//! Eight bytes at a time in a `u64` (little-endian: byte `k` of a slice
//! is bits `8k..8k + 8`), for the string scans of the reader and the
//! writer. Each flag is the top bit of its byte.

/// `0x01` in every byte of a word.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The top bit of every byte of a word.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// Flags the bytes of `word` below `n` (for `n` ≤ 0x80): such a byte leaves
/// its top bit set in `(word - n·0x01…01) & !word`. A borrow can only carry
/// into bytes above a true match, so the lowest flag is always exact; the
/// ones above it may not be, and none is set when there is no such byte.
pub(crate) fn below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(u64::from(n) * ONES) & !word & HIGH
}

/// Flags the bytes of `word` equal to `c`, as [`below`] flags (the lowest
/// flag exact): the zero bytes of `word ^ c·0x01…01`. Fewer steps than
/// [`equal_bytes`], for scans that stop at the first flag.
pub(crate) fn equal(word: u64, c: u8) -> u64 {
    below(word ^ (u64::from(c) * ONES), 1)
}

/// Flags the bytes that end a plain run of a JSON string: a quote, a
/// backslash or a control character, as [`below`] flags (the lowest flag
/// exact). What the reader stops at.
///
/// The quote and the control characters in one test: flipping bit 1 maps
/// the bytes below 0x20 among themselves and the quote, 0x22, to 0x20, so
/// the bytes below 0x21 after the flip are exactly those. Two tests rather
/// than three, in the loop every string of an event goes through.
pub(crate) fn specials(word: u64) -> u64 {
    below(word ^ (0x02 * ONES), 0x21) | equal(word, b'\\')
}

/// Flags each byte of `word` equal to `c`, exactly: a byte's low seven
/// bits plus 0x7f reach its top bit (without carrying out of it) unless
/// they are all zero, so with the byte's own top bit or-ed in, the top bit
/// is clear exactly for a zero byte of `word ^ c·0x01…01`.
pub(crate) fn equal_bytes(word: u64, c: u8) -> u64 {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = word ^ (ONES * u64::from(c));
    !(((x & LOW) + LOW) | x) & HIGH
}

/// The running sums of `counts`, a word of small numbers, one per byte:
/// byte `k` of the result is the sum of bytes `0..=k`. One multiplication
/// (each byte of `counts` added into itself and every byte above it); the
/// sums must stay below 256, which eight bytes of at most 31 do.
///
/// This is what moves bytes in a word without a chain of dependent steps:
/// where byte `k` goes depends on how many bytes before it grow or shrink,
/// and these sums give every byte's shift at once.
pub(crate) fn running_sums(counts: u64) -> u64 {
    counts.wrapping_mul(ONES)
}

/// Byte `k` of `word`, as a `usize`.
pub(crate) fn byte(word: u64, k: usize) -> usize {
    ((word >> (8 * k)) & 0xff) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_bytes_flags_exactly_the_equal_bytes() {
        // Every byte value beside every other: a borrow or carry from a
        // neighbour must never set or clear a flag.
        for c in [b'"', b'\\', 0u8, 0x7f, 0x80, 0xff] {
            for a in 0..=255u8 {
                for b in [0u8, 1, c.wrapping_sub(1), c, c.wrapping_add(1), 0x80, 0xff] {
                    let bytes = [a, b, a, c, b, a, c, c];
                    let flags = equal_bytes(u64::from_le_bytes(bytes), c);
                    let expected = bytes
                        .iter()
                        .enumerate()
                        .filter(|(_, &x)| x == c)
                        .fold(0u64, |acc, (k, _)| acc | 0x80 << (8 * k));
                    assert_eq!(flags, expected, "{bytes:?} against {c:#x}");
                }
            }
        }
    }

    #[test]
    fn specials_find_the_first_quote_backslash_or_control_character() {
        // Every byte value at every place, after plain bytes and before any
        // bytes at all: the lowest flag is the first special byte, and
        // there is none without one.
        for k in 0..8 {
            for b in 0..=255u8 {
                for after in [b'a', b'"', 0x00, 0xff] {
                    let mut bytes = [b'a'; 8];
                    bytes[k] = b;
                    bytes[k + 1..].fill(after);
                    let special = |x: u8| x == b'"' || x == b'\\' || x < 0x20;
                    let first = bytes.iter().position(|&x| special(x));
                    let flags = specials(u64::from_le_bytes(bytes));
                    let found = (flags != 0).then(|| (flags.trailing_zeros() / 8) as usize);
                    assert_eq!(found, first, "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn running_sums_add_every_byte_before_and_at_each_place() {
        let table: [[u8; 8]; 4] = [
            [0; 8],
            [1, 0, 0, 1, 1, 0, 0, 1],
            [3, 3, 3, 3, 3, 3, 3, 3],
            [31, 31, 31, 31, 31, 31, 31, 31],
        ];
        for counts in table {
            let sums = running_sums(u64::from_le_bytes(counts));
            let mut total = 0;
            for (k, &c) in counts.iter().enumerate() {
                total += usize::from(c);
                assert_eq!(byte(sums, k), total, "{counts:?} at {k}");
            }
        }
    }
}
