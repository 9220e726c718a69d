// defaults < file (DOSI_CONFIG, JSON) < environment (DOSI_*) < flags; validated once, every error listed, then frozen.
import { readFileSync } from 'node:fs';
import Value from 'typebox/value';
import { DosiError, E } from '../kernel/index.ts';
import { ConfigSchema, type Config } from './schema.ts';

type Props = Record<string, { 'x-env'?: string; secret?: boolean; type?: string; anyOf?: unknown }>;
const props = ConfigSchema.properties as unknown as Props;

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  flags?: Record<string, unknown>;
  file?: string;
}

export function loadConfig(opts: LoadOptions = {}): Config {
  const env = opts.env ?? process.env;
  const merged: Record<string, unknown> = {};
  const file = opts.file ?? env.DOSI_CONFIG;
  if (file) Object.assign(merged, readConfigFile(file));
  for (const [key, p] of Object.entries(props)) {
    const name = p['x-env'];
    const raw = name ? env[name] : undefined;
    if (raw !== undefined && raw !== '') merged[key] = raw;
  }
  for (const [k, v] of Object.entries(opts.flags ?? {})) if (v !== undefined) merged[k] = v;
  const unknown = Object.keys(merged).filter((k) => !(k in props));
  if (unknown.length)
    throw new DosiError(E.CONFIG_INVALID, { detail: `unknown option(s) ${unknown.join(', ')}` });
  if (merged.auth === 'none' && merged.host === undefined) merged.host = '127.0.0.1';
  const withDefaults = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, merged));
  const errors = [...Value.Errors(ConfigSchema, withDefaults)];
  if (errors.length) {
    const seen = new Set<string>();
    const lines = errors
      .map((e) => {
        const key = e.instancePath.replace(/^\//, '');
        const envName = props[key]?.['x-env'];
        return `${key}${envName ? ` (${envName})` : ''}: ${e.message}`;
      })
      .filter((l) => (seen.has(l) ? false : (seen.add(l), true)));
    throw new DosiError(E.CONFIG_INVALID, { detail: lines.join('; ') });
  }
  return Object.freeze(withDefaults as Config);
}

function readConfigFile(path: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not a JSON object');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new DosiError(E.CONFIG_INVALID, {
      detail: `cannot read config file ${path}: ${(err as Error).message}`,
    });
  }
}

/** A copy safe to log: secrets replaced, passwords in URLs masked. */
export function redactConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    out[k] = props[k]?.secret && v !== undefined ? redactValue(String(v)) : v;
  }
  return out;
}

function redactValue(v: string): string {
  try {
    const u = new URL(v);
    if (u.password) u.password = '***';
    return u.protocol.startsWith('postgres') || u.protocol.startsWith('mqtt') || u.protocol.startsWith('nats')
      ? u.toString()
      : '***';
  } catch {
    return '***';
  }
}

export function configDoc(): string {
  const rows = Object.entries(ConfigSchema.properties).map(([key, schema]) => {
    const s = schema as unknown as { 'x-env'?: string; description?: string; default?: unknown };
    const def = s.default === undefined ? '—' : `\`${JSON.stringify(s.default)}\``;
    return `| \`${s['x-env'] ?? ''}\` | \`${key}\` | ${def} | ${s.description ?? ''} |`;
  });
  return [
    '# Configuration',
    '',
    'Generated from `src/config/schema.ts` (`npm run dosi -- config-doc > docs/CONFIG.md`); a test keeps it in sync.',
    '',
    'Precedence: defaults < JSON file named by `DOSI_CONFIG` < environment variables < command-line flags.',
    'Every value is validated at start-up; all errors are listed at once and dosi refuses to start.',
    '',
    '| variable | option | default | meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
