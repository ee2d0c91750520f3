// Cold import of an authorizer bundle in a fresh process: prints the milliseconds `import()` took
// (module-scope code such as createJwtVerifier() included). With `builtins-loaded`, node:crypto and
// node:https are loaded before the timing, which leaves the bundle's own code.
if (process.argv[3] === 'builtins-loaded') {
  await import('node:crypto');
  await import('node:https');
}
const start = performance.now();
await import(process.argv[2]);
process.stdout.write(String(performance.now() - start));
