// Zero-config discovery against the real repositories of ../shared/corpus (skipped when it is
// absent): each repository's files are placed at their real paths in a temp workspace, the
// workspace is walked with the default settings, and every file must be found, with the kind
// MANIFEST.tsv gives and the loop family written by hand below (from INDEX.md).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { corpusDir, sharedMissing } from '../support/paths';
import { corpusManifest, originalBaseName, type ManifestEntry } from '../support/corpusIndex';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { buildStatus } from '../../server/core/check/status';
import { foundSummary } from '../../server/core/check/found';
import { FAMILY_LABELS, type LoopFamily } from '../../server/core/model/families';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';

/**
 * The family of each repository's files, as INDEX.md describes them; where one repository holds
 * several, by path (or by `path@commit` where versions of one path differ). The first collection's
 * hoidn repositories are handoff loops; root `fix_plan.md` lists with priority or backlog sections
 * and no initiatives are Ralph's; hoidn/dials_diffuse's files are hand-written phase checklists
 * (no ledger, handoff or plans/active/ in them), so they are checklists.
 */
const EXPECTED: Readonly<Record<string, LoopFamily | Readonly<Record<string, LoopFamily>>>> = {
  // First collection
  Quiterion__ralph: 'ralph',
  hoidn__PtychoPINN: 'handoff-loop',
  hoidn__diffbragg_example: 'handoff-loop',
  hoidn__eryx: 'handoff-loop',
  // Second collection
  'Adarsha-gg__ctrlz': 'checklist',
  'blburson1204__wine-cellar': 'checklist',
  'bretmckee__game-scheduler': 'checklist',
  'cutaway-security__chaps': 'checklist',
  DaltonCalford__ScratchRobin: 'checklist',
  DeevsDeevs__kazo: 'ralph',
  'dwilliams27__psp-autodecomp': 'ralph',
  gjcourt__homelab: 'checklist',
  hoidn__dials_diffuse: 'checklist',
  'jdu211171__schedule-website': 'spec-kit',
  'jonpru-aws__SpaceWeirdos': 'kiro',
  'kevins88288__ks-openclaw': 'checklist',
  LRiceCooker__crabase: 'ralph',
  'replyto-pocketcare__pocketcare-app': 'checklist',
  'rhythm1995__open-llm-wiki': 'checklist',
  'Vendetta-86__high-security-encryptor': 'checklist',
  vgarzon__nwtrack: 'checklist',
  XVll__homelab: 'checklist',
  // Third collection: loop families
  '2379278408__monkeycode-desktop-pet': 'superpowers',
  'ANUcybernetics__hendrix-homeostat': 'backlog',
  'CivicPulse__voter-api': 'spec-kit',
  'coctostan__pi-superpowers': 'superpowers',
  'CRJFisher__code-charter': 'backlog',
  EDOHWARES__SoroMint: 'kiro',
  'ethantiv__ai-devcontainer-sync-pub': {
    'docs/plans/IMPLEMENTATION_PLAN.md@11d6abc': 'superpowers',
    'docs/plans/IMPLEMENTATION_PLAN.md@706c6f6': 'ralph',
  },
  'FS-GG__FS.GG.Rendering': 'spec-kit',
  'gen4438__marginalia.nvim': 'spec-kit',
  growilabs__growi: 'kiro',
  'jmrGrav__hugo-mcp-go': 'superpowers',
  'jnyross__second-brain': 'ralph',
  joshuafuller__beacon: {
    'specs/008-documentation-production-polish/tasks.md': 'spec-kit',
    '@fix_plan.md': 'ralph',
    'PROMPT.md': 'ralph',
  },
  'lambda-yu__stake-watch': 'superpowers',
  'Muhammad-Ali-Asghar-Rizwan__Physical-AI-Humanoid-Robotics-Essentials': 'spec-kit',
  'PepijnSenders__browse-cli': 'ralph',
  'Shazolpersonal__41_Smoke-Free-Path': 'kiro',
  Sohex__musefs: 'superpowers',
  'weiqinghang__openclaw-home': 'superpowers',
  wqjuser__OpenHer: 'superpowers',
};

