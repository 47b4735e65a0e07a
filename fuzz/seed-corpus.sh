#!/usr/bin/env bash
# Rebuilds the seed corpora in fuzz/corpus/<target>/ from the real events in
# testdata/fixtures/ and the HTTP events of testdata/conformance/cases/.
#
# Files whose names start with `finding-` are crash inputs kept as regression
# tests: this script never touches them. Everything else in a corpus folder is
# replaced, so that the committed corpora stay the seed set (new inputs found
# while fuzzing go to a scratch folder, see README.md).
#
# Usage: fuzz/seed-corpus.sh   (from anywhere; needs python3)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
shared="$(cd "$here/../testdata" && pwd)"
corpus="$here/corpus"

python3 - "$shared" "$corpus" <<'PY'
import json, os, random, shutil, sys

shared, corpus = sys.argv[1], sys.argv[2]

def fresh(target):
    path = os.path.join(corpus, target)
    os.makedirs(path, exist_ok=True)
    for name in os.listdir(path):
        if not name.startswith("finding-"):
            os.remove(os.path.join(path, name))
    return path

# The parsers: every real event of their kinds, byte for byte.
parse = {
    "parse_request": ["apigw_rest", "apigw_http", "alb", "function_url"],
    "parse_auth_request": ["authorizer"],
    "parse_websocket": ["websocket"],
    "parse_s3": ["s3"],
    "parse_sns": ["sns"],
    "parse_sqs": ["sqs"],
    "parse_cloudwatch": ["cloudwatch_scheduled", "eventbridge"],
    "parse_kinesis": ["kinesis"],
    "parse_dynamodb": ["dynamodb"],
}
for target, kinds in parse.items():
    out = fresh(target)
    for kind in kinds:
        folder = os.path.join(shared, "fixtures", kind)
        for name in sorted(os.listdir(folder)):
            if name.endswith(".json"):
                shutil.copyfile(os.path.join(folder, name), os.path.join(out, name))

# Dispatch: the events of the conformance cases for the HTTP handler, which
# reach the reference app's routes, and a few real HTTP events of each shape.
out = fresh("dispatch")
cases = os.path.join(shared, "conformance", "cases")
for name in sorted(os.listdir(cases)):
    with open(os.path.join(cases, name)) as f:
        case = json.load(f)
    if case.get("handler", "api") == "api" and isinstance(case.get("event"), dict):
        with open(os.path.join(out, "conformance-" + name), "w") as f:
            json.dump(case["event"], f, sort_keys=False)
for kind in ["apigw_rest", "apigw_http", "alb", "function_url"]:
    folder = os.path.join(shared, "fixtures", kind)
    for name in sorted(os.listdir(folder))[:3]:
        shutil.copyfile(os.path.join(folder, name), os.path.join(out, name))

# Schedules: valid and invalid expressions, as text.
out = fresh("schedule")
expressions = [
    "rate(5 minutes)", "rate(1 minute)", "rate(1 hour)", "rate(2 days)", "rate(1 minutes)",
    "rate(0 days)", "rate(05 days)", "rate(5  minutes)", "cron(15 10 ? * 6L 2002-2005)",
    "cron(0/15 * * * ? *)", "cron(0/5 8-17 ? * MON-FRI *)", "cron(0 12 L * ? *)",
    "cron(0 9 ? * 2#1 *)", "cron(0 0 1W JAN,JUL ? 1970-2199)", "cron(60 * * * ? *)",
    "cron(* * * * * *)", "cron(0 18 ? * MON-FRI)",
]
for i, text in enumerate(expressions):
    with open(os.path.join(out, "expression-%02d" % i), "w") as f:
        f.write(text)

# Schedule expressions as text: an odd first byte selects the text mode of
# `schedule_expr` (an even one, pieces of expressions chosen by the bytes).
out = fresh("schedule_expr")
for i, text in enumerate(expressions + ["rate(5 minutes) ", "cron(0 12 * * ? *)\n", "RATE(5 minutes)",
                                        "cron(0 12 ? * MON#6 *)", "cron(0 12 ? * L-1 *)", "rate(99999999999999999999 days)"]):
    with open(os.path.join(out, "text-%02d" % i), "wb") as f:
        f.write(b"\x01" + text.encode())
with open(os.path.join(out, "pieces-0"), "wb") as f:
    f.write(bytes([0, 1, 7, 3, 24, 3, 24, 3, 24, 3, 25, 3, 24, 3, 24, 2]))

# Raw HTTP for the local server: an odd first byte sends the rest as it is
# (an even one builds one well-formed request from the bytes).
out = fresh("local_server")
requests = [
    b"GET / HTTP/1.1\r\nHost: h\r\n\r\n",
    b"GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\nGET /items/2 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    b"PUT /items/7 HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}",
    b"POST /items HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde",
    b"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999\r\nExpect: 100-continue\r\n\r\n",
    b"GET /echo?a=1&a=2&b=x%20y HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nx-a: 2\r\n\r\n",
    b"OPTIONS /cors-custom HTTP/1.1\r\nHost: h\r\nOrigin: http://example.com\r\nAccess-Control-Request-Method: GET\r\n\r\n",
    b"GET /secure HTTP/1.1\r\nHost: h\r\nAuthorization: allow-all\r\n\r\n",
    b"HEAD /items/1 HTTP/1.1\r\nHost: h\r\n\r\nGET /png HTTP/1.1\r\nAccept: image/png\r\n\r\n",
    b"GET http://h/items/1 HTTP/1.1\r\nHost: h\r\n\r\n",
    b"\r\n\r\nGET / HTTP/1.0\r\n\r\n",
    b"GET /" + b"x" * 600 + b" HTTP/1.1\r\n\r\n",
    b"GET / HTTP/1.1\r\nX-Big: " + b"v" * 1100 + b"\r\n\r\n",
]
for i, request in enumerate(requests):
    with open(os.path.join(out, "wire-%02d" % i), "wb") as f:
        f.write(b"\x01" + request)

# The structure-aware targets read bytes through `arbitrary`: a few fixed
# pseudo-random seeds of growing size give libFuzzer a start.
rng = random.Random(20240611)
for target in ["arbitrary_events", "request", "response_to_dict", "auth_response", "schedule",
               "local_server", "package"]:
    out = os.path.join(corpus, target)
    if target not in ("schedule", "local_server"):
        out = fresh(target)
    for i, size in enumerate([16, 64, 256, 1024, 4096]):
        with open(os.path.join(out, "random-%d" % i), "wb") as f:
            f.write(bytes(rng.getrandbits(8) for _ in range(size)))

with open(os.path.join(corpus, "README.md"), "w") as f:
    f.write(
        "# Seed corpora\n\n"
        "Written by `../seed-corpus.sh`; do not edit by hand. Files named `<source>__<name>.json`\n"
        "are copies of the real events in `testdata/fixtures/<kind>/` (their sources and licenses:\n"
        "`testdata/fixtures/SOURCES.md` and `LICENSES/`); `conformance-*.json` are the events of\n"
        "`testdata/conformance/cases/`; `random-*` and `expression-*` are made by the script.\n"
        "Files named `finding-N-*` reproduce the findings of `../../FUZZING.md` and are kept.\n"
    )
PY
echo "seed corpora written to $corpus"
