"""The Python half of scripts/bench-vs-python.sh, and its report.

  python bench_vs_python.py time [--iterations N] [--warmup N] CASE_FILE...
      Times Python Chalice (the reference app, testdata/conformance/refapp.py) on each case's
      event: json.loads of the event's bytes, the app's handler, json.dumps of the result, as
      the Python Lambda runtime does per invocation. Prints the same JSON as
      `chalice-conformance bench`: [{"case", "handler", "event_bytes", "iterations",
      "median_ns", "outcome"}].

  python bench_vs_python.py report RUN_DIR CASE_FILE...
      Reads RUN_DIR/rust.N.json and RUN_DIR/python.N.json (one pair per round), checks that
      both stacks answered every case alike in every round (the conformance suite's rule,
      testdata/conformance/compare.py) and prints the markdown tables (the fastest round of each
      stack, then every round), with each case's target
      (10x for an HTTP request without a body, 5x otherwise), and for the events with a JSON
      body, Python's time over the serde floor's (RUN_DIR/floor.N.json when there, from
      `chalice-conformance floor`: serde_json parsing the body into a Value and writing it back,
      the least work of any stack on serde_json whose views read the body as a Value), and
      the twin in its typed forms, `index`, `order` and `echo` answering structs (`echo`'s
      JSON body read as a `DumpedJson`) and `on_queue` answering structs (RUN_DIR/rust_typed.N.json when there, from `chalice-conformance bench
      --typed`). Exits 1 on a difference.

`time` needs chalice==1.34.0 importable; `report` needs only the standard library.
"""
import glob
import json
import os
import statistics
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ left in testdata/conformance/
HERE = os.path.dirname(os.path.abspath(__file__))
CONFORMANCE = os.path.join(HERE, '..', 'testdata', 'conformance')
sys.path.insert(0, CONFORMANCE)

# The targets the report checks: chalice-rs at least this many times Python's speed.
TARGET_WITHOUT_BODY = 10.0  # requests without a body
TARGET_OTHER = 5.0  # every other case


def time_cases(files, iterations, warmup):
    os.environ.setdefault('AWS_DEFAULT_REGION', 'us-west-2')
    import refapp  # after the region is set, as run_cases.py does
    from run_cases import FakeContext  # the context the expected outputs were made with

    out = []
    for path in files:
        with open(path) as f:
            case = json.load(f)
        handler_name = case['handler']
        handler = refapp.app if handler_name == 'api' else refapp.app.handler_map[handler_name]
        context = FakeContext(case['context'])
        # Compact, keys in the file's order: the bytes `chalice-conformance bench` builds
        # with serde_json::to_vec, as Lambda sends them.
        event = json.dumps(case['event'], separators=(',', ':'), ensure_ascii=False).encode('utf-8')

        def once():
            return json.dumps(handler(json.loads(event), context))

        first = once()
        times = []
        for i in range(warmup + iterations):
            started = time.perf_counter_ns()
            output = once()
            elapsed = time.perf_counter_ns() - started
            # Checked outside the timed span, as on the Rust side.
            if output != first:
                raise SystemExit('%s: iteration %d answered differently from the first' % (path, i))
            if i >= warmup:
                times.append(elapsed)
        out.append({
            'case': os.path.splitext(os.path.basename(path))[0],
            'handler': handler_name,
            'event_bytes': len(event),
            'iterations': iterations,
            'median_ns': statistics.median(times),
            'outcome': {'result': json.loads(first)},
        })
    return out


def target(case_file):
    """The speed-up the case must reach: more for an HTTP request without a body."""
    with open(case_file) as f:
        case = json.load(f)
    if case['handler'] == 'api' and case['event'].get('body') is None:
        return TARGET_WITHOUT_BODY
    return TARGET_OTHER


def load_rounds(run_dir, stack):
    rounds = []
    for path in sorted(glob.glob(os.path.join(run_dir, '%s.*.json' % stack)),
                       key=lambda p: int(p.rsplit('.', 2)[1])):
        with open(path) as f:
            rounds.append({c['case']: c for c in json.load(f)})
    return rounds


