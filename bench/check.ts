/**
 * Compares the ratios in bench/results.json with their targets: `npm run bench:check` after
 * `npm run bench`. Exits 1 when a target is missed. Not part of `npm test`: timings are for a quiet
 * machine, not a shared CI runner.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Row {
  name: string;
  value: number;
  unit: string;
  ratio?: { of: string; value: number; target?: number };
}

const results = JSON.parse(readFileSync(join(import.meta.dirname, 'results.json'), 'utf8')) as {
  date: string;
  node: string;
  rows: Row[];
};
let missed = 0;
console.log(`bench/results.json of ${results.date} (Node.js ${results.node})`);
for (const row of results.rows) {
  if (row.ratio?.target === undefined) continue;
  const ok = row.ratio.value <= row.ratio.target;
  if (!ok) missed++;
  console.log(
    `${ok ? 'met   ' : 'MISSED'} ${row.name}: ${row.ratio.value.toFixed(2)}× ${row.ratio.of} (target ≤ ${row.ratio.target}×)`,
  );
}
console.log(missed === 0 ? 'Every target met.' : `${missed} target(s) missed.`);
process.exitCode = missed === 0 ? 0 : 1;
