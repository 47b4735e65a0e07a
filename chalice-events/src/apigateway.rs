//! API-wide settings ([`APIGateway`], Chalice's `app.api`) and the
//! content-type matching rule Chalice applies everywhere.
//!
//! # Content-type matching, as a spec
//!
//! [`matches_content_type(value, candidates)`](matches_content_type) decides
//! four things: whether a request's `Content-Type` is accepted by a route
//! (415 otherwise), whether a response is binary, whether the request's
//! `Accept` asks for binary, and whether `Response::to_dict` base64-encodes.
//! After lowercasing `value` and every candidate it is true iff any of:
//!
//! 1. `*/*` occurs anywhere in `value` (an `Accept` of `text/html,*/*;q=0.8`
//!    matches everything);
//! 2. `*/*` is one of the candidates;
//! 3. splitting `value` on every `,` and `;` and trimming each piece, some
//!    piece equals some candidate exactly.
//!
//! So parameters (`charset=utf-8`, `q=0.8`) neither match nor prevent a match,
//! ranges such as `image/*` are not understood, and
//! `application/json-patch+json` does not match `application/json`.

use std::borrow::Cow;

use crate::cors::CORSConfig;
use crate::swar;

/// The binary types every app starts with, in Chalice's order.
pub const DEFAULT_BINARY_TYPES: [&str; 16] = [
    "application/octet-stream",
    "application/x-tar",
    "application/zip",
    "audio/basic",
    "audio/ogg",
    "audio/mp4",
    "audio/mpeg",
    "audio/wav",
    "audio/webm",
    "image/png",
    "image/jpg",
    "image/jpeg",
    "image/gif",
    "video/ogg",
    "video/mpeg",
    "video/webm",
];

/// A fresh copy of [`DEFAULT_BINARY_TYPES`], to extend or replace.
///
/// ```
/// let types = chalice_events::apigateway::default_binary_types();
/// assert_eq!(types.len(), 16);
/// assert_eq!(types[0], "application/octet-stream");
/// ```
pub fn default_binary_types() -> Vec<String> {
    DEFAULT_BINARY_TYPES
        .iter()
        .map(|t| (*t).to_string())
        .collect()
}

/// Chalice's `_matches_content_type`: whether a `Content-Type` or `Accept`
/// value matches one of `candidates` (see the [module documentation](self)).
///
/// ```
/// use chalice_events::apigateway::matches_content_type;
///
/// assert!(matches_content_type("application/json; charset=utf-8", &["application/json"]));
/// assert!(matches_content_type("text/html,*/*;q=0.8", &["image/png"]));
/// assert!(matches_content_type("IMAGE/PNG", &["image/png"]));
/// assert!(!matches_content_type("application/json-patch+json", &["application/json"]));
/// assert!(!matches_content_type("image/png", &["image/*"]));
/// ```
pub fn matches_content_type(value: &str, candidates: &[impl AsRef<str>]) -> bool {
    // The usual value, `application/json`, is one piece with nothing to
    // lowercase, split or strip: every response and most requests ask this.
    if is_one_plain_piece(value) {
        return candidates.iter().any(|candidate| {
            let candidate = candidate.as_ref();
            candidate == "*/*"
                || ((value.len()..=3 * value.len()).contains(&candidate.len())
                    && matches_plain_piece(value, candidate))
        });
    }
    let value = lowercase(value);
    // A byte search: `str::contains` sets up a substring searcher, which
    // costs more than scanning a header value this short.
    if value.as_bytes().windows(3).any(|w| w == b"*/*") {
        return true;
    }
    // The pieces, stripped, are compared with every candidate; a value holds
    // one or two (`application/json; charset=utf-8`), kept on the stack.
    let mut few = [""; 4];
    let mut more = Vec::new();
    let mut count = 0;
    for piece in value.split([',', ';']).map(python_strip) {
        match few.get_mut(count) {
            Some(slot) => {
                *slot = piece;
                count += 1;
            }
            None => more.push(piece),
        }
    }
    matches_a_piece(few[..count].iter().chain(&more).copied(), candidates)
}

