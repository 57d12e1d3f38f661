// `npm run fuzz`: the properties of test/support/fuzzProperties.ts over many generated inputs
// (1,000,000 by default; PLANLOOP_FUZZ_INPUTS=N for another total, PLANLOOP_FUZZ_SEED to replay,
// PLANLOOP_FUZZ_JOBS=N processes, PLANLOOP_FUZZ_ONLY=text to run only the properties whose name
// holds it, at the same share). Every property runs to its share even when another fails;
// failures print their shrunk counterexample and the exit code is 1.
import { fork } from 'node:child_process';
import fc from 'fast-check';
import { fuzzProperties } from '../support/fuzzProperties';

interface Outcome {
  name: string;
  runs: number;
  ms: number;
  failure?: string;
}

const total = Number(process.env.PLANLOOP_FUZZ_INPUTS ?? 1_000_000);
const seed = Number(process.env.PLANLOOP_FUZZ_SEED ?? Date.now() % 2 ** 31);
const jobs = Math.max(1, Number(process.env.PLANLOOP_FUZZ_JOBS ?? 2));
const weights = fuzzProperties.reduce((sum, p) => sum + p.weight, 0);

/** Runs property `i`'s share of the inputs, split into `jobs` slices; this is slice `job`. */
function runSlice(i: number, job: number): Outcome {
  const p = fuzzProperties[i];
  const share = Math.ceil((total * p.weight) / weights);
  const runs = Math.floor(share / jobs) + (job < share % jobs ? 1 : 0);
  const started = Date.now();
  const details = p.check({ numRuns: runs, seed: seed + job * 7919 + i, endOnFailure: false });
  const outcome: Outcome = { name: p.name, runs: details.numRuns, ms: Date.now() - started };
  if (details.failed) {
    outcome.failure = `seed ${details.seed}, path ${details.counterexamplePath}\ncounterexample: ${fc.stringify(details.counterexample)}\n${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`;
  }
  return outcome;
}

const only = process.env.PLANLOOP_FUZZ_ONLY;
const selected = fuzzProperties.map((_, i) => i).filter((i) => !only || fuzzProperties[i].name.includes(only));

if (process.env.PLANLOOP_FUZZ_JOB !== undefined) {
  const job = Number(process.env.PLANLOOP_FUZZ_JOB);
  for (const i of selected) process.send!(runSlice(i, job));
  process.exit(0);
} else {
  const started = Date.now();
  console.log(
    `fuzz: ${total.toLocaleString('en')} inputs over ${fuzzProperties.length} properties${only ? ` (running those with '${only}')` : ''}, seed ${seed}, ${jobs} process(es)`,
  );
  const outcomes: Outcome[] = [];
  const children = Array.from(
    { length: jobs },
    (_, job) =>
      new Promise<void>((resolve, reject) => {
        const child = fork(__filename, [], {
          env: { ...process.env, PLANLOOP_FUZZ_JOB: String(job), PLANLOOP_FUZZ_SEED: String(seed) },
          execArgv: process.execArgv,
        });
        child.on('message', (o: Outcome) => {
          outcomes.push(o);
          console.log(
            `  [${job}] ${o.failure ? 'FAIL' : 'ok  '} ${o.runs.toLocaleString('en').padStart(9)} inputs in ${(o.ms / 1000).toFixed(1).padStart(6)} s  ${o.name}`,
          );
        });
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`fuzz job ${job} exited with ${code}`))));
      }),
  );
  Promise.all(children).then(
    () => {
      const inputs = outcomes.reduce((n, o) => n + o.runs, 0);
      const failed = outcomes.filter((o) => o.failure);
      for (const f of failed) console.log(`\nFAILED: ${f.name}\n${f.failure}`);
      console.log(
        `\nfuzz: ${inputs.toLocaleString('en')} inputs in ${((Date.now() - started) / 1000).toFixed(1)} s; ${failed.length} failing propert${failed.length === 1 ? 'y' : 'ies'} (seed ${seed})`,
      );
      process.exit(failed.length ? 1 : 0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
