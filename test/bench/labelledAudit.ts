// The labelled precision audit: lint full checkouts of real loop repositories at the commit their
// labels were made against, match each diagnostic to its hand label (test/bench/labels/*.tsv:
// file, line, code, subject, T/F, why) and print precision per repository and per code, and the
// recall of the items labelled true. Nothing is fetched: a repository without a local checkout at
// the labelled commit is skipped with a message.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { computeDiagnostics } from '../../server/core/check/diagnostics';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';

export const labelsDir = path.join(__dirname, 'labels');

export interface Label {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly subject: string;
  readonly truth: boolean;
  readonly reason: string;
}

export interface LabelSet {
  /** The labels file's base name, also the checkout folder's name. */
  readonly name: string;
  readonly repository: string;
  readonly commit: string;
  readonly labels: readonly Label[];
}

/** Reads one labels file; throws with the file and line when a row is malformed. */
export function readLabelSet(file: string): LabelSet {
  const text = fs.readFileSync(file, 'utf8');
  let repository = '';
  let commit = '';
  const labels: Label[] = [];
  text.split('\n').forEach((raw, i) => {
    const at = `${path.basename(file)}:${i + 1}`;
    if (!raw.trim()) return;
    if (raw.startsWith('#')) {
      const [key, value] = raw.slice(1).trim().split('\t');
      if (key === 'repository') repository = value;
      if (key === 'commit') commit = value;
      return;
    }
    const cells = raw.split('\t');
    if (cells[0] === 'file') return;
    if (cells.length !== 6) throw new Error(`${at}: expected 6 tab-separated cells, found ${cells.length}`);
    const [f, line, code, subject, truth, reason] = cells;
    if (!/^\d+$/.test(line) || !/^[TF]$/.test(truth) || !reason.trim()) throw new Error(`${at}: malformed label`);
    labels.push({ file: f, line: Number(line), code, subject, truth: truth === 'T', reason });
  });
  if (!repository || !/^[0-9a-f]{40}$/.test(commit))
    throw new Error(`${path.basename(file)}: needs '# repository' and a 40-hex '# commit'`);
  return { name: path.basename(file, '.tsv'), repository, commit, labels };
}

export function labelSets(): LabelSet[] {
  if (!fs.existsSync(labelsDir)) return [];
  return fs
    .readdirSync(labelsDir)
    .filter((f) => f.endsWith('.tsv'))
    .sort()
    .map((f) => readLabelSet(path.join(labelsDir, f)));
}

