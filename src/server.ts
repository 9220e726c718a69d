// The composition root: load config, open adapters, wire modules, listen, shut down gracefully.
// The only file that knows which concrete adapters exist.
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger as PinoLogger } from 'pino';
import { build } from './api/build.ts';
import { createMetrics } from './api/metrics.ts';
import { loadConfig, redactConfig, type Config } from './config/index.ts';
import { contextMigrations, createContextService } from './context/index.ts';
import { createContextResolver } from './context/jsonld/index.ts';
import { createDbContextStore } from './context/store/context.repository.ts';
import { createTemporalService, temporalMigrations } from './context/temporal/index.ts';
import { createSubscriptionService, subscriptionMigrations } from './context/subscriptions/index.ts';
import { createIdentityService, identityMigrations } from './identity/index.ts';
import { systemClock, type Clock } from './kernel/index.ts';
import { openEmbeddedDb, openServerDb } from './storage/adapters.ts';
import { migrate, type Db, type Migration } from './storage/index.ts';

export const allMigrations: readonly Migration[] = [
  ...identityMigrations,
  ...contextMigrations,
  ...temporalMigrations,
  ...subscriptionMigrations,
];

export interface Platform {
  config: Config;
  db: Db;
  app: FastifyInstance;
  log: PinoLogger;
  identity: ReturnType<typeof createIdentityService>;
  context: ReturnType<typeof createContextService>;
  subscriptions: ReturnType<typeof createSubscriptionService>;
  /** Set by startServer when the demo tenant was created on this start. */
  demoLogin?: { username: string; password: string };
  close(): Promise<void>;
}

export interface StartOptions {
  config?: Config;
  /** An already-open database (tests share one per file). */
  db?: Db;
  log?: PinoLogger;
  clock?: Clock;
}

export async function openDatabase(config: Config): Promise<Db> {
  if (config.databaseUrl) return openServerDb({ url: config.databaseUrl, poolSize: config.databasePoolSize });
  return openEmbeddedDb({ dataDir: config.memory ? undefined : join(config.dataDir, 'pg') });
}

/** Opens every part and builds the app, without listening. */
export async function createPlatform(opts: StartOptions = {}): Promise<Platform> {
  const config = opts.config ?? loadConfig();
  const log =
    opts.log ??
    pino({ level: config.logLevel, redact: ['req.headers.authorization', 'req.headers["x-api-key"]'] });
  const clock = opts.clock ?? systemClock;
  const db = opts.db ?? (await openDatabase(config));
  await migrate(db, allMigrations);
  const identity = createIdentityService({ db, config, clock, log });
  const context = createContextService({ db, clock, log });
  const temporal = createTemporalService({ db, clock });
  const contextStore = createDbContextStore(db);
  const contexts = createContextResolver({ store: contextStore, fetchRemote: config.contextFetch, log });
  const metrics = createMetrics();
  const subscriptions = createSubscriptionService({ db, clock, log, contexts, context, config, metrics });
  let shuttingDown = false;
  const app = await build({
    config,
    db,
    log,
    identity,
    metrics,
    context,
    contexts,
    contextStore,
    temporal,
    subscriptions,
    isShuttingDown: () => shuttingDown,
  });
  subscriptions.start();
  return {
    config,
    db,
    app,
    log,
    identity,
    context,
    subscriptions,
    async close() {
      shuttingDown = true;
      await app.close();
      await subscriptions.stop(); // in-flight notifications finish before the database closes
      if (!opts.db) await db.close();
    },
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Starts dosi: the `dosi serve` command and `npm start`. */
export async function startServer(opts: StartOptions = {}): Promise<Platform> {
  const config = opts.config ?? loadConfig();
  if (config.auth === 'none' && !LOOPBACK.has(config.host)) {
    throw new Error(
      `DOSI_AUTH=none is for local conformance runs only and listens on loopback only; DOSI_HOST=${config.host} is refused`,
    );
  }
  const p = await createPlatform({ ...opts, config });
  p.log.info({ config: redactConfig(config) }, 'dosi configuration');
  if (config.auth === 'none') {
    p.log.warn(
      '!!! AUTHENTICATION IS OFF (DOSI_AUTH=none): every local client is an administrator of every tenant. Never run this in production. !!!',
    );
  }
  if (config.demo) {
    const demo = await p.identity.ensureDemo({ tenant: 'hanam' });
    if (demo.created && demo.password) p.demoLogin = { username: demo.username, password: demo.password };
    if (demo.created)
      p.log.warn(
        { tenant: 'hanam', username: demo.username, password: demo.password },
        'demo tenant created — admin login (shown once, change it)',
      );
  }
  try {
    await p.app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await p.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new Error(`port ${config.port} is in use: set DOSI_PORT to a free port`);
    throw err;
  }
  return p;
}
