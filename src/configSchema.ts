// The client's settings without the editor (so unit tests read them): every planloop.* setting
// with who reads it, and the validation of the ones the client acts on. src/config.ts reads them
// from VS Code once per change.

export type AutoUpdateMode = 'ask' | 'always' | 'off';

/**
 * Every planloop.* setting and who reads it. The server receives them all (the language client's
 * configuration sync) and re-reads them and re-indexes when any changes, and the client reads its
 * own on each change, so no setting needs a restart of the server or a reload of the window
 * (`restart: false` throughout; a setting that one day does says so here). test/unit/manifest.test.ts
 * checks that this table lists exactly the settings package.json contributes.
 */
export const SETTINGS = {
  include: { readBy: 'server', restart: false },
  exclude: { readBy: 'server', restart: false },
  ledger: { readBy: 'server', restart: false },
  handoff: { readBy: 'server', restart: false },
  cudaMask: { readBy: 'both', restart: false },
  requireMask: { readBy: 'server', restart: false },
  hubLayout: { readBy: 'server', restart: false },
  maxFileSizeMB: { readBy: 'server', restart: false },
  profiles: { readBy: 'both', restart: false },
  defaultProfile: { readBy: 'both', restart: false },
  autoUpdate: { readBy: 'client', restart: false },
  confirmRuns: { readBy: 'client', restart: false },
  states: { readBy: 'server', restart: false },
  severities: { readBy: 'server', restart: false },
  'health.thrashAttempts': { readBy: 'server', restart: false },
  'health.stallIterations': { readBy: 'server', restart: false },
  'codeLens.runRow': { readBy: 'server', restart: false },
  'codeLens.rowState': { readBy: 'server', restart: false },
  'codeLens.artifacts': { readBy: 'server', restart: false },
  'codeLens.doNow': { readBy: 'server', restart: false },
  'codeLens.ledger': { readBy: 'server', restart: false },
} as const satisfies Record<string, { readonly readBy: 'client' | 'server' | 'both'; readonly restart: boolean }>;

export type SettingName = keyof typeof SETTINGS;

/** The settings the client acts on, validated. */
export interface ClientConfig {
  readonly autoUpdate: AutoUpdateMode;
  readonly confirmRuns: boolean;
  /** The run profile runs use (the server checks that it exists and says so when it does not). */
  readonly defaultProfile: string;
  /** The names of the valid profiles (each has an `env` object of strings), for the Testing view. */
  readonly profileNames: readonly string[];
  /** The CUDA mask, which the Do Now view leaves out of a mapped test's label. */
  readonly cudaMask: string;
}

const AUTO_UPDATE_MODES: Record<AutoUpdateMode, true> = { ask: true, always: true, off: true };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads and validates the client's settings from `get` (a setting's value, undefined when unset).
 * An invalid value falls back to the manifest's default and is reported, never thrown.
 */
export function readClientConfig(get: (name: SettingName) => unknown): { config: ClientConfig; problems: string[] } {
  const problems: string[] = [];
  const pick = <T>(name: SettingName, fallback: T, valid: (v: unknown) => v is T, expected: string): T => {
    const value = get(name);
    if (value === undefined) return fallback;
    if (valid(value)) return value;
    problems.push(`planloop.${name} must be ${expected}; using ${JSON.stringify(fallback)}`);
    return fallback;
  };
  const autoUpdate = pick<AutoUpdateMode>(
    'autoUpdate',
    'ask',
    (v): v is AutoUpdateMode => typeof v === 'string' && v in AUTO_UPDATE_MODES,
    Object.keys(AUTO_UPDATE_MODES).join(' | '),
  );
  const confirmRuns = pick('confirmRuns', true, (v): v is boolean => typeof v === 'boolean', 'true or false');
  const defaultProfile = pick('defaultProfile', 'cpu', (v): v is string => typeof v === 'string' && v !== '', 'a profile name');
  const cudaMask = pick('cudaMask', '', (v): v is string => typeof v === 'string', 'a string');
  const profiles = pick('profiles', {}, isRecord, 'an object of { env: { NAME: value } }');
  const profileNames = Object.entries(profiles).flatMap(([name, profile]) => {
    const env = isRecord(profile) ? profile.env : undefined;
    if (isRecord(env) && Object.values(env).every((v) => typeof v === 'string')) return [name];
    problems.push(`planloop.profiles: profile '${name}' must have an 'env' object of strings; it is not offered`);
    return [];
  });
  return { config: { autoUpdate, confirmRuns, defaultProfile, profileNames, cudaMask }, problems };
}
