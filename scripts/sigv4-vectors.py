#!/usr/bin/env python3
"""Generates test/vectors/sigv4.json: SigV4 signatures computed by botocore's SigV4Auth.

The vectors are an independent reference for `signRequest()` (test/unit/sigv4/vectors.test.ts):
same credentials, date, region, service and request, and the expected Authorization, x-amz-* headers
and final URL. Run it again after changing the cases below:

    python3 scripts/sigv4-vectors.py            # writes test/vectors/sigv4.json
    python3 scripts/sigv4-vectors.py --check    # exits 1 if the committed file is stale

Needs botocore (`apt install python3-botocore` or `pip install botocore`); the tests only read the JSON.

How a request reaches botocore, so that it sees what `fetch` sends on the wire:
- the path is percent-encoded as the WHATWG URL parser does (non-ASCII as UTF-8, space, quotes...);
- the query is decoded as `URLSearchParams` decodes it (`+` is a space) and handed to botocore as
  parameters, which it encodes per RFC 3986 and sorts; the expected URL carries that canonical query;
- repeated headers are joined with ", " as `fetch` joins them into one header line;
- x-amz-content-sha256 is set to the SHA-256 of the body, computed here with hashlib.
"""

import base64
import datetime
import hashlib
import json
import os
import sys
from unittest import mock
from urllib.parse import parse_qsl, quote, urlsplit

import botocore
import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'vectors', 'sigv4.json')

# AWS's documented example credentials: not real keys.
CREDENTIALS = {
    'session': {
        'accessKeyId': 'ASIAIOSFODNN7EXAMPLE',
        'secretAccessKey': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        'sessionToken': 'IQoJb3JpZ2luX2VjEXAMPLETOKEN//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+example+session/token=',
    },
    'longTerm': {
        'accessKeyId': 'AKIAIOSFODNN7EXAMPLE',
        'secretAccessKey': 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
    },
}

FN = 'abcdefghijklmnopqrstuvwxyz012345'
DATE = '2025-11-21T12:34:56Z'
BINARY = bytes(range(256)) * 2