type CorpusFile = ManifestEntry & { readonly folder: string };

/**
 * The kind Plan Loop reads a file as: MANIFEST.tsv's, but for Ralph's fix lists. INDEX.md calls them
 * ledgers (the loop's running record); their own lines are prioritized task items under
 * `## Priority 1: …` / `## Phase 1 — …` / `## En cours` with no initiative and no attempt, the
 * to-do list Ralph works down, so they are read as plans: as ledgers they showed no row anywhere.
 */
function readAs(file: CorpusFile): string {
  return file.kind === 'ledger' && expectedFamily(file) === 'ralph' ? 'plan' : file.kind;
}

const skip = sharedMissing(corpusDir);
const files: CorpusFile[] = skip ? [] : corpusManifest().map((entry) => ({ ...entry, folder: entry.localName.split('/')[0] }));

function expectedFamily(file: CorpusFile): LoopFamily | undefined {
  const entry = EXPECTED[file.folder];
  if (typeof entry === 'string') return entry;
  return entry?.[`${file.path}@${file.commit.slice(0, 7)}`] ?? entry?.[file.path];
}

/** Workspaces that hold one version of each path: the k-th workspace the k-th version of every path that has one. */
function workspacesOf(repoFiles: readonly CorpusFile[]): CorpusFile[][] {
  const byPath = new Map<string, CorpusFile[]>();
  for (const file of repoFiles) byPath.set(file.path, [...(byPath.get(file.path) ?? []), file]);
  const out: CorpusFile[][] = [];
  for (const versions of byPath.values()) versions.forEach((file, k) => (out[k] ??= []).push(file));
  return out;
}

describe('zero-config discovery finds every corpus file at its real path, with its kind and family', { skip }, () => {
  const folders = [...new Set(files.map((f) => f.folder))].sort();

  test('the hand-written family table covers every corpus repository folder', () => {
    const onDisk = fs
      .readdirSync(corpusDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    assert.deepEqual(folders, onDisk, 'MANIFEST.tsv lists every repository folder');
    const missing = folders.filter((f) => !(f in EXPECTED));
    assert.deepEqual(missing, [], 'a repository new to the corpus needs its family written here by hand');
  });

  test('local names follow the real paths (last `@` splits off the commit, `dot.` is a leading dot)', () => {
    for (const file of files) {
      const local = originalBaseName(file.localName.slice(file.folder.length + 1));
      const decoded = local.replace(/^dot\./, '.').replace(/__/g, '/');
      assert.equal(decoded, file.path, file.localName);
    }
  });

  for (const folder of folders) {
    test(folder, () => {
      const repoFiles = files.filter((f) => f.folder === folder);
      for (const placed of workspacesOf(repoFiles)) {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-corpus-discovery-'));
        try {
          for (const file of placed) {
            fs.mkdirSync(path.dirname(path.join(root, file.path)), { recursive: true });
            fs.copyFileSync(path.join(corpusDir, file.localName), path.join(root, file.path));
          }
          const index = new WorkspaceIndex(root, nodeFileSystem);
          index.indexAll();
          assert.deepEqual(index.skipped, [], 'nothing skipped');
          const seen = index.all().map((d) => `${d.path} ${d.kind} ${d.family}`);
          const wanted = placed.map((f) => `${f.path} ${readAs(f)} ${expectedFamily(f) ?? '(no family written)'}`);
          assert.deepEqual(seen.sort(), wanted.sort(), placed.map((f) => f.localName).join(', '));
          // What `planloop status` and the Plans view say names each family found.
          const summary = foundSummary(buildStatus(index).families);
          for (const file of placed) assert.ok(summary.includes(`${FAMILY_LABELS[expectedFamily(file)!]}: `), summary);
        } finally {
          fs.rmSync(root, { recursive: true, force: true });
        }
      }
    });
  }
});
