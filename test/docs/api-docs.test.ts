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

/** The longest example a function, class or constant may carry, in lines of code. */
const MAX_EXAMPLE_LINES = 15;

interface Entry {
  where: string;
  symbol: ts.Symbol;
  isType: boolean;
  summary: string;
  /** The names the summary links to with `{@link}`. */
  links: string[];
  examples: string[];
}

function exportedSymbols(): Entry[] {
  const files = subpaths.map((name) => join(root, 'src', name, 'index.ts'));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ['node'],
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const entries: Entry[] = [];
  const seen = new Set<ts.Symbol>();
  for (const [i, file] of files.entries()) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    expect(moduleSymbol, file).toBeDefined();
    for (const exported of checker.getExportsOfModule(moduleSymbol as ts.Symbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (seen.has(symbol)) continue; // one symbol exported from several subpaths
      seen.add(symbol);
      const tags = symbol.getJsDocTags(checker);
      const comment = symbol.getDocumentationComment(checker);
      entries.push({
        where: `${subpaths[i]}: ${exported.name}`,
        symbol,
        isType:
          (symbol.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface)) !== 0 &&
          (symbol.flags & (ts.SymbolFlags.Value | ts.SymbolFlags.Class)) === 0,
        summary: ts.displayPartsToString(comment).trim(),
        links: comment
          .filter((part) => part.kind === 'linkName' || part.kind === 'linkText')
          .map((part) => part.text.trim()),
        examples: tags
          .filter((tag) => tag.name === 'example')
          .map((tag) => ts.displayPartsToString(tag.text)),
      });
    }
  }
  return entries;
}

const entries = exportedSymbols();

describe('public API documentation', () => {
  it('gives every export a TSDoc summary', () => {
    expect(entries.length).toBeGreaterThan(100);
    expect(entries.filter((entry) => entry.summary === '').map((entry) => entry.where)).toEqual([]);
  });

  it('gives every function, class and constant exactly one short @example', () => {
    const values = entries.filter((entry) => !entry.isType);
    expect(values.length).toBeGreaterThan(40);
    const wrong: string[] = [];
    for (const entry of values) {
      if (entry.examples.length !== 1) wrong.push(`${entry.where}: ${entry.examples.length} examples`);
      const lines = (entry.examples[0] ?? '').split('\n').filter((line) => !line.startsWith('```'));
      if (lines.length > MAX_EXAMPLE_LINES) wrong.push(`${entry.where}: ${lines.length} lines`);
    }
    expect(wrong).toEqual([]);
  });

  it('points every type to the example of a function or class instead of carrying its own', () => {
    const withExample = new Set(entries.filter((entry) => !entry.isType).map((entry) => entry.symbol.name));
    const types = entries.filter((entry) => entry.isType);
    expect(types.length).toBeGreaterThan(40);
    const wrong: string[] = [];
    for (const entry of types) {
      if (entry.examples.length > 0) wrong.push(`${entry.where}: has its own @example`);
      if (!entry.links.some((name) => withExample.has(name)))
        wrong.push(`${entry.where}: links no documented function or class`);
    }
    expect(wrong).toEqual([]);
  });
});
