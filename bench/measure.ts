/** Measurement helpers: interleaved rounds, medians, so a noisy machine affects every candidate alike. */

export interface Candidate {
  name: string;
  run: () => unknown;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Runs every candidate `batch` times per round, interleaved over `rounds` rounds (the order rotates
 * each round), and returns each candidate's median microseconds per operation.
 */
export async function interleaved(
  candidates: readonly Candidate[],
  options: { rounds: number; batch: number; warmup: number },
): Promise<Map<string, number>> {
  const samples = new Map<string, number[]>(candidates.map((c) => [c.name, []]));
  for (const candidate of candidates) {
    for (let i = 0; i < options.warmup; i++) await candidate.run();
  }
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < candidates.length; k++) {
      const candidate = candidates[(k + round) % candidates.length] as Candidate;
      const start = process.hrtime.bigint();
      for (let i = 0; i < options.batch; i++) await candidate.run();
      const micros = Number(process.hrtime.bigint() - start) / 1000 / options.batch;
      samples.get(candidate.name)?.push(micros);
    }
  }
  return new Map([...samples].map(([name, values]) => [name, median(values)]));
}