/// Whether `candidate`, lowercased, is `piece`, a value of one plain
/// piece ([`is_one_plain_piece`]), printable ASCII.
///
/// This runs for every response against every binary type, most of them of
/// another length than the response's type (or than its empty type, when
/// it has none), and those the caller passes over unread when no candidate
/// of their length can match. Lowercased, a candidate beyond ASCII is ASCII
/// only when each of its characters lowercases to ASCII, and the one
/// character that does, the Kelvin sign, is three bytes that become one `k`
/// (a test holds every character to this): it gets shorter, by at most two
/// thirds. So a candidate shorter than `piece`, or more than three times as
/// long, cannot match; one of its length is ASCII or no match, and only a
/// longer one beyond ASCII is lowercased.
fn matches_plain_piece(piece: &str, candidate: &str) -> bool {
    match candidate.len() == piece.len() {
        true => candidate.eq_ignore_ascii_case(piece),
        false => !candidate.is_ascii() && lowercase(candidate).eq_ignore_ascii_case(piece),
    }
}

/// Whether a candidate is `*/*` or, lowercased, one of `pieces`: pieces of
/// a value that hold no ASCII capital beyond those `eq_ignore_ascii_case`
/// passes over (lowercased, or plain ASCII).
///
/// This runs for every response against every binary type: each candidate
/// is checked for ASCII once, and an ASCII candidate of another length than
/// a piece is settled without comparing bytes. A candidate beyond ASCII
/// lowercases by Unicode's rules, which may change its length; lowercased,
/// it has no ASCII capital, and its bytes beyond ASCII are compared exactly.
fn matches_a_piece<'p>(
    pieces: impl Iterator<Item = &'p str> + Clone,
    candidates: &[impl AsRef<str>],
) -> bool {
    candidates.iter().any(|candidate| {
        let candidate = candidate.as_ref();
        if candidate.is_ascii() {
            candidate == "*/*"
                || pieces.clone().any(|piece| {
                    candidate.len() == piece.len() && candidate.eq_ignore_ascii_case(piece)
                })
        } else {
            let candidate = lowercase(candidate);
            candidate == "*/*"
                || pieces
                    .clone()
                    .any(|piece| candidate.eq_ignore_ascii_case(piece))
        }
    })
}

/// Whether `value` is printable ASCII without a space, `,`, `;` or `*`: one
/// piece that Python's `strip()` leaves whole and that holds no `*/*`.
/// Eight bytes at a time: a content type is a word or two.
fn is_one_plain_piece(value: &str) -> bool {
    let plain = |b: &u8| matches!(b, b'!'..=b'~') && !matches!(b, b',' | b';' | b'*');
    let mut words = value.as_bytes().chunks_exact(8);
    let words_plain = words.by_ref().all(|word| {
        let Ok(word) = <[u8; 8]>::try_from(word) else {
            return false;
        };
        let w = u64::from_le_bytes(word);
        // Flags for a control character or space, a byte beyond ASCII,
        // DEL and the three separators: any flag at all is an answer.
        let flags = swar::below(w, b'!')
            | (w & swar::HIGH)
            | swar::equal(w, 0x7f)
            | swar::equal(w, b',')
            | swar::equal(w, b';')
            | swar::equal(w, b'*');
        flags == 0
    });
    words_plain && words.remainder().iter().all(plain)
}

/// Python's `str.lower()`, borrowing when there is nothing to change (the
/// usual case for content types, which are almost always lowercase ASCII).
pub(crate) fn lowercase(s: &str) -> Cow<'_, str> {
    // The usual name, ASCII without a capital, told in one pass.
    if !s.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        return Cow::Borrowed(s);
    }
    match s.is_ascii() {
        // The same as Unicode's rules on ASCII, without their per-character
        // table lookups.
        true => Cow::Owned(s.to_ascii_lowercase()),
        false => Cow::Owned(s.to_lowercase()),
    }
}

/// Whether a header name is `lowered` (a name already lowercased by
/// [`lowercase`]) once lowercased as Python lowercases it. Without an
/// allocation for ASCII names, the usual case; Unicode's rules may change a
/// name's length (the Kelvin sign `K` lowercases to `k`), so other names
/// are lowercased first.
pub(crate) fn same_header_name(name: &str, lowered: &str) -> bool {
    match name.is_ascii() {
        true => name.eq_ignore_ascii_case(lowered),
        false => name.to_lowercase() == lowered,
    }
}

