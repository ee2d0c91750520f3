#!/usr/bin/python3
"""Generates test/vectors/jwt-pyjwt.json: tokens signed by PyJWT (an independent implementation)
for every algorithm the verifier accepts, plus broken variants, with the JWKS to check them.

Run with Debian's python3-jwt and python3-cryptography: /usr/bin/python3 scripts/jwt-vectors.py
The tests only read the JSON file; they run on Node.js alone.
"""
import json
import os

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

NOW = 1768478400  # 2026-01-15T12:00:00Z
ISSUER = "https://issuer.example.com"
AUDIENCE = "vector-client"

keys = {
    "rsa": rsa.generate_private_key(public_exponent=65537, key_size=2048),
    "P-256": ec.generate_private_key(ec.SECP256R1()),
    "P-384": ec.generate_private_key(ec.SECP384R1()),
    "P-521": ec.generate_private_key(ec.SECP521R1()),
    "ed25519": ed25519.Ed25519PrivateKey.generate(),
}
algorithms = {
    "RS256": "rsa", "RS384": "rsa", "RS512": "rsa",
    "PS256": "rsa", "PS384": "rsa", "PS512": "rsa",
    "ES256": "P-256", "ES384": "P-384", "ES512": "P-521",
    "EdDSA": "ed25519",
}


def public_jwk(name):
    public = keys[name].public_key()
    if name == "rsa":
        jwk = json.loads(RSAAlgorithm.to_jwk(public))
    elif name == "ed25519":
        jwk = json.loads(OKPAlgorithm.to_jwk(public))
    else:
        jwk = json.loads(ECAlgorithm.to_jwk(public))
    jwk["kid"] = f"py-{name}"
    jwk["use"] = "sig"
    return jwk


def claims(**overrides):
    base = {"iss": ISSUER, "aud": AUDIENCE, "sub": "vector-user", "iat": NOW - 60, "exp": NOW + 600}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def sign(alg, payload, **header):
    name = algorithms[alg]
    return jwt.encode(payload, keys[name], algorithm=alg, headers={"kid": f"py-{name}", **header})


vectors = []
for alg in algorithms:
    vectors.append({"name": f"{alg} valid", "token": sign(alg, claims()), "code": None})
    vectors.append({"name": f"{alg} valid, aud array", "token": sign(alg, claims(aud=["x", AUDIENCE])), "code": None})
    vectors.append({"name": f"{alg} expired", "token": sign(alg, claims(exp=NOW - 120)), "code": "ERR_JWT_EXPIRED"})
    vectors.append({"name": f"{alg} not yet valid", "token": sign(alg, claims(nbf=NOW + 120)), "code": "ERR_JWT_NOT_YET_VALID"})
    vectors.append({"name": f"{alg} wrong audience", "token": sign(alg, claims(aud="other")), "code": "ERR_JWT_AUDIENCE"})
    vectors.append({"name": f"{alg} issuer with slash", "token": sign(alg, claims(iss=ISSUER + "/")), "code": "ERR_JWT_ISSUER"})
    token = sign(alg, claims())
    head, body, signature = token.split(".")
    forged = jwt.utils.base64url_encode(json.dumps(claims(sub="admin")).encode()).decode()
    vectors.append({"name": f"{alg} tampered payload", "token": f"{head}.{forged}.{signature}", "code": "ERR_JWT_SIGNATURE"})

vectors.append({"name": "HS256", "token": jwt.encode(claims(), "secret", algorithm="HS256"), "code": "ERR_JWT_ALGORITHM"})
vectors.append({"name": "alg none", "token": jwt.encode(claims(), None, algorithm="none"), "code": "ERR_JWT_ALGORITHM"})

document = {
    "generator": f"PyJWT {jwt.__version__}",
    "now": NOW,
    "issuer": ISSUER,
    "audience": AUDIENCE,
    "jwks": {"keys": [public_jwk(name) for name in keys]},
    "vectors": vectors,
}
path = os.path.join(os.path.dirname(__file__), "..", "test", "vectors", "jwt-pyjwt.json")
with open(path, "w", encoding="utf-8") as handle:
    json.dump(document, handle, indent=2)
    handle.write("\n")
print(f"wrote {len(vectors)} vectors to {os.path.normpath(path)}")
