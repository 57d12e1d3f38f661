// Settings shared by the extension and the CLI: one schema, one set of defaults.
import { STATE_KINDS, type StateKind } from './states';
import type { DiagnosticCode } from './model';

export interface RunProfile {
  readonly env: Readonly<Record<string, string>>;
  readonly description?: string;
}

export interface PlanLoopConfig {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly ledger: string;
  readonly handoff: string;
  readonly cudaMask: string;
  /** Whether GPU-capable commands must carry the mask; undefined learns it from the workspace. */
  readonly requireMask?: boolean;
  readonly maxFileSizeMB: number;
  readonly profiles: Readonly<Record<string, RunProfile>>;
  readonly defaultProfile: string;
  readonly severities: Readonly<Partial<Record<DiagnosticCode, 'error' | 'warning' | 'info' | 'off'>>>;
  /** Layout of new artifact hubs (`reports/{topic}/{phase}/{compactStamp}/`); '' learns it from the workspace. */
  readonly hubLayout: string;
  /** Extra state markers or words (`[T]`, `WIP`, `🧪`) → kind, over the defaults of states.ts. */
  readonly states: Readonly<Record<string, StateKind>>;
  /** Loop history health: failed attempts in a row that make a row thrash, quiet iterations that make a stall. */
  readonly health: { readonly thrashAttempts: number; readonly stallIterations: number };
}

export const DEFAULT_CONFIG: PlanLoopConfig = {
  // Every Markdown file is a candidate; its path, else its text, says whether it is a loop file (index/discovery.ts).
  include: ['**/*.md'],
  exclude: ['**/node_modules/**', '**/.git/**', '**/.vscode-test/**'],
  ledger: 'docs/fix_plan.md',
  handoff: 'input.md',
  cudaMask: 'CUDA_VISIBLE_DEVICES=""',
  maxFileSizeMB: 5,
  profiles: {
    cpu: { env: { CUDA_VISIBLE_DEVICES: '' }, description: 'Mask the GPU (CUDA_VISIBLE_DEVICES="")' },
    gpu: { env: {}, description: 'Leave CUDA_VISIBLE_DEVICES as it is' },
  },
  defaultProfile: 'cpu',
  severities: {},
  hubLayout: '',
  states: {},
  health: { thrashAttempts: 3, stallIterations: 5 },
};

/** Why a planloop.hubLayout value cannot be used, or undefined when it can. */
export function hubLayoutProblem(layout: string): string | undefined {
  if (!/\{(?:stamp|compactStamp)\}/.test(layout)) return `'hubLayout' must contain {stamp} or {compactStamp}`;
  if (layout.startsWith('/') || layout.split('/').includes('..')) return `'hubLayout' must stay inside the workspace (no leading / or ..)`;
  const unknown = /\{(?!(?:initiative|topic|phase|stamp|compactStamp)\})[^}]*\}/.exec(layout);
  if (unknown) return `'hubLayout' has an unknown placeholder ${unknown[0]} (known: {initiative} {topic} {phase} {stamp} {compactStamp})`;
  return undefined;
}

export interface ConfigProblem {
  readonly message: string;
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Merges user settings over the defaults; invalid values are reported, never thrown. */
export function resolveConfig(raw: unknown): { config: PlanLoopConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  if (raw === undefined || raw === null) return { config: DEFAULT_CONFIG, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { config: DEFAULT_CONFIG, problems: [{ message: 'configuration must be a JSON object' }] };
  }
  const r = raw as Record<string, unknown>;
  const out: Record<string, unknown> = { ...DEFAULT_CONFIG };
  for (const key of ['include', 'exclude'] as const) {
    if (r[key] === undefined) continue;
    if (isStringArray(r[key])) out[key] = r[key];
    else problems.push({ message: `'${key}' must be an array of glob strings` });
  }
  for (const key of ['ledger', 'handoff', 'cudaMask', 'defaultProfile'] as const) {
    if (r[key] === undefined) continue;
    if (typeof r[key] === 'string') out[key] = r[key];
    else problems.push({ message: `'${key}' must be a string` });
  }
  if (r.maxFileSizeMB !== undefined) {
    if (typeof r.maxFileSizeMB === 'number' && r.maxFileSizeMB > 0) out.maxFileSizeMB = r.maxFileSizeMB;
    else problems.push({ message: `'maxFileSizeMB' must be a positive number` });
  }
  if (r.profiles !== undefined) {
    const profiles: Record<string, RunProfile> = { ...DEFAULT_CONFIG.profiles };
    if (typeof r.profiles !== 'object' || r.profiles === null || Array.isArray(r.profiles)) {
      problems.push({ message: `'profiles' must be an object of { env: { NAME: value } }` });
    } else {
      for (const [name, value] of Object.entries(r.profiles as Record<string, unknown>)) {
        const env = (value as { env?: unknown } | null)?.env;
        if (env && typeof env === 'object' && Object.values(env).every((v) => typeof v === 'string')) {
          profiles[name] = { env: env as Record<string, string>, description: (value as { description?: string }).description };
        } else problems.push({ message: `profile '${name}' must have an 'env' object of strings` });
      }
    }
    out.profiles = profiles;
  }
  if (r.severities !== undefined) {
    const levels = ['error', 'warning', 'info', 'off'];
    if (
      typeof r.severities === 'object' &&
      r.severities !== null &&
      !Array.isArray(r.severities) &&
      Object.values(r.severities).every((v) => levels.includes(v as string))
    ) {
      out.severities = r.severities;
    } else problems.push({ message: `'severities' must map diagnostic codes to error|warning|info|off` });
  }
  if (r.requireMask !== undefined && r.requireMask !== null) {
    if (typeof r.requireMask === 'boolean') out.requireMask = r.requireMask;
    else problems.push({ message: `'requireMask' must be true, false or null` });
  }
  if (r.hubLayout !== undefined) {
    const problem =
      typeof r.hubLayout !== 'string' ? `'hubLayout' must be a string` : r.hubLayout ? hubLayoutProblem(r.hubLayout) : undefined;
    if (problem) problems.push({ message: problem });
    else out.hubLayout = r.hubLayout;
  }
  if (r.states !== undefined) {
    const valid =
      typeof r.states === 'object' &&
      r.states !== null &&
      !Array.isArray(r.states) &&
      Object.entries(r.states).every(([k, v]) => k.trim() !== '' && STATE_KINDS.includes(v as StateKind));
    if (valid) out.states = r.states;
    else problems.push({ message: `'states' must map markers such as "[T]" to ${STATE_KINDS.join('|')}` });
  }
  if (r.health !== undefined) {
    const health = r.health as Record<string, unknown> | null;
    const whole = (v: unknown): boolean => v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 1);
    if (
      typeof health === 'object' &&
      health !== null &&
      !Array.isArray(health) &&
      whole(health.thrashAttempts) &&
      whole(health.stallIterations)
    )
      out.health = {
        thrashAttempts: (health.thrashAttempts as number | undefined) ?? DEFAULT_CONFIG.health.thrashAttempts,
        stallIterations: (health.stallIterations as number | undefined) ?? DEFAULT_CONFIG.health.stallIterations,
      };
    else problems.push({ message: `'health' must be { "thrashAttempts": N, "stallIterations": N } with whole numbers from 1` });
  }
  const config = out as unknown as PlanLoopConfig;
  if (!config.profiles[config.defaultProfile])
    problems.push({ message: `defaultProfile '${config.defaultProfile}' is not a defined profile` });
  return { config, problems };
}
