//! Each story written with chalice-rs is no longer than the same behaviour
//! written with aws_lambda_events, and the table in README.md gives both
//! counts as they are.

use std::path::Path;

/// The stories: `src/bin/<name>.rs` beside `peer/<name>.rs`.
const STORIES: [&str; 4] = ["sqs_batch", "http_api", "orders", "thumbnails"];

/// Lines of code: neither blank nor only a comment. `rustfmt` lays out both
/// versions, so neither is shortened by long lines.
fn code_lines(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .count()
}

fn counts(story: &str) -> (usize, usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    (
        code_lines(&root.join(format!("src/bin/{story}.rs"))),
        code_lines(&root.join(format!("peer/{story}.rs"))),
    )
}

#[test]
fn every_story_is_no_longer_than_the_peer_version() {
    for story in STORIES {
        let (ours, peer) = counts(story);
        assert!(
            ours <= peer,
            "{story}: {ours} lines against the peer's {peer}"
        );
    }
}

#[test]
fn the_readme_table_gives_the_counts() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("examples/README.md");
    for story in STORIES {
        let (ours, peer) = counts(story);
        let row = readme
            .lines()
            .find(|line| line.starts_with(&format!("| `{story}` |")))
            .unwrap_or_else(|| panic!("README.md has no row for `{story}`"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        // | `name` | what | ours | peer |
        assert_eq!(
            (cells[3], cells[4]),
            (ours.to_string().as_str(), peer.to_string().as_str()),
            "README.md row of `{story}`: {row}"
        );
    }
}
