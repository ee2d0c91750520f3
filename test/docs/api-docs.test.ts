import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>;
};
const subpaths = Object.keys(pkg.exports)
  .filter((key) => key !== './package.json')
  .map((key) => key.slice(2));

describe('public API documentation', () => {
  it('gives every export of every subpath a TSDoc comment with an @example', () => {
    const files = subpaths.map((name) => join(root, 'src', name, 'index.ts'));
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: ['node'],
      noEmit: true,
    });
    const checker = program.getTypeChecker();
    const missing: string[] = [];
    let count = 0;
    for (const [i, file] of files.entries()) {
      const source = program.getSourceFile(file);
      const moduleSymbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
      expect(moduleSymbol, file).toBeDefined();
      for (const exported of checker.getExportsOfModule(moduleSymbol as ts.Symbol)) {
        count++;
        const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        const hasExample = symbol.getJsDocTags(checker).some((tag) => tag.name === 'example');
        const hasSummary = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() !== '';
        if (!hasExample || !hasSummary)
          missing.push(`${subpaths[i]}: ${exported.name}${hasSummary ? '' : ' (no summary)'}`);
      }
    }
    expect(count).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});
