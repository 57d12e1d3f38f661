// Views answer getChildren from the data that is current when the answer is given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settledLoad } from '../../src/views/settledLoad';

test('a refresh while a load is in flight: the answer comes from the newer data', async () => {
  let version = 1;
  let current: Promise<number> | undefined;
  const load = (): Promise<number> => (current ??= new Promise((resolve) => setTimeout(() => resolve(version), 5)));
  const answer = settledLoad(load);
  await new Promise((r) => setTimeout(r, 1));
  version = 2;
  current = undefined; // the view was refreshed
  assert.equal(await answer, 2);
});

test('refreshes that never stop still get an answer', async () => {
  let n = 0;
  const answer = await settledLoad(() => Promise.resolve(++n));
  assert.equal(answer, 9, 'the fifth attempt (each also asks whether the data is current) is taken as it is');
});
