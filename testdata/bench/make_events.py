"""Writes the events of the side-by-side bench against Python Chalice (testdata/bench/*.json).

Usage: python3 make_events.py [OUT_DIR]

Each file is one invocation of the reference app, in the format of the conformance cases
({"handler", "context", "event"}), so both stacks read it as they read those. The REST events
are built by the conformance suite's own `apigw()`, with the headers a request through
API Gateway's CloudFront edge carries (17 of them), so header handling costs what it costs
in production rather than what a two-header test event costs. Deterministic: no clock, no
randomness; running it twice gives the same files.
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ left in testdata/conformance/
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'conformance'))

from make_cases import apigw, context, sqs_record  # noqa: E402

# What API Gateway's edge adds to a browser's request (Host and User-Agent come from apigw()).
EDGE_HEADERS = {
    'Accept': 'application/json, text/plain, */*',
    'Accept-Encoding': 'gzip, deflate, br',
    'Accept-Language': 'en-US,en;q=0.9',
    'CloudFront-Forwarded-Proto': 'https',
    'CloudFront-Is-Desktop-Viewer': 'true',
    'CloudFront-Is-Mobile-Viewer': 'false',
    'CloudFront-Is-SmartTV-Viewer': 'false',
    'CloudFront-Is-Tablet-Viewer': 'false',
    'CloudFront-Viewer-Country': 'US',
    'Via': '2.0 a3650115c5e21e2b5d133ce84464bea3.cloudfront.net (CloudFront)',
    'X-Amz-Cf-Id': 'ZKmUqMnFz8g5S4bzJ0YQ7XWz2qL9bJ3r5cGm0Vd1tHkXo4pNnYs2Aw==',
    'X-Amzn-Trace-Id': 'Root=1-5e66d96f-7491f09xmpl79d18acf3d050',
    'X-Forwarded-For': '203.0.113.7, 198.51.100.21',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
}


def headers(**extra):
    out = dict(EDGE_HEADERS)
    out.update(extra)
    return out


def catalogue(count):
    """A JSON document of `count` small objects: about 67 bytes each (220 make 14,778 bytes), written compactly."""
    colours = ['red', 'green', 'blue', 'black']
    items = [{'id': i, 'sku': 'SKU-%05d' % i, 'qty': i % 7,
              # Quarters only, so every price is exact in binary and prints alike in both stacks.
              'price': (i * 37 % 4000) / 4, 'tags': [colours[i % 4]]}
             for i in range(count)]
    return json.dumps({'items': items}, separators=(',', ':'))


def events():
    out = {}
    out['index_get'] = ('api', apigw('GET', '/', '/', headers=headers()))
    out['order_params'] = ('api', apigw(
        'GET', '/users/u42/orders/o1001', '/users/{user_id}/orders/{order_id}',
        {'user_id': 'u42', 'order_id': 'o1001'}, headers=headers()))
    out['echo_query_multi'] = ('api', apigw(
        'GET', '/echo', '/echo',
        query=[('tag', 'red'), ('tag', 'blue'), ('tag', 'green'), ('limit', '20'),
               ('sort', 'price'), ('page', '3')],
        headers=headers()))
    out['echo_post_14kb'] = ('api', apigw(
        'POST', '/echo', '/echo', body=catalogue(220),
        headers=headers(**{'Content-Type': 'application/json'})))
    # Not for refapp.py: the request the cold-start bench sends to the items example
    # (chalice-app/examples/items.rs) and its lambda_http + axum counterpart.
    out['items_get_item'] = ('api', apigw('GET', '/items/1', '/items/{id}', {'id': '1'},
                                          headers=headers()))
    out['sqs_batch_10'] = ('on_queue', {'Records': [
        sqs_record(json.dumps({'job': n, 'kind': 'resize', 'key': 'uploads/%04d.png' % n}), n)
        for n in range(10)]})
    return out


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    cases = events()
    for name, (handler, event) in sorted(cases.items()):
        with open(os.path.join(out_dir, name + '.json'), 'w') as f:
            json.dump({'handler': handler, 'context': context(handler), 'event': event},
                      f, indent=2, ensure_ascii=False)
            f.write('\n')
    print('%d events written to %s' % (len(cases), out_dir))


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else HERE)
