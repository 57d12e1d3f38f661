// The hand labels of the precision audit are well-formed test data (file, line, code, subject,
// T/F, why; a repository and a 40-hex commit per file), the audit fetches nothing, and — when
// full checkouts are given (PLANLOOP_AUDIT_CHECKOUTS) — it meets issue 23's bar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelSets, precision, runLabelledAudit } from '../bench/labelledAudit';

test('the labels: at least 150 hand-judged diagnostics over at least four repositories, each with its commit and a reason', () => {
  const sets = labelSets();
  assert.ok(sets.length >= 4, `${sets.length} repositories`);
  const labels = sets.flatMap((s) => s.labels);
  assert.ok(labels.length >= 150, `${labels.length} labels`);
  for (const s of sets) assert.match(s.commit, /^[0-9a-f]{40}$/, s.name);
  for (const l of labels) assert.ok(l.reason.length >= 10 && l.file && l.code, JSON.stringify(l));
});

test('without checkouts the audit says so and fetches nothing', () => {
  const printed: string[] = [];
  assert.deepEqual(
    runLabelledAudit(undefined, (line) => printed.push(line)),
    [],
  );
  assert.match(printed.join('\n'), /labelled audit skipped: give --checkouts DIR .*nothing is fetched/);
});

test('on full checkouts: precision ≥ 95% on every repository and ≥ 90% of the true items still reported', (t) => {
  const checkouts = process.env.PLANLOOP_AUDIT_CHECKOUTS;
  if (!checkouts) {
    t.skip('PLANLOOP_AUDIT_CHECKOUTS is not set (a folder with the labelled repositories checked out)');
    return;
  }
  const audits = runLabelledAudit(checkouts, () => undefined);
  assert.ok(audits.length > 0, 'no labelled repository found under PLANLOOP_AUDIT_CHECKOUTS');
  for (const a of audits) {
    const p = precision(a.total);
    assert.ok(p === undefined || p >= 0.95, `${a.set.repository}: precision ${p}; false: ${a.falsePositives.join(' | ')}`);
    assert.equal(a.unlabelled.length, 0, `${a.set.repository}: unlabelled reports: ${a.unlabelled.join(' | ')}`);
  }
  const labelledTrue = audits.reduce((n, a) => n + a.labelledTrue, 0);
  const kept = audits.reduce((n, a) => n + a.trueStillReported, 0);
  assert.ok(kept >= 0.9 * labelledTrue, `recall ${kept}/${labelledTrue}`);
});
