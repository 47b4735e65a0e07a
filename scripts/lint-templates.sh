#!/usr/bin/env bash
# Checks the deploy artefacts with AWS's own linters: every SAM template must
# pass cfn-lint with no error, every Swagger 2.0 and OpenAPI 3.1 document
# openapi-spec-validator. Covers each packaging conformance case (the twin of
# the reference app, under each case's config), the twin's own Swagger and
# OpenAPI documents, and the items example (whose routes declare typed
# models, so its documents carry schemas).
#
#   scripts/lint-templates.sh        (cfn-lint and openapi-spec-validator on PATH)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

cargo build --quiet -p chalice-tests --bin chalice-conformance
cargo build --quiet -p chalice-app --example items --features runtime,local-server
bin="${CARGO_TARGET_DIR:-$root/target}/debug"

failed=0
lint_sam() {
  if cfn-lint --non-zero-exit-code error -- "$1"; then echo "ok   cfn-lint $2"; else echo "FAIL cfn-lint $2"; failed=1; fi
}
lint_openapi() {
  if openapi-spec-validator --schema 3.1 "$1" >/dev/null; then echo "ok   openapi-spec-validator (OpenAPI 3.1) $2"; else
    openapi-spec-validator --schema 3.1 "$1" || true; echo "FAIL openapi-spec-validator (OpenAPI 3.1) $2"; failed=1; fi
}
lint_swagger() {
  if openapi-spec-validator --schema 2.0 "$1" >/dev/null; then echo "ok   openapi-spec-validator $2"; else
    openapi-spec-validator --schema 2.0 "$1" || true; echo "FAIL openapi-spec-validator $2"; failed=1; fi
}

for case in testdata/conformance/package/cases/*.json; do
  name="$(basename "$case" .json)"
  "$bin/chalice-conformance" package "$case" > "$out/$name.json"
  # Splits the outcome into the files the linters read: sam.json, the Swagger
  # document, or the Swagger document Terraform carries as text.
  kind="$(python3 - "$out/$name.json" "$out/$name" <<'PY'
import json, sys
outcome = json.load(open(sys.argv[1]))
base = sys.argv[2]
if "error" in outcome:
    print("error")
    sys.exit()
t = outcome["template"]
if "Resources" in t:
    json.dump(t, open(base + ".sam.json", "w"))
    print("sam")
    swagger = t["Resources"].get("RestAPI", {}).get("Properties", {}).get("DefinitionBody")
elif "resource" in t:
    print("terraform")
    swagger = json.loads(t.get("locals", {}).get("chalice_api_swagger", "null"))
else:
    print("swagger")
    swagger = t
if swagger is not None:
    json.dump(swagger, open(base + ".swagger.json", "w"))
PY
)"
  case "$kind" in
    error) echo "ok   $name: refused, as Chalice refuses" ;;
    sam) lint_sam "$out/$name.sam.json" "$name" ;;
  esac
  if [ -f "$out/$name.swagger.json" ]; then lint_swagger "$out/$name.swagger.json" "$name"; fi
done

# The items example has an S3 handler, which a SAM template cannot hold (as
# Chalice refuses it); its SAM template without that handler is the snapshot
# the suite keeps equal to the current output.
awk 'n>=2; /^---$/{n++}' tests/tests/snapshots/suite__package__items_sam.snap > "$out/items-sam.json"
lint_sam "$out/items-sam.json" "items example (without its S3 handler)"
(cd "$out" && "$bin/examples/items" generate-models) > "$out/items-swagger.json"
lint_swagger "$out/items-swagger.json" "items example"
(cd "$out" && "$bin/examples/items" generate-models --openapi) > "$out/items-openapi.json"
lint_openapi "$out/items-openapi.json" "items example"

for target in swagger cloudformation terraform; do
  "$bin/chalice-conformance" swagger "$target" > "$out/twin-$target.json"
  lint_swagger "$out/twin-$target.json" "conformance twin ($target)"
done
"$bin/chalice-conformance" openapi > "$out/twin-openapi.json"
lint_openapi "$out/twin-openapi.json" "conformance twin"

exit "$failed"
