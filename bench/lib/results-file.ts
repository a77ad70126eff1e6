import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { RESULTS_DIR } from './environment.js';
import type { Row } from './report.js';

export interface ResultsFile {
  startedAt: string;
  /** 'own stack' or the URL of the stack under load. */
  target: string;
  rows: Row[];
  [more: string]: unknown;
}

/** The newest earlier run against the same target, if any (names sort by time). */
export function previousResults(target: string): { file: string; results: ResultsFile } | undefined {
  let files: string[];
  try {
    files = readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.json'));
  } catch {
    return undefined;
  }
  for (const name of files.sort().reverse()) {
    const file = `${RESULTS_DIR}/${name}`;
    try {
      const results = JSON.parse(readFileSync(file, 'utf8')) as ResultsFile;
      if (results.target === target) return { file, results };
    } catch {
      // not one of ours, or cut short: skip it
    }
  }
  return undefined;
}

export function writeResults(results: ResultsFile): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}/${results.startedAt.replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