def report(run_dir, case_files):
    from compare import diff  # the conformance suite's comparison rule

    targets = {os.path.splitext(os.path.basename(f))[0]: target(f) for f in case_files}

    rust, python = load_rounds(run_dir, 'rust'), load_rounds(run_dir, 'python')
    if not rust or len(rust) != len(python):
        raise SystemExit('%s: expected as many rust.N.json as python.N.json files' % run_dir)
    # The typed forms time only the cases they answer: `/`, an order, `/echo`, an SQS batch.
    rust_typed = load_rounds(run_dir, 'rust_typed')
    if rust_typed and len(rust_typed) != len(python):
        raise SystemExit('%s: expected as many rust_typed.N.json as python.N.json files' % run_dir)
    problems = []
    for n, (r, p) in enumerate(zip(rust, python), 1):
        if set(r) != set(p):
            problems.append('round %d: cases differ: %s vs %s' % (n, sorted(r), sorted(p)))
            continue
        if rust_typed and not set(rust_typed[n - 1]) <= set(p):
            problems.append('round %d: typed cases %s are not all timed in Python'
                            % (n, sorted(rust_typed[n - 1])))
            continue
        for name in sorted(r):
            if r[name]['event_bytes'] != p[name]['event_bytes']:
                problems.append('round %d, %s: the stacks timed different bytes (%d vs %d)'
                                % (n, name, r[name]['event_bytes'], p[name]['event_bytes']))
            # Python Chalice is the reference: its answer is the expected one.
            for line in diff(p[name]['outcome'], r[name]['outcome']):
                problems.append('round %d, %s: %s' % (n, name, line))
            if rust_typed and name in rust_typed[n - 1]:
                for line in diff(p[name]['outcome'], rust_typed[n - 1][name]['outcome']):
                    problems.append('round %d, %s in typed form: %s' % (n, name, line))
    if problems:
        print('\n'.join(problems))
        return 1

    def us(ns):
        return ns / 1000.0

    names = list(rust[0])  # in the order the cases were given
    print('| case | chalice-rs (µs) | Python Chalice (µs) | fastest rounds | paired rounds | target |')
    print('|---|---:|---:|---:|---:|---|')
    per_round = []
    for name in names:
        r_times = [rnd[name]['median_ns'] for rnd in rust]
        p_times = [rnd[name]['median_ns'] for rnd in python]
        print(speed_up_row('`%s`' % name, r_times, p_times, targets[name]))
        per_round.append((name, r_times, p_times))
    typed_rounds = []
    if rust_typed:
        print()
        print("The twin in its typed forms, with no `Value`: `index` and `order` answering structs "
              "(`order`'s borrowed from the request), `echo` answering a struct (a JSON "
              "body read as a `DumpedJson`, two headers read with `Request::header`), `on_queue` "
              "answering structs (the same answers, checked), against the same Python rounds:")
        print()
        print('| case | chalice-rs, typed (µs) | Python Chalice (µs) | fastest rounds '
              '| paired rounds | target |')
        print('|---|---:|---:|---:|---:|---|')
        for name in (n for n in names if n in rust_typed[0]):
            t_times = [rnd[name]['median_ns'] for rnd in rust_typed]
            p_times = [rnd[name]['median_ns'] for rnd in python]
            print(speed_up_row('`%s`' % name, t_times, p_times, targets[name]))
            typed_rounds.append(('%s (typed)' % name, t_times, p_times))
    floor_rounds = load_rounds(run_dir, 'floor')
    if floor_rounds and len(floor_rounds) != len(python):
        raise SystemExit('%s: expected as many floor.N.json as python.N.json files' % run_dir)
    floors = [(name, [rnd[name]['median_ns'] for rnd in floor_rounds], p_times)
              for name, _, p_times in per_round if floor_rounds and name in floor_rounds[0]]
    if floors:
        print()
        print('The serde floor of each JSON body (serde_json parses it into a `Value`, writes the '
              'value as text and that text as a string), timed in each round, and Python '
              "Chalice's time for the whole event over it: the most a stack on serde_json whose "
              'views read the body as a `Value` could reach, read the same two ways:')
        print()
        print('| case | serde floor (µs) | Python / floor, fastest rounds | paired rounds |')
        print('|---|---:|---:|---:|')
        for name, f_times, p_times in floors:
            print('| `%s` | %.1f | %.2fx | %.2fx |'
                  % (name, us(min(f_times)), min(p_times) / min(f_times),
                     statistics.median(p / f for f, p in zip(f_times, p_times))))
    print()
    print('Per round (µs), rounds 1/2/...; the first table above reads them two ways:')
    print()
    print('| case | chalice-rs | Python Chalice |')
    print('|---|---|---|')
    for name, r_times, p_times in per_round + typed_rounds:
        print('| `%s` | %s | %s |' % (name, ' / '.join('%.1f' % us(t) for t in r_times),
                                     ' / '.join('%.1f' % us(t) for t in p_times)))
    return 0


def speed_up_row(label, r_times, p_times, wanted):
    """A table row: the fastest rounds, Python's time over Rust's read two ways, the verdict.

    On a shared machine a round is either undisturbed or slowed by whatever else ran then (the
    rounds' times fall in two groups). The fastest round of each stack is the one that measured
    the stack rather than the neighbours, as timeit advises; but when one stack never had an
    undisturbed round, comparing the two fastest compares a quiet round with a loud one. The
    rounds of both stacks with the same number ran back to back, under the same load: the median
    of their ratios does not depend on either stack having been lucky. The verdict takes the
    lower.
    """
    r_best, p_best = min(r_times), min(p_times)
    fastest = p_best / r_best
    paired = statistics.median(p / r for r, p in zip(r_times, p_times))
    return ('| %s | %.1f | %.1f | %.2fx | %.2fx | ≥ %gx: %s |'
            % (label, r_best / 1000.0, p_best / 1000.0, fastest, paired, wanted,
               'met' if min(fastest, paired) >= wanted else 'missed'))


def main(argv):
    if len(argv) >= 3 and argv[0] == 'report':
        return report(argv[1], argv[2:])
    if argv and argv[0] == 'time':
        iterations, warmup, files = 1000, 100, []
        args = iter(argv[1:])
        for arg in args:
            if arg == '--iterations':
                iterations = max(1, int(next(args)))
            elif arg == '--warmup':
                warmup = int(next(args))
            else:
                files.append(arg)
        if files:
            print(json.dumps(time_cases(files, iterations, warmup), indent=2, ensure_ascii=False))
            return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
