// Whether this workspace asks for the CUDA mask. Masking is a project's convention, not ours:
// many loops run their tests on the GPU on purpose. `cuda-unmasked` speaks only when the
// project itself asks for the mask (the `planloop.requireMask` setting, a document stating the
// rule, or its own handoff and plans masking most of their GPU-capable commands) and the
// workspace depends on a GPU framework at all.
import type { ShellCommand } from '../model/model';
import type { IndexedDocument, WorkspaceIndex } from '../index/workspace';
import { joinPath } from '../index/fileSystem';
import { cudaMaskOf } from '../parse/commands';
import { runsGpuCode } from './gpuCommands';

/** Dependency files that name a project's frameworks. */
const DEPENDENCY_FILE =
  /^(?:pyproject\.toml|setup\.py|setup\.cfg|Pipfile|requirements[\w.-]*\.(?:txt|in)|environment[\w.-]*\.ya?ml|conda[\w.-]*\.ya?ml)$/i;
const GPU_FRAMEWORK = /(?:^|[\s"'=,[(-])(?:torch|pytorch|tensorflow(?:-gpu)?|jax(?:lib)?|cupy(?:-cuda\w*)?)(?=$|[\s"'<>=!~;,\])[])/im;

/** A sentence that states the mask as a rule (`always run tests with CUDA_VISIBLE_DEVICES=""`). */
const MASK_RULE = /CUDA_VISIBLE_DEVICES/;
const RULE_WORD = /\b(?:must|always|required|mandatory|never run)\b/i;

/** Documents that may state the rule: the workspace's top-level and docs/ Markdown (agents' and contributors' guides). */
function ruleDocuments(index: WorkspaceIndex): string[] {
  const out: string[] = [];
  for (const folder of ['', 'docs']) {
    for (const entry of index.fs.readDirectory(folder ? joinPath(index.root, folder) : index.root)) {
      if (entry.isDirectory || !/\.md$/i.test(entry.name)) continue;
      const rel = folder ? `${folder}/${entry.name}` : entry.name;
      // Plans, ledgers and handoffs record what was run; they state no rule.
      if (!index.kindOf(rel)) out.push(rel);
    }
  }
  return out;
}

function dependsOnGpuFramework(index: WorkspaceIndex): boolean {
  return index.fs
    .readDirectory(index.root)
    .filter((e) => !e.isDirectory && DEPENDENCY_FILE.test(e.name))
    .some((e) => GPU_FRAMEWORK.test(index.fs.readFile(joinPath(index.root, e.name)) ?? ''));
}

function documentStatesRule(index: WorkspaceIndex): boolean {
  return ruleDocuments(index).some((rel) =>
    (index.fs.readFile(joinPath(index.root, rel)) ?? '').split('\n').some((line) => MASK_RULE.test(line) && RULE_WORD.test(line)),
  );
}

/** GPU-capable commands of the live handoff and plans: most of them masked is the project's own rule. */
function projectMasksItsCommands(documents: readonly IndexedDocument[]): boolean {
  let masked = 0;
  let all = 0;
  for (const doc of documents) {
    const commands: ShellCommand[] =
      doc.model.kind === 'handoff'
        ? [...doc.model.commands, ...doc.model.mappedTests]
        : doc.model.kind === 'plan'
          ? [...doc.model.phases.flatMap((p) => p.rows), ...doc.model.looseRows].flatMap((r) => r.commands)
          : [];
    for (const c of commands) {
      if (!runsGpuCode(c.text) || isCollectOnly(c.text)) continue;
      all++;
      if (cudaMaskOf(c.text) !== undefined) masked++;
    }
  }
  return masked >= 2 && masked * 2 >= all;
}

/** `pytest --collect-only` lists tests; it runs none, so the mask cannot matter. */
export function isCollectOnly(command: string): boolean {
  return /(?:^|\s)--collect-only\b|(?:^|\s)--co\b/.test(command);
}

interface Learned {
  /** The live plans and handoff it was learned from: a new version of any is a new document object. */
  readonly documents: readonly IndexedDocument[];
  readonly fromCommands: boolean;
}
/** Dependencies and written rules, read again after any file event the host reports. */
const statedByIndex = new WeakMap<WorkspaceIndex, { events: number; framework: boolean; rule: boolean }>();
const learnedByIndex = new WeakMap<WorkspaceIndex, Learned>();

function stated(index: WorkspaceIndex): { framework: boolean; rule: boolean } {
  const known = statedByIndex.get(index);
  if (known && known.events === index.fileEventCount) return known;
  const framework = dependsOnGpuFramework(index);
  const fresh = { events: index.fileEventCount, framework, rule: framework && documentStatesRule(index) };
  statedByIndex.set(index, fresh);
  return fresh;
}

function sameDocuments(a: readonly IndexedDocument[], b: readonly IndexedDocument[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Whether the workspace asks for the mask on GPU-capable commands. `isArchived`: documents whose
 * commands are history and teach nothing about today's rule.
 */
export function maskRequired(index: WorkspaceIndex, isArchived: (path: string) => boolean): boolean {
  const setting = index.config.requireMask;
  if (setting !== undefined) return setting;
  const facts = stated(index);
  if (!facts.framework) return false;
  if (facts.rule) return true;
  const documents = index.all().filter((d) => (d.model.kind === 'plan' || d.model.kind === 'handoff') && !isArchived(d.path));
  const known = learnedByIndex.get(index);
  if (known && sameDocuments(known.documents, documents)) return known.fromCommands;
  const fromCommands = projectMasksItsCommands(documents);
  learnedByIndex.set(index, { documents, fromCommands });
  return fromCommands;
}
