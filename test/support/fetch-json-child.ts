// Runs fetchJson in a fresh process (started with NODE_EXTRA_CA_CERTS by the test) and prints the
// document, or the error code and message, as JSON.
import { fetchJson } from '../../src/jwt/fetch-json.js';

try {
  const document = await fetchJson(process.argv[2] as string, {
    timeoutMs: 5_000,
    maxBytes: 4_096,
    what: 'JWKS',
    invalidCode: 'ERR_JWKS_INVALID',
  });
  process.stdout.write(JSON.stringify({ document }));
} catch (error) {
  const { code, message } = error as { code?: string; message?: string };
  process.stdout.write(JSON.stringify({ code, message }));
}