CASES = [
    # name, method, url, headers (pairs), body (str | bytes | None), extra
    ('get-root', 'GET', f'https://{FN}.lambda-url.eu-central-1.on.aws/', [], None, {}),
    ('get-no-path', 'GET', f'https://{FN}.lambda-url.eu-central-1.on.aws', [], None, {}),
    ('get-book-page', 'GET', f'https://{FN}.lambda-url.eu-central-1.on.aws/book?page=5', [], None, {}),
    ('get-unsorted-query', 'GET', f'https://{FN}.lambda-url.us-east-1.on.aws/items?z=1&a=2&m=3&B=4', [], None, {}),
    ('get-duplicate-keys', 'GET', f'https://{FN}.lambda-url.us-east-1.on.aws/items?tag=b&tag=a&x=1&tag=c&tag=a', [], None, {}),
    ('get-key-prefixes', 'GET', f'https://{FN}.lambda-url.us-east-1.on.aws/?a-b=1&a=2&a.b=3&a_b=4&A=5&a~=6&a0=7', [], None, {}),
    ('get-reserved-query', 'GET',
     f"https://{FN}.lambda-url.us-west-2.on.aws/search?q=a%20b&r=!*'()&s=~._-&t=%2B1&u=a+b&v=/?:@&w=%26%3D&x=$,;",
     [], None, {}),
    ('get-unicode-query', 'GET', f'https://{FN}.lambda-url.ap-southeast-2.on.aws/search?name=José&city=Zürich&emoji=😀&cjk=東京', [], None, {}),
    ('get-empty-values', 'GET', f'https://{FN}.lambda-url.us-east-1.on.aws/flags?verbose&empty=&x=1&&y==2', [], None, {}),
    ('get-unicode-path', 'GET', f'https://{FN}.lambda-url.eu-west-1.on.aws/café/über/東京', [], None, {}),
    ('get-space-path', 'GET', f'https://{FN}.lambda-url.eu-west-1.on.aws/a b/c%20d/e+f', [], None, {}),
    ('get-reserved-path', 'GET',
     f"https://{FN}.lambda-url.eu-west-1.on.aws/a:b/c@d/e!f/g'h/(i)/j*k/l,m;n=o/p$q&r/~s",
     [], None, {}),
    ('get-encoded-slash-path', 'GET', f'https://{FN}.lambda-url.eu-west-1.on.aws/files/a%2Fb/c%25d', [], None, {}),
    ('get-double-slash-path', 'GET', f'https://{FN}.lambda-url.eu-west-1.on.aws/a//b/', [], None, {}),
    ('get-trailing-slash', 'GET', f'https://{FN}.lambda-url.eu-west-1.on.aws/orders/', [], None, {}),
    ('get-headers', 'GET', f'https://{FN}.lambda-url.eu-central-1.on.aws/with-headers',
     [('X-Custom-Header', 'value   with\tspaces'), ('Accept', 'application/json'), ('x-dup', 'one'), ('X-Dup', 'two'),
      ('x-empty', '')],
     None, {}),
    ('get-unsigned-headers', 'GET', f'https://{FN}.lambda-url.eu-central-1.on.aws/',
     [('User-Agent', 'my-caller/1.0'), ('X-Amzn-Trace-Id', 'Root=1-abc'), ('accept', '*/*')], None, {}),
    ('post-json', 'POST', f'https://{FN}.lambda-url.eu-central-1.on.aws/login',
     [('Content-Type', 'application/json')], json.dumps({'user': 'my-user', 'token': 'ABC123'}), {}),
    ('post-json-unicode', 'POST', f'https://{FN}.lambda-url.eu-central-1.on.aws/messages?draft=true',
     [('content-type', 'application/json; charset=utf-8')], json.dumps({'text': 'héllo wörld 😀'}, ensure_ascii=False), {}),
    ('post-empty-body', 'POST', f'https://{FN}.lambda-url.eu-central-1.on.aws/ping',
     [('content-type', 'text/plain')], '', {}),
    ('post-no-body', 'POST', f'https://{FN}.lambda-url.eu-central-1.on.aws/ping', [], None, {}),
    ('post-binary-body', 'POST', f'https://{FN}.lambda-url.us-east-1.on.aws/upload',
     [('content-type', 'application/octet-stream')], BINARY, {}),
    ('put-form-body', 'PUT', f'https://{FN}.lambda-url.us-east-1.on.aws/profile',
     [('content-type', 'application/x-www-form-urlencoded')], 'name=J%C3%B6rg&city=a+b', {}),
    ('patch-json', 'PATCH', f'https://{FN}.lambda-url.sa-east-1.on.aws/items/42',
     [('content-type', 'application/merge-patch+json')], '{"qty":3}', {}),
    ('delete-with-query', 'DELETE', f'https://{FN}.lambda-url.ca-central-1.on.aws/items/42?force=true', [], None, {}),
    ('region-cn', 'POST', f'https://{FN}.lambda-url.cn-north-1.on.amazonwebservices.com.cn/jobs',
     [('content-type', 'application/json')], '{"job":1}', {}),
    ('region-gov', 'GET', f'https://{FN}.lambda-url.us-gov-west-1.on.aws/status?detail=full', [], None, {}),
    ('region-il', 'GET', f'https://{FN}.lambda-url.il-central-1.on.aws/', [], None, {}),
    ('long-term-credentials', 'POST', f'https://{FN}.lambda-url.eu-north-1.on.aws/events',
     [('content-type', 'application/json')], '{"event":"created"}', {'credentials': 'longTerm'}),
    ('leap-day-date', 'GET', f'https://{FN}.lambda-url.us-east-2.on.aws/report?year=2024',
     [], None, {'date': '2024-02-29T23:59:59Z'}),
    ('custom-domain-with-region', 'GET', 'https://api.example.com/v1/orders?status=open',
     [], None, {'options': {'region': 'eu-central-1'}}),
    ('loopback-port', 'POST', 'http://127.0.0.1:8080/local?x=1',
     [('content-type', 'application/json')], '{}', {'options': {'region': 'us-west-2', 'service': 'lambda'}}),
    ('execute-api', 'GET', 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/pets?limit=10&type=dog', [],
     None, {}),
]

# The WHATWG URL path percent-encode set: C0 controls, space, ", #, <, >, ?, `, {, } and non-ASCII.
PATH_SAFE = "!$%&'()*+,-./0123456789:;=@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_abcdefghijklmnopqrstuvwxyz|~"


def wire_path(path):
    return quote(path, safe=PATH_SAFE) or '/'


