#!/bin/sh
# Writes the self-signed certificate of the loopback HTTPS servers used by tests and the benchmark
# (127.0.0.1 and localhost, valid until 2126). It protects nothing: the key is public on purpose.
set -eu
dir="$(dirname "$0")/../test/fixtures/tls"
mkdir -p "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 \
  -subj "/CN=localhost" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
  -keyout "$dir/loopback-key.pem" -out "$dir/loopback-cert.pem"