/** What a diagnostic is about, as the labels name it: the attempt number, the row ID or the cited path. */
export function subjectOf(code: string, message: string): string {
  const m = /^Attempt (#\d+)/.exec(message) ?? /^Row (\S+) is/.exec(message) ?? /^Duplicate row ID (\S+)/.exec(message);
  if (m) return m[1];
  if (code === 'cuda-unmasked') return '';
  return /^(\S+)/.exec(message)?.[1] ?? '';
}

const keyOf = (file: string, line: number, code: string, subject: string): string => `${file}\u0000${line}\u0000${code}\u0000${subject}`;

/** The commit a checkout has out: a detached HEAD's hash or the hash its branch points at. */
function headCommit(checkout: string): string | undefined {
  const gitDir = path.join(checkout, '.git');
  if (!fs.existsSync(gitDir)) return undefined;
  const head = fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
  if (/^[0-9a-f]{40}$/.test(head)) return head;
  const ref = /^ref: (.+)$/.exec(head)?.[1];
  const loose = ref && path.join(gitDir, ref);
  if (loose && fs.existsSync(loose)) return fs.readFileSync(loose, 'utf8').trim();
  const packed = path.join(gitDir, 'packed-refs');
  if (ref && fs.existsSync(packed)) return new RegExp(`^([0-9a-f]{40}) ${ref}$`, 'm').exec(fs.readFileSync(packed, 'utf8'))?.[1];
  return undefined;
}

export interface Tally {
  reported: number;
  truePositive: number;
  falsePositive: number;
  unlabelled: number;
}

export interface RepositoryAudit {
  readonly set: LabelSet;
  readonly total: Tally;
  readonly byCode: Map<string, Tally>;
  /** Items labelled true, and how many of them are still reported. */
  readonly labelledTrue: number;
  readonly trueStillReported: number;
  readonly unlabelled: string[];
  readonly falsePositives: string[];
}

const emptyTally = (): Tally => ({ reported: 0, truePositive: 0, falsePositive: 0, unlabelled: 0 });

/** Lints one checkout and matches its diagnostics to the labels. */
export function auditCheckout(set: LabelSet, checkout: string): RepositoryAudit {
  const index = new WorkspaceIndex(checkout, nodeFileSystem);
  index.indexAll();
  const labels = new Map(set.labels.map((l) => [keyOf(l.file, l.line, l.code, l.subject), l]));
  const total = emptyTally();
  const byCode = new Map<string, Tally>();
  const seenTrue = new Set<string>();
  const unlabelled: string[] = [];
  const falsePositives: string[] = [];
  for (const doc of index.all()) {
    for (const d of computeDiagnostics(index, doc)) {
      const line = doc.lines.positionAt(d.span.start).line + 1;
      const key = keyOf(doc.path, line, d.code, subjectOf(d.code, d.message));
      const tally = byCode.get(d.code) ?? emptyTally();
      byCode.set(d.code, tally);
      for (const t of [total, tally]) t.reported++;
      const label = labels.get(key);
      const where = `${doc.path}:${line} ${d.code} ${d.message}`;
      if (!label) {
        for (const t of [total, tally]) t.unlabelled++;
        unlabelled.push(where);
      } else if (label.truth) {
        for (const t of [total, tally]) t.truePositive++;
        seenTrue.add(key);
      } else {
        for (const t of [total, tally]) t.falsePositive++;
        falsePositives.push(`${where} — labelled F: ${label.reason}`);
      }
    }
  }
  const labelledTrue = set.labels.filter((l) => l.truth).length;
  return { set, total, byCode, labelledTrue, trueStillReported: seenTrue.size, unlabelled, falsePositives };
}

/** Precision over the labelled reports; undefined when nothing labelled was reported. */
export function precision(t: Tally): number | undefined {
  const judged = t.truePositive + t.falsePositive;
  return judged ? t.truePositive / judged : undefined;
}

const percent = (x: number | undefined): string => (x === undefined ? '—' : `${(100 * x).toFixed(1)}%`);

/**
 * Runs the audit over every labels file whose checkout is found under `checkouts` (a folder holding
 * `<name>/`, each at its labelled commit). Returns the lines it printed, for tests.
 */
export function runLabelledAudit(checkouts: string | undefined, print: (line: string) => void = console.log): RepositoryAudit[] {
  const sets = labelSets();
  const audits: RepositoryAudit[] = [];
  if (!checkouts) {
    print(
      `labelled audit skipped: give --checkouts DIR (a folder with ${sets.map((s) => s.name).join(', ')} checked out at their labelled commits); nothing is fetched`,
    );
    return audits;
  }
  for (const set of sets) {
    const dir = path.join(checkouts, set.name);
    const head = fs.existsSync(dir) ? headCommit(dir) : undefined;
    if (!head) {
      print(`skip ${set.repository}: no checkout at ${dir} (clone it and check out ${set.commit})`);
      continue;
    }
    if (head !== set.commit) {
      print(`skip ${set.repository}: ${dir} is at ${head.slice(0, 10)}, the labels are for ${set.commit.slice(0, 10)}`);
      continue;
    }
    audits.push(auditCheckout(set, dir));
  }
  print('| repository | commit | labels (T/F) | reported | true | false | unlabelled | precision | recall of T |');
  print('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const a of audits) {
    const t = a.total;
    const trueLabels = a.set.labels.filter((l) => l.truth).length;
    print(
      `| ${a.set.repository} | ${a.set.commit.slice(0, 8)} | ${a.set.labels.length} (${trueLabels}/${a.set.labels.length - trueLabels}) | ${t.reported} | ${t.truePositive} | ${t.falsePositive} | ${t.unlabelled} | ${percent(precision(t))} | ${a.labelledTrue ? `${a.trueStillReported}/${a.labelledTrue} ${percent(a.trueStillReported / a.labelledTrue)}` : '—'} |`,
    );
  }
  const codes = new Map<string, Tally>();
  for (const a of audits)
    for (const [code, t] of a.byCode) {
      const sum = codes.get(code) ?? emptyTally();
      sum.reported += t.reported;
      sum.truePositive += t.truePositive;
      sum.falsePositive += t.falsePositive;
      sum.unlabelled += t.unlabelled;
      codes.set(code, sum);
    }
  print('\n| code | reported | true | false | unlabelled | precision |');
  print('| --- | --- | --- | --- | --- | --- |');
  for (const [code, t] of [...codes].sort())
    print(`| ${code} | ${t.reported} | ${t.truePositive} | ${t.falsePositive} | ${t.unlabelled} | ${percent(precision(t))} |`);
  const allTrue = audits.reduce((n, a) => n + a.labelledTrue, 0);
  const kept = audits.reduce((n, a) => n + a.trueStillReported, 0);
  print(`\nrecall of items labelled true: ${kept}/${allTrue} ${allTrue ? percent(kept / allTrue) : '—'}`);
  for (const a of audits) {
    for (const f of a.falsePositives) print(`false: ${a.set.name} ${f}`);
    for (const u of a.unlabelled) print(`unlabelled: ${a.set.name} ${u}`);
  }
  return audits;
}
