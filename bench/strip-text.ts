/**
 * What the message text of a bundle costs at import, for the benchmark: the bundle with every string
 * longer than 30 characters (plain, or a template with its substitutions) replaced by "x". The result
 * still parses and runs its module-scope code; it is measured, never used.
 */
import ts from 'typescript';

const KEEP = /^['"`]node:/;

export function withoutMessageText(code: string): { code: string; removed: number } {
  const source = ts.createSourceFile('bundle.mjs', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const cuts: [number, number][] = [];
  const visit = (node: ts.Node): void => {
    const isText =
      ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);
    const start = node.getStart(source);
    const text = code.slice(start, node.end);
    const parent = node.parent as ts.Node | undefined;
    const isModuleName =
      parent !== undefined && (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent));
    if (isText && text.length > 30 && !KEEP.test(text) && !isModuleName) {
      cuts.push([start, node.end]);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let result = code;
  let removed = 0;
  for (const [start, end] of cuts.reverse()) {
    result = `${result.slice(0, start)}"x"${result.slice(end)}`;
    removed += end - start - 3;
  }
  return { code: result, removed };
}