/// Python's `str.strip()`: Rust's `trim` plus the four information separators
/// U+001C..U+001F, which Python also counts as whitespace.
fn python_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// API-wide settings of an app: Chalice's `app.api`.
///
/// `APIGateway::default()` has CORS off and the sixteen default binary types.
///
/// ```
/// use chalice_events::apigateway::APIGateway;
/// use chalice_events::cors::CORSConfig;
///
/// let mut api = APIGateway::default();
/// api.binary_types.push("application/x-custom".to_string());
/// api.cors = Some(CORSConfig::default()); // Chalice's `app.api.cors = True`
/// assert!(api.is_binary_type("application/x-custom"));
/// assert!(!api.is_binary_type("application/json"));
/// ```
#[doc(alias = "ApiGateway")]
#[derive(Debug, Clone, PartialEq)]
pub struct APIGateway {
    /// The CORS configuration routes get when they do not say otherwise:
    /// `None` is Chalice's `cors=False`, `Some(CORSConfig::default())` its `cors=True`.
    pub cors: Option<CORSConfig>,
    /// Content types treated as binary, e.g. `["application/octet-stream", "image/png"]`.
    pub binary_types: Vec<String>,
}

impl Default for APIGateway {
    fn default() -> Self {
        APIGateway {
            cors: None,
            binary_types: default_binary_types(),
        }
    }
}

impl APIGateway {
    /// The default settings: CORS off, the default binary types.
    pub fn new() -> Self {
        Self::default()
    }

    /// A fresh copy of the default binary types (Chalice's
    /// `app.api.default_binary_types`).
    pub fn default_binary_types() -> Vec<String> {
        default_binary_types()
    }

