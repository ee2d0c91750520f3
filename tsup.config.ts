import { defineConfig, type Options } from 'tsup';

/**
 * One entry per subpath export; the folder layout under src/ mirrors the exports map
 * (`lambda-authorizer-kit/arn` → `src/arn/index.ts` → `dist/arn/index.{js,cjs,d.ts,d.cts}`).
 */
export const subpaths = ['arn', 'policy', 'jwt', 'sigv4', 'authorizer', 'testing'] as const;

const shared: Options = {
  entry: Object.fromEntries(subpaths.map((name) => [`${name}/index`, `src/${name}/index.ts`])),
  target: 'node20',
  platform: 'node',
  dts: true,
  // Shared code (the error base class) lives in one chunk per format, so `instanceof AuthorizerKitError`
  // holds across subpaths in both ESM and CommonJS.
  splitting: true,
  sourcemap: false,
  treeshake: true,
  outDir: 'dist',
};

export default defineConfig([
  { ...shared, format: 'esm' },
  // jose 6 is ESM-only and Lambda runs with require(esm) off: the CommonJS build carries its own copy.
  { ...shared, format: 'cjs', noExternal: ['jose'] },
  {
    // The command line: ESM only (top-level await), never imported by handlers.
    entry: { 'cli/bin': 'src/cli/bin.ts' },
    format: 'esm',
    target: 'node20',
    platform: 'node',
    dts: false,
    splitting: true,
    outDir: 'dist',
  },
]);
