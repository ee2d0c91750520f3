import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { LeakFinding } from './leak-rules.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the leak recorder of each worker appends its findings. */
    leakScanDir: string;
  }
}

interface FileFindings {
  file: string;
  findings: (LeakFinding & { where: string; count: number })[];
}

/** Reads what the recorders found, grouped by test file. */
export function readFindings(dir: string): FileFindings[] {
  const byFile = new Map<string, FileFindings>();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.jsonl')) continue;
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const entry = JSON.parse(line) as FileFindings;
      const known = byFile.get(entry.file);
      if (known === undefined) byFile.set(entry.file, entry);
      else known.findings.push(...entry.findings);
    }
  }
  return [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file));
}

/** The failure message for `files`: every file, rule, where it was written, a masked excerpt. */
export function leakReport(files: readonly FileFindings[]): string {
  const lines = ['Secret leak scan: tokens or credentials were written or put in error messages.'];
  for (const { file, findings } of files) {
    lines.push(`  ${file}`);
    for (const finding of findings) {
      lines.push(`    - ${finding.rule} in ${finding.where} (${finding.count}x): ${finding.excerpt}`);
    }
  }
  lines.push('Fix the code that printed or built the message; never put a token or credential in output.');
  return lines.join('\n');
}

/**
 * vitest `globalSetup`: creates the findings directory for the leak recorders and, once every test
 * file has run, fails the run when any recorder found a leak.
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'lak-leak-scan-'));
  project.provide('leakScanDir', dir);
  return () => {
    let files: FileFindings[];
    try {
      files = readFindings(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    if (files.length > 0) {
      process.exitCode = 1;
      throw new Error(leakReport(files));
    }
  };
}