    /// Whether `content_type` (a `Content-Type` or `Accept` value) matches
    /// one of [`binary_types`](APIGateway::binary_types).
    pub fn is_binary_type(&self, content_type: &str) -> bool {
        matches_content_type(content_type, &self.binary_types)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_matching_table() {
        let table: &[(&str, &[&str], bool)] = &[
            ("application/json", &["application/json"], true),
            // test_app.py::test_content_type_with_charset
            (
                "application/json; charset=utf-8",
                &["application/json"],
                true,
            ),
            (
                "application/json;charset=UTF-8",
                &["application/json"],
                true,
            ),
            // test_can_base64_encode_binary_multiple_media_types
            ("text/html;q=0.8, image/gif ;q=0.5", &["image/gif"], true),
            ("text/html;q=0.8, image/gif ;q=0.5", &["image/png"], false),
            (
                "text/html,application/xhtml+xml,*/*;q=0.8",
                &["image/png"],
                true,
            ),
            ("text/plain", &["*/*"], true),
            ("", &["*/*"], true),
            ("", &["application/json"], false),
            ("IMAGE/PNG", &["image/png"], true),
            ("image/png", &["IMAGE/PNG"], true),
            // Python's `lower()` covers more than ASCII, on both sides.
            ("application/ÄX", &["application/äx"], true),
            ("application/äx", &["APPLICATION/ÄX"], true),
            ("application/äx", &["application/ax"], false),
            // The Kelvin sign lowercases to an ASCII `k`.
            ("IMAGE/K", &["image/\u{212a}"], true),
            ("image/kk", &["image/\u{212a}"], false),
            // Three bytes for one: a candidate three times as long as the value.
            ("K", &["\u{212a}"], true),
            ("k", &["\u{212a}\u{212a}"], false),
            ("", &[""], true),
            ("*/*", &["application/ÄX"], true),
            ("application/json-patch+json", &["application/json"], false),
            ("image/png", &["image/*"], false),
            ("image/png", &[], false),
            ("  image/png  ", &["image/png"], true),
            ("charset=utf-8", &["utf-8"], false),
            ("text/plain", &["text/html", "text/plain"], true),
            // Candidates are not trimmed.
            ("image/png", &[" image/png"], false),
        ];
        for (value, candidates, expected) in table {
            assert_eq!(
                matches_content_type(value, candidates),
                *expected,
                "{value:?} vs {candidates:?}"
            );
        }
    }

    /// What [`matches_plain_piece`] stands on: a character beyond ASCII that
    /// lowercases to ASCII text gets shorter doing so, to no less than a
    /// third of its bytes.
    #[test]
    fn a_character_lowercased_to_ascii_keeps_a_third_of_its_length_or_more() {
        let shrinking = ('\u{80}'..=char::MAX)
            .filter_map(|c| {
                let lower: String = c.to_lowercase().collect();
                lower.is_ascii().then(|| {
                    let (before, after) = (c.len_utf8(), lower.len());
                    assert!(
                        after < before && 3 * after >= before,
                        "{c:?} lowercases to {lower:?}"
                    );
                    c
                })
            })
            .collect::<Vec<_>>();
        // The Kelvin sign, the case the shortcut is written for.
        assert_eq!(shrinking, ['\u{212a}']);
    }

    #[test]
    fn a_plain_piece_is_told_at_every_place_in_a_word() {
        let plain_char = |c: char| matches!(c, '!'..='~') && !matches!(c, ',' | ';' | '*');
        let chars = (0u8..0x80).map(char::from).chain(['é', '\u{212a}']);
        for c in chars {
            for len in 0..18 {
                for at in 0..len {
                    let value: String = (0..len).map(|i| if i == at { c } else { 'a' }).collect();
                    assert_eq!(is_one_plain_piece(&value), plain_char(c), "{value:?}");
                }
            }
        }
        assert!(is_one_plain_piece(""));
    }

    proptest::proptest! {
        /// The same answer as Chalice's rule written out plainly.
        #[test]
        fn agrees_with_the_rule_written_plainly(
            value in "[ a-zA-Z/*,;+.\\-=\u{1c}\u{212a}é]{0,40}",
            candidates in proptest::collection::vec("[ a-zA-Z/*+.\\-\u{212a}é]{0,12}", 0..6),
        ) {
            proptest::prop_assert_eq!(
                matches_content_type(&value, &candidates),
                plain_rule(&value, &candidates)
            );
        }

        /// Values of one piece, matched by a shortcut, against candidates
        /// that are often the value in other cases, or with the Kelvin
        /// sign for a `k`.
        #[test]
        fn one_piece_values_agree_with_the_rule(
            value in "[a-lA-L/+.=\\-]{0,10}",
            flips in proptest::collection::vec(proptest::prelude::any::<u16>(), 0..4),
            others in proptest::collection::vec("[a-lA-L/+*\u{212a}]{0,10}", 0..3),
        ) {
            let mut candidates: Vec<String> = flips
                .iter()
                .map(|bits| {
                    value
                        .chars()
                        .enumerate()
                        .map(|(i, c)| match (bits >> (i % 16) & 1 == 1, c) {
                            (true, 'k' | 'K') => '\u{212a}',
                            (true, c) if c.is_ascii_lowercase() => c.to_ascii_uppercase(),
                            (true, c) => c.to_ascii_lowercase(),
                            (false, c) => c,
                        })
                        .collect()
                })
                .collect();
            candidates.extend(others);
            proptest::prop_assert_eq!(
                matches_content_type(&value, &candidates),
                plain_rule(&value, &candidates)
            );
        }
    }

    /// Chalice's rule written out plainly: lower-case the value, `*/*`
    /// anywhere matches, else split on `,` and `;`, strip each piece, and
    /// look for it among the lower-cased candidates.
    fn plain_rule(value: &str, candidates: &[String]) -> bool {
        let lower = value.to_lowercase();
        let listed: Vec<String> = candidates.iter().map(|c| c.to_lowercase()).collect();
        lower.contains("*/*")
            || listed.iter().any(|c| c == "*/*")
            || lower
                .split([',', ';'])
                .map(python_strip)
                .any(|piece| listed.iter().any(|c| c == piece))
    }

    #[test]
    fn candidates_may_be_owned_strings() {
        let api = APIGateway::default();
        assert!(matches_content_type("image/gif", &api.binary_types));
        assert!(api.is_binary_type("application/octet-stream; charset=binary"));
        assert!(!api.is_binary_type("text/plain"));
    }

    #[test]
    fn defaults_are_chalice_defaults() {
        let api = APIGateway::new();
        assert_eq!(api.cors, None);
        assert_eq!(api.binary_types, DEFAULT_BINARY_TYPES);
        assert_eq!(APIGateway::default_binary_types(), DEFAULT_BINARY_TYPES);
        assert_eq!(DEFAULT_BINARY_TYPES[15], "video/webm");
    }
}