def scope_of(host, options):
    if options.get('region'):
        return options['region'], options.get('service', 'lambda')
    parts = host.split('.')
    if '.lambda-url.' in host:
        return parts[2], 'lambda'
    if '.execute-api.' in host:
        return parts[2], 'execute-api'
    raise ValueError(f'no region for {host}')


class RecordingSigV4Auth(SigV4Auth):
    """SigV4Auth that keeps the canonical request and string to sign it computed while signing."""

    def __init__(self, *args):
        super().__init__(*args)
        self.recorded = {}

    def string_to_sign(self, request, canonical_request):
        result = super().string_to_sign(request, canonical_request)
        self.recorded = {'canonical_request': canonical_request, 'string_to_sign': result}
        return result


def fixed_clock(iso):
    instant = datetime.datetime.strptime(iso, '%Y-%m-%dT%H:%M:%SZ')
    return lambda: instant


def sign(name, method, url, header_pairs, body, extra):
    parts = urlsplit(url)
    host = parts.netloc
    path = wire_path(parts.path)
    params = parse_qsl(parts.query, keep_blank_values=True)
    options = extra.get('options', {})
    region, service = scope_of(parts.hostname, options)
    cred_name = extra.get('credentials', 'session')
    cred = CREDENTIALS[cred_name]
    date = extra.get('date', DATE)

    headers = {}
    lower_names = {}
    for key, value in header_pairs:
        existing = lower_names.get(key.lower())
        if existing is None:
            lower_names[key.lower()] = key
            headers[key] = value.strip()
        else:
            headers[existing] = f'{headers[existing]}, {value.strip()}'
    payload = body.encode('utf-8') if isinstance(body, str) else body
    headers['X-Amz-Content-SHA256'] = hashlib.sha256(payload or b'').hexdigest()

    request = AWSRequest(
        method=method,
        url=f'{parts.scheme}://{host}{path}',
        headers=headers,
        params=params,
        data=payload,
    )
    auth = RecordingSigV4Auth(
        Credentials(cred['accessKeyId'], cred['secretAccessKey'], cred.get('sessionToken')),
        service,
        region,
    )
    with mock.patch.object(botocore.auth, 'get_current_datetime', fixed_clock(date)):
        auth.add_auth(request)
    canonical_request = auth.recorded['canonical_request']
    string_to_sign = auth.recorded['string_to_sign']
    canonical_query = auth.canonical_query_string(request)

    expected_headers = {
        'authorization': request.headers['Authorization'],
        'x-amz-date': request.headers['X-Amz-Date'],
        'x-amz-content-sha256': request.headers['X-Amz-Content-SHA256'],
    }
    if 'X-Amz-Security-Token' in request.headers:
        expected_headers['x-amz-security-token'] = request.headers['X-Amz-Security-Token']

    vector = {
        'name': name,
        'credentials': cred_name,
        'date': date,
        'request': {'method': method, 'url': url, 'headers': [list(pair) for pair in header_pairs]},
        'expected': {
            'url': f'{parts.scheme}://{host}{path}' + (f'?{canonical_query}' if canonical_query else ''),
            'region': region,
            'service': service,
            'headers': expected_headers,
            'canonicalRequest': canonical_request,
            'stringToSign': string_to_sign,
        },
    }
    if options:
        vector['options'] = options
    if isinstance(body, bytes):
        vector['request']['bodyBase64'] = base64.b64encode(body).decode('ascii')
    elif body is not None:
        vector['request']['body'] = body
    return vector


def main():
    document = {
        'description': 'SigV4 signatures computed by botocore SigV4Auth; generated by scripts/sigv4-vectors.py. '
        'Credentials are AWS documentation examples, not real keys.',
        'generator': f'botocore {botocore.__version__}',
        'credentials': CREDENTIALS,
        'vectors': [sign(*case) for case in CASES],
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + '\n'
    if '--check' in sys.argv:
        with open(OUT, encoding='utf-8') as handle:
            current = json.load(handle)
        current.pop('generator', None)
        document.pop('generator', None)
        if current != document:
            print('test/vectors/sigv4.json is stale: run python3 scripts/sigv4-vectors.py', file=sys.stderr)
            sys.exit(1)
        print('test/vectors/sigv4.json is up to date')
        return
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w', encoding='utf-8') as handle:
        handle.write(text)
    print(f'wrote {len(document["vectors"])} vectors to {os.path.relpath(OUT)}')


if __name__ == '__main__':
    main()
