// Cold import of an authorizer bundle in a fresh process: prints the milliseconds `import()` took
// (module-scope code such as createJwtVerifier() included).
const start = performance.now();
await import(process.argv[2]);
process.stdout.write(String(performance.now() - start));
