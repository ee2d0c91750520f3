import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every ```ts block of README.md and docs/*.md, and every TSDoc `@example` of src/, is type-checked as
 * a module of its own against the sources (`lambda-authorizer-kit/*` resolved as in tsconfig.json),
 * so a renamed option or export cannot leave a sample behind. A block fenced as ```ts fragment (a few
 * lines meant to sit inside a handler) is not. What a sample leaves to the reader ("your code") is
 * declared below, once.
 */
const root = join(import.meta.dirname, '..', '..');
const snippetDir = join(root, 'docs-snippets');

const PLACEHOLDERS = `
interface User { id: string; tenant: string; isAdmin: boolean }
/** The reader's own lookup of a caller. */
declare function findUserByToken(token: string): Promise<User | undefined>;
declare function lookUp(token: string): Promise<User | undefined>;
declare module '@aws-sdk/credential-providers' {
  export function fromTemporaryCredentials(options: {
    params: { RoleArn: string; RoleSessionName: string };
  }): () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }>;
}
`;
// Modules of the reader's project that samples import.
const READER_MODULES: Record<string, string> = {
  'authorizer.ts': `import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
export declare const handler: (event: APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;`,
  'connect-authorizer.ts': `import type { RequestAuthorizerHandler } from 'lambda-authorizer-kit/authorizer';
export declare const handler: RequestAuthorizerHandler;`,
  'http-authorizer.ts': `import type { HttpApiAuthorizerHandler } from 'lambda-authorizer-kit/authorizer';
export declare const handler: HttpApiAuthorizerHandler;`,
  'appsync-authorizer.ts': `import type { AppSyncAuthorizerHandler } from 'lambda-authorizer-kit/authorizer';
export declare const handler: AppSyncAuthorizerHandler;`,
  'jwks.json': '{ "keys": [] }',
  'callee.ts': `import type { LambdaFunctionURLEventWithIAMAuthorizer, LambdaFunctionURLResult } from 'aws-lambda';
export declare const handler: (event: LambdaFunctionURLEventWithIAMAuthorizer) => Promise<LambdaFunctionURLResult>;`,
};

interface Snippet {
  where: string;
  file: string;
  code: string;
}

function snippets(): { checked: Snippet[]; fragments: string[] } {
  const docs = [
    'README.md',
    ...readdirSync(join(root, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`),
  ];
  const checked: Snippet[] = [];
  const fragments: string[] = [];
  for (const doc of docs) {
    const text = readFileSync(join(root, doc), 'utf8');
    for (const match of text.matchAll(/^```ts( fragment)?\n([\s\S]*?)^```$/gm)) {
      const line = text.slice(0, match.index).split('\n').length;
      const where = `${doc}:${line}`;
      if (match[1] !== undefined) {
        fragments.push(where);
        continue;
      }
      const file = join(snippetDir, `${doc.replace(/[/.]/g, '_')}_${line}.ts`);
      checked.push({ where, file, code: `${match[2]}\nexport {};\n` });
    }
  }
  // TSDoc examples; those of the CLI import its modules by relative path, so they sit beside them.
  for (const file of sourceFiles(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g)) {
      const line = text.slice(0, match.index).split('\n').length;
      const code = (match[1] as string)
        .split('\n')
        .map((row) => row.replace(/^\s*\* ?/, ''))
        .join('\n');
      const name = relative(root, file);
      const dir = name.startsWith('src/cli/') ? dirname(file) : snippetDir;
      checked.push({
        where: `${name}:${line}`,
        file: join(dir, `example_${name.replace(/[/.]/g, '_')}_${line}.ts`),
        code: `${code}\nexport {};\n`,
      });
    }
  }
  return { checked, fragments };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('code samples in README.md, docs/ and the TSDoc of src/', () => {
  it('type-check against the sources', () => {
    const { checked, fragments } = snippets();
    expect(checked.length).toBeGreaterThan(100);
    expect(fragments.length).toBeLessThanOrEqual(5);

    const virtual = new Map<string, string>(checked.map((snippet) => [snippet.file, snippet.code]));
    virtual.set(join(snippetDir, 'placeholders.d.ts'), PLACEHOLDERS);
    for (const [name, code] of Object.entries(READER_MODULES)) virtual.set(join(snippetDir, name), code);

    const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), undefined, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    });
    // Samples may declare what they do not use (an import shown for the reader).
    const options = { ...config?.options, noUnusedLocals: false, noUnusedParameters: false };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const readFile = host.readFile.bind(host);
    host.getSourceFile = (name, languageVersion, ...rest) => {
      const code = virtual.get(name);
      return code === undefined
        ? getSourceFile(name, languageVersion, ...rest)
        : ts.createSourceFile(name, code, languageVersion);
    };
    host.fileExists = (name) => virtual.has(name) || fileExists(name);
    host.readFile = (name) => virtual.get(name) ?? readFile(name);
    const directoryExists = host.directoryExists?.bind(host);
    host.directoryExists = (name) => name === snippetDir || (directoryExists?.(name) ?? true);

    const program = ts.createProgram([...virtual.keys()], options, host);
    const where = new Map(checked.map((snippet) => [snippet.file, snippet.where]));
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file !== undefined && virtual.has(diagnostic.file.fileName))
      .map((diagnostic) => {
        const file = diagnostic.file as ts.SourceFile;
        const { line } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        const doc = where.get(file.fileName) ?? file.fileName;
        return `${doc} (+${line + 1}): ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
      });
    expect(problems).toEqual([]);
  });
});
