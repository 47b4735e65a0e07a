#!/usr/bin/env bash
# Refreshes testdata/ from the shared project data beside the repository
# (../shared by default, or the folder given): the real-event fixtures with
# their sources and licenses, and the conformance suites (the reference app,
# its cases, Python Chalice's outputs and the packaging cases).
#
#   scripts/refresh-testdata.sh [SHARED_DIR]
#
# Tests read testdata/ only, so a clone of the repository passes on its own;
# run this when the shared data changes and commit the result.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${1:-$root/../shared}"
if [ ! -d "$shared/fixtures" ] || [ ! -d "$shared/conformance" ]; then
  echo "no fixtures/ and conformance/ under $shared" >&2
  exit 1
fi
shared="$(cd "$shared" && pwd)"
dest="$root/testdata"
# Files are copied over their old copies; files only testdata/ has (the
# packaging cases this repository records itself with the same
# make_expected.py, see testdata/README.md) are kept.
for part in fixtures conformance; do
  mkdir -p "$dest/$part"
  # Copy the data and the scripts that regenerate it; never local virtual
  # environments or caches.
  (cd "$shared/$part" && find . -type f ! -path '*/.venv/*' ! -path '*/__pycache__/*' -print0) |
    while IFS= read -r -d '' file; do
      mkdir -p "$dest/$part/$(dirname "$file")"
      cp "$shared/$part/$file" "$dest/$part/$file"
    done
  chmod -R u+w "$dest/$part"
done
echo "testdata/ refreshed from $shared: $(find "$dest" -type f | wc -l) files"
