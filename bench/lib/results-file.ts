import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { RESULTS_DIR } from './environment.js';
import type { Row } from './report.js';

export interface ResultsFile {
  startedAt: string;
  rows: Row[];
  [more: string]: unknown;
}

/** The newest earlier run's file, if any (names sort by time). */
export function previousResults(): { file: string; results: ResultsFile } | undefined {
  let files: string[];
  try {
    files = readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.json'));
  } catch {
    return undefined;
  }
  const file = files.sort().at(-1);
  if (!file) return undefined;
  try {
    return { file: `${RESULTS_DIR}/${file}`, results: JSON.parse(readFileSync(`${RESULTS_DIR}/${file}`, 'utf8')) as ResultsFile };
  } catch {
    return undefined;
  }
}

export function writeResults(results: ResultsFile): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}/${results.startedAt.replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
