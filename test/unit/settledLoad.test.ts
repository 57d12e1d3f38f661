// Views answer getChildren from the data that is current when the answer is given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settledLoad } from '../../src/views/settledLoad';
import { waitFor } from '../support/waitFor';

test('a refresh while a load is in flight: the answer comes from the newer data', async () => {
  const answers: Array<(version: number) => void> = [];
  let current: Promise<number> | undefined;
  const load = (): Promise<number> => (current ??= new Promise((resolve) => answers.push(resolve)));
  const answer = settledLoad(load);
  current = undefined; // the view was refreshed while the first load was in flight
  answers[0](1); // the first load answers with the data of before the refresh
  await waitFor('settledLoad to ask again', () => answers.length === 2, 5000);
  answers[1](2);
  assert.equal(await answer, 2);
});

test('refreshes that never stop still get an answer', async () => {
  let n = 0;
  const answer = await settledLoad(() => Promise.resolve(++n));
  assert.equal(answer, 9, 'the fifth attempt (each also asks whether the data is current) is taken as it is');
});
