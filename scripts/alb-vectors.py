#!/usr/bin/python3
"""Generates test/vectors/alb-pyjwt.json: x-amzn-oidc-data tokens built as an Application Load
Balancer builds them (ES256, base64url segments WITH "=" padding, the signing input being the padded
segments, signer/iss/client/exp in the header), signed by PyJWT's ES256 implementation (an
independent implementation), plus broken variants, with the PEM public key to check them.

Every valid vector is verified here with PyJWT's jwt.decode(token, pem, algorithms=["ES256"]), the
call AWS's documentation shows; the padding-stripped one is refused by it.

Run with Debian's python3-jwt and python3-cryptography: /usr/bin/python3 scripts/alb-vectors.py
The tests only read the JSON file; they run on Node.js alone.
"""
import base64
import json
import os

import jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

NOW = 1768478400  # 2026-01-15T12:00:00Z
KID = "3f2c8a1e-5b7d-4c9e-a0f1-2b3c4d5e6f70"
ALB_ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/vector-alb/50dc6c495c0c9188"
OTHER_ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/other-alb/0123456789abcdef"
ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_VectorPool"
CLIENT = "vector4client5id6example7"

key = ec.generate_private_key(ec.SECP256R1())
other_key = ec.generate_private_key(ec.SECP256R1())
es256 = ECAlgorithm(ECAlgorithm.SHA256)


def segment(value):
    """base64url with padding, as the load balancer writes it."""
    return base64.urlsafe_b64encode(json.dumps(value, separators=(",", ":")).encode()).decode()


def header(**overrides):
    base = {"typ": "JWT", "kid": KID, "alg": "ES256", "iss": ISSUER, "client": CLIENT, "signer": ALB_ARN, "exp": NOW + 120}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def claims(**overrides):
    base = {"sub": "vector-user", "email_verified": "true", "email": "vector@example.com", "exp": NOW + 120, "iss": ISSUER}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def padded(make, pad):
    """`make(filler)` with a filler chosen so that the segment ends with `pad` "=" characters."""
    for length in range(1, 8):
        value = make("x" * length)
        if len(segment(value)) - len(segment(value).rstrip("=")) == pad:
            return value
    raise AssertionError("no filler gives that padding")


def sign(head, payload, signing_key=key, der=False):
    signing_input = f"{segment(head)}.{segment(payload)}"
    if der:
        signature = signing_key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256()))
    else:
        signature = es256.sign(signing_input.encode(), signing_key)
    return f"{signing_input}.{base64.urlsafe_b64encode(signature).decode()}"


pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
vectors = []


def add(name, token, code):
    vectors.append({"name": name, "token": token, "code": code})


for head_pad, body_pad in [(1, 2), (2, 1), (2, 2), (1, 1), (0, 1)]:
    # A header parameter of our own only shifts the padding; the payload gets a filler claim.
    head = padded(lambda f: {**header(), "x": f}, head_pad)
    body = padded(lambda f: claims(name=f"Vector {f}"), body_pad)
    add(f"valid, header padded {head_pad}, payload padded {body_pad}", sign(head, body), None)

add(
    "valid, Cognito user claims",
    sign(header(), claims(username="vector-user", name="Vector User +/=-_", identities='[{"providerName":"Google"}]')),
    None,
)
add("valid, payload without exp and iss", sign(header(), claims(exp=None, iss=None)), None)
add("expired (header and claim)", sign(header(exp=NOW - 120), claims(exp=NOW - 120)), "ERR_JWT_EXPIRED")
add("expired header, claim without exp", sign(header(exp=NOW - 120), claims(exp=None)), "ERR_JWT_EXPIRED")
add("signed by another load balancer", sign(header(signer=OTHER_ARN), claims()), "ERR_JWT_ISSUER")
add("no signer", sign(header(signer=None), claims()), "ERR_JWT_ISSUER")
add("another client", sign(header(client="another-client"), claims()), "ERR_JWT_AUDIENCE")
add("issuer with a trailing slash", sign(header(iss=ISSUER + "/"), claims(iss=ISSUER + "/")), "ERR_JWT_ISSUER")
add("claim issuer differs from the header's", sign(header(), claims(iss="https://issuer.example.com")), "ERR_JWT_ISSUER")
add("signed with another key", sign(header(), claims(), other_key), "ERR_JWT_SIGNATURE")
add("DER signature instead of r||s", sign(header(), claims(), der=True), "ERR_JWT_SIGNATURE")

valid = sign(padded(lambda f: {**header(), "x": f}, 2), padded(lambda f: claims(name=f), 2))
head_segment, body_segment, signature_segment = valid.split(".")
forged = segment(claims(sub="admin"))
add("tampered payload", f"{head_segment}.{forged}.{signature_segment}", "ERR_JWT_SIGNATURE")
stripped = valid.replace("=", "")
add("padding stripped (the signing input keeps it)", stripped, "ERR_JWT_SIGNATURE")
add("alg ES384", sign(header(alg="ES384"), claims()), "ERR_JWT_ALGORITHM")
hs_input = f"{segment(header(alg='HS256'))}.{segment(claims())}"
add("alg HS256", f"{hs_input}.{base64.urlsafe_b64encode(b'0' * 32).decode()}", "ERR_JWT_ALGORITHM")

# The independent check: PyJWT verifies the valid tokens as AWS's documentation does, and refuses the
# one whose padding was removed.
for vector in vectors:
    if vector["code"] is None:
        jwt.decode(vector["token"], pem, algorithms=["ES256"], options={"verify_exp": False})
try:
    jwt.decode(stripped, pem, algorithms=["ES256"], options={"verify_exp": False})
    raise AssertionError("PyJWT accepted the token without its padding")
except jwt.InvalidSignatureError:
    pass

document = {
    "generator": f"PyJWT {jwt.__version__}",
    "now": NOW,
    "albArn": ALB_ARN,
    "issuer": ISSUER,
    "clientId": CLIENT,
    "kid": KID,
    "pem": pem,
    "vectors": vectors,
}
path = os.path.join(os.path.dirname(__file__), "..", "test", "vectors", "alb-pyjwt.json")
with open(path, "w", encoding="utf-8") as handle:
    json.dump(document, handle, indent=2)
    handle.write("\n")
print(f"wrote {len(vectors)} vectors to {os.path.normpath(path)}")
