// The fuzz properties (test/support/fuzzProperties.ts) on a few thousand inputs, so `npm test`
// checks the same invariants `npm run fuzz` checks on a million. PLANLOOP_FUZZ_RUNS scales it.
import { test } from 'node:test';
import { fuzzProperties } from '../support/fuzzProperties';

const BASE = Number(process.env.PLANLOOP_FUZZ_RUNS ?? 300) / 7.5;

for (const p of fuzzProperties) {
  test(`fuzz: ${p.name}`, () => {
    p.assert({ numRuns: Math.max(20, Math.round(BASE * p.weight)) });
  });
}
