// Conformance, structure: the third collection ("Loop families") read as its authors group their
// work. The labels are ours, checked line by line against each file and INDEX.md's notes: tasks as
// phases with their steps (superpowers), spec-kit and Kiro phases, Kiro sub-tasks under their
// parents, Ralph ledger sections, backlog items' acceptance rows. Skipped without ../shared.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusDir, sharedMissing } from '../support/paths';
import { corpusCollections } from '../support/corpusIndex';
import { structureOf } from '../support/corpusStructure';
import { parsePlan } from '../../server/core/parse/plan';

const skip = sharedMissing(corpusDir);

const EXPECTED_STRUCTURE: ReadonlyArray<readonly [string, string]> = [
  [
    '2379278408__monkeycode-desktop-pet/docs__superpowers__plans__2026-07-18-desktop-pet-interaction.md@093369e.md',
    'Task 1=5 Task 2=5 Task 3=6 Task 4=6 Task 5=5 Task 6=7',
  ],
  [
    'wqjuser__OpenHer/docs__superpowers__plans__2026-06-28-session-agent-factory-boundary.md@08c7dd3.md',
    'Task 1=2 Task 2=4 Task 3=4 Task 4=4 Task 5=2',
  ],
  [
    'jmrGrav__hugo-mcp-go/docs__superpowers__plans__2026-06-07-full-tool-parity-and-hooks.md@3add5a1.md',
    'Task 1=5 Task 2=5 Task 3=4 Task 4=4 Task 5=3 Task 6=3 Task 7=3',
  ],
  ['Sohex__musefs/docs__superpowers__plans__2026-06-08-beets-computed-path.md@96b1909.md', 'Task 1=8 Task 2=7 Task 3=4 loose=2'],
  [
    'weiqinghang__openclaw-home/docs__superpowers__plans__2026-03-13-engineering-methodology-adoption.md@797a66c.md',
    'Task 1=6 Task 2=2 Task 3=2 Task 4=2 Task 5=3',
  ],
  [
    'ethantiv__ai-devcontainer-sync-pub/docs__plans__IMPLEMENTATION_PLAN.md@11d6abc.md',
    'Task 1=3 Task 2=1 Task 3=2 Task 4=1 Task 5=1 Task 6=2 Task 7=4 Task 8=3 Task 9=2 Task 10=2 Task 11=1 Task 12=1 Task 13=2 Task 14=2',
  ],
  [
    'coctostan__pi-superpowers/docs__plans__2026-02-08-pi-superpowers-implementation.md@0ac8173.md',
    'Task 1=0 Task 2=0 Task 3=0 Task 4=0 Task 5=0 Task 6=0 Task 7=0 Task 8=0 Task 9=0 Task 10=0 Task 11=0 Task 12=0 Task 13=0 Task 14=0 Task 15=0 Task 16=0',
  ],
  [
    'lambda-yu__stake-watch/docs__superpowers__plans__2026-06-15-p2-risk-engine.md@14132db.md',
    'Task R1=4 Task R2=3 Task R3=3 Task R4=4 Task R5=4',
  ],
  [
    'FS-GG__FS.GG.Rendering/specs__189-control-module-split__tasks.md@52fabcf.md',
    'Phase 1=4 Phase 2=5 Phase 3=6 Phase 4=6 Phase 5=5 Phase 6=2 Phase 7=6',
  ],
  [
    'CivicPulse__voter-api/specs__003-address-geocoding-endpoint__tasks.md@34df544.md',
    'Phase 1=0 Phase 2=9 Phase 3=7 Phase 4=6 Phase 5=2 Phase 6=10 Phase 7=7 Phase 8=5',
  ],
  [
    'gen4438__marginalia.nvim/specs__001-core-features__tasks.md@201826a.md',
    'Phase 1=5 Phase 2=3 Phase 3=6 Phase 4=3 Phase 5=3 Phase 6=3 Phase 7=2 Phase 8=3',
  ],
  [
    'Muhammad-Ali-Asghar-Rizwan__Physical-AI-Humanoid-Robotics-Essentials/specs__001-digital-twin-sim__tasks.md@023f007.md',
    'Phase 1=14 Phase 2=13 Phase 3=15 Phase 4=12 Phase 5=12 Phase 6=15',
  ],
  [
    'Muhammad-Ali-Asghar-Rizwan__Physical-AI-Humanoid-Robotics-Essentials/specs__006-rag-chatbot-integration__tasks.md@6b152f6.md',
    'Phase 1=8 Phase 2=9 Phase 3=20 Phase 4=15 Phase 5=13 Phase 6=10',
  ],
  [
    'joshuafuller__beacon/specs__008-documentation-production-polish__tasks.md@bc3c2ae.md',
    'Phase 1=3 Phase 2=0 Phase 3=8 Phase 4=25 Phase 5=8 Phase 6=11 Phase 7=18 Phase 8=35 Phase 9=49 Phase 10=8',
  ],
  [
    'Shazolpersonal__41_Smoke-Free-Path/dot.kiro__specs__ui-ux-deep-analysis__tasks.md@151b005.md',
    'Phase 1=5 Phase 2=4 Phase 3=6 Phase 4=3 Phase 5=3 children=4',
  ],
  ['growilabs__growi/dot.kiro__specs__growi-vault-reconcile__tasks.md@f2ed44e.md', 'loose=27 children=22'],
  ['EDOHWARES__SoroMint/dot.kiro__specs__contract-versioning-health__tasks.md@88bbbd8.md', 'loose=46 children=37'],
  [
    'ethantiv__ai-devcontainer-sync-pub/docs__plans__IMPLEMENTATION_PLAN.md@706c6f6.md',
    'Phase 1=0 Phase 2=0 Phase 3=8 Phase 4=6 Phase 5=5 Phase 6=3',
  ],
  ['joshuafuller__beacon/@fix_plan.md@62a3b26.md', 'entries 4 4 3 4 9 6 3 8 3 2 3 2 2 4 8 7 10 4 3 3 3 5 3 3 4 4'],
  ['joshuafuller__beacon/PROMPT.md@7f5c792.md', 'Phase 1=44 Phase 2=51 Phase 3=49'],
  ['jnyross__second-brain/@fix_plan.md@51de73a.md', 'entries 3 2 4 1 15 3 21'],
  ['PepijnSenders__browse-cli/@fix_plan.md@f95ddf2.md', 'entries 2 4 3 19'],
  ['CRJFisher__code-charter/backlog__archive__tasks__task-3.4 - Implement-zoom-based-visibility-control.md@e0290a9.md', 'loose=4'],
  ['CRJFisher__code-charter/backlog__completed__task-18 - Polish-React-Flow-performance-and-type-safety.md@a50a04d.md', 'loose=8'],
  ['ANUcybernetics__hendrix-homeostat/backlog__tasks__task-1 - add-audio-kernel-modules.md@f3b1ef7.md', 'loose=6'],
];

describe('corpus third collection: structure as the authors group it', { skip }, () => {
  test('every file of the third collection has a structure label', () => {
    const third = corpusCollections().find((c) => /third/.test(c.heading));
    assert.ok(third, 'INDEX.md has a third collection');
    assert.deepEqual(EXPECTED_STRUCTURE.map(([file]) => file).sort(), [...third.files].sort());
  });

  for (const [file, want] of EXPECTED_STRUCTURE) {
    test(`${file}: ${want}`, () => {
      assert.equal(structureOf(file, fs.readFileSync(path.join(corpusDir, file), 'utf8')), want);
    });
  }

  test('superpowers steps are rows N.M named "Task N · Step M", numbered as written', () => {
    for (const [file] of EXPECTED_STRUCTURE.filter(([, s]) => /^Task /.test(s))) {
      const text = fs.readFileSync(path.join(corpusDir, file), 'utf8');
      for (const phase of parsePlan(text).phases) {
        for (const row of phase.rows) {
          const written = /\*\*Step\s+(\d+)/.exec(text.slice(row.span.start, row.span.end));
          if (!written) continue; // a task's plain checkbox items (ethantiv) keep their own shape
          assert.equal(row.id, `${phase.id}.${written[1]}`, `${file}: ${row.title}`);
          assert.equal(row.label, `Task ${phase.id} · Step ${written[1]}`);
        }
      }
    }
  });
});
