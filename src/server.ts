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
import { createDeviceService, createHeartbeatMonitor, devicesMigrations } from './devices/index.ts';
import { createBus, subjects, type Bus } from './bus/index.ts';
import { commandMigrations, createCommandService, type CommandService } from './ingest/commands.ts';
import { createIngestion, ingestMigrations, type Ingestion } from './ingest/index.ts';
import { busChangeFeed, publishChanges } from './processing/change-feed.ts';
import {
  startCameraScene,
  startDemoCity,
  startDemoTrucks,
  wasteGrowth,
  type DemoTrucks,
  type CameraScene,
  type Simulator,
} from './sim/index.ts';
import { DosiError, E, systemClock, type Clock } from './kernel/index.ts';
import { openEmbeddedDb, openServerDb } from './storage/adapters.ts';
import { migrate, type Db, type Migration } from './storage/index.ts';
import { createTimeseriesJobs, timeseriesMigrations } from './timeseries/index.ts';
import { createRulesModule, rulesMigrations, type RulesModule } from './rules/index.ts';
import { detourDistance, solveInWorker, solveVrp } from './vrp/index.ts';
import { createWasteService, wasteMigrations, type WasteService } from './services/waste/index.ts';
import { camerasMigrations, createCamerasService, type CamerasService } from './cameras/index.ts';
import { createNotifyModule, notifyMigrations, type NotifyModule } from './notify/index.ts';

export const allMigrations: readonly Migration[] = [
  ...identityMigrations,
  ...contextMigrations,
  ...temporalMigrations,
  ...subscriptionMigrations,
  ...devicesMigrations,
  ...timeseriesMigrations,
  ...ingestMigrations,
  ...commandMigrations,
  ...rulesMigrations,
  ...wasteMigrations,
  ...camerasMigrations,
  ...notifyMigrations,
];

export interface Platform {
  config: Config;
  db: Db;
  app: FastifyInstance;
  log: PinoLogger;
  clock: Clock;
  identity: ReturnType<typeof createIdentityService>;
  context: ReturnType<typeof createContextService>;
  subscriptions: ReturnType<typeof createSubscriptionService>;
  devices: ReturnType<typeof createDeviceService>;
  bus: Bus;
  /** Device ingestion (absent when DOSI_ROLE=process). */
  ingestion?: Ingestion;
  commands?: CommandService;
  /** Rules engine, alarms and incidents (its processor runs on processing nodes). */
  rules: RulesModule;
  /** City services (their bus consumers run on processing nodes). */
  waste: WasteService;
  /** Cameras of the operations centre (Camera entities, detections, wall). */
  cameras: CamerasService;
  /** Agency hand-over, CAP feed and the console's WebSocket stream. */
  notify: NotifyModule;
  /** The demo-city simulator, when running. */
  sim?: Simulator;
  /** The demo cameras scene (detections over the HTTP webhook), when running. */
  cameraScene?: CameraScene;
  /** The demo collection trucks following the waste plan, when running. */
  trucks?: DemoTrucks;
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
  /** An already-open bus (tests). */
  bus?: Bus;
}

export async function openDatabase(config: Config): Promise<Db> {
  if (config.databaseUrl)
    return openServerDb({
      url: config.databaseUrl,
      poolSize: config.databasePoolSize,
      ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
    });
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
  const bus =
    opts.bus ??
    (await createBus({ natsUrl: config.natsUrl, log, stream: config.natsStream, prefix: config.natsPrefix }));
  const ingestRole = config.role !== 'process';
  const processRole = config.role !== 'ingest';

  // Every entity change goes on the bus, in order; processing (subscriptions) hears it from there.
  let published: Promise<void> = Promise.resolve();
  const stopPublishing = context.onChange((c) => {
    published = published
      .then(() => publishChanges(bus, [c]))
      .catch((err: unknown) => log.error({ err }, 'entity change not published on the bus'));
  });
  const feed = busChangeFeed(bus, log);
  const subscriptions = createSubscriptionService({
    db,
    clock,
    log,
    contexts,
    context: feed,
    config,
    metrics,
  });
  const devices = createDeviceService({ db, clock, log, context, terms: contexts.core });

  let ingestion: Ingestion | undefined;
  let commands: CommandService | undefined;
  if (ingestRole) {
    let cmds: CommandService | undefined;
    ingestion = createIngestion({
      config,
      db,
      log,
      clock,
      bus,
      terms: contexts.core,
      devices,
      metrics,
      onCommandResult: (tenant, deviceId, payload) =>
        cmds?.result(tenant, deviceId, payload) ?? Promise.resolve(),
    });
    const ing = ingestion;
    commands = cmds = createCommandService({
      db,
      clock,
      log,
      publish: (topic, payload) => ing.publish(topic, payload),
      deviceExists: async (tenant, id) => (await devices.resolve(tenant, id)) !== undefined,
    });
  }
  const heartbeat = ingestRole
    ? createHeartbeatMonitor({
        db,
        clock,
        log,
        intervalMs: 30_000,
        onChange: (e) => {
          bus
            .publish(subjects.device(e.tenant, e.state), e, `d:${e.tenant}:${e.deviceId}:${e.state}:${e.at}`)
            .catch((err: unknown) => log.error({ err }, 'device state not published on the bus'));
        },
      })
    : undefined;

  // Rules and alarms: routes everywhere; the bus processor and its timer on processing nodes.
  const rules = createRulesModule({
    db,
    clock,
    log,
    bus,
    terms: contexts.core,
    devices,
    context,
    tickMs: config.rulesTickMs,
    escalateAfterMin: config.alarmEscalateMin,
  });

  // City services: they reach the core only through these ports.
  const waste = createWasteService({
    db,
    clock,
    log,
    bus,
    devices,
    context: {
      setAttrs: async (tenant, id, attrs) => {
        await context.appendAttrs(tenant, id, attrs, contexts.core, false);
      },
    },
    rules: { list: (t) => rules.rules.list(t), create: (t, body, by) => rules.rules.create(t, body, by) },
    alarms: { list: (t, f) => rules.alarms.list(t, f) },
    // The route solver runs in a worker thread: the server keeps answering while a plan is made.
    solver: {
      solve: async (p) =>
        solveInWorker(
          { capacity: p.capacity, demands: p.demands, points: p.points },
          {
            distance: { kind: 'detour', factor: p.detourFactor },
            maxVehicles: p.maxVehicles,
            timeLimitMs: p.timeLimitMs,
            seed: p.seed,
          },
        ),
    },
    simSolver: {
      solve: async (p) =>
        solveVrp(
          {
            capacity: p.capacity,
            demands: p.demands,
            points: p.points,
            distance: detourDistance(p.detourFactor),
          },
          { maxVehicles: p.maxVehicles, timeLimitMs: p.timeLimitMs, seed: p.seed },
        ),
    },
    // Only the demo city's bins (`bin-0001`, `sim-bin-0001`) have a known true fill.
    truth: {
      growthOf: (tenant, deviceId) =>
        /(^|-)bin-\d{4}$/.test(deviceId) ? wasteGrowth(tenant, deviceId) : undefined,
    },
  });
  // Integrated operations centre: cameras (entities through the context service).
  const cameras = createCamerasService({
    db,
    clock,
    log,
    context,
    terms: contexts.core,
    alarmEntity: async (tenant, id) => (await rules.alarms.get(tenant, id)).entityId,
    wallHalfLifeMin: config.cameraWallHalfLifeMin,
  });
  const notify = createNotifyModule({
    db,
    clock,
    log,
    bus,
    config,
    compact: (iri) => contexts.core.compactIri(iri),
    scene: async (tenant, alarmId) => {
      const alarm = await rules.alarms.get(tenant, alarmId);
      const point = await cameras.locate(tenant, alarm.entityId);
      if (!point) return { location: null, cameras: [] };
      const seen = await cameras.visible(tenant, point, 5);
      return { location: { type: 'Point', coordinates: point }, cameras: seen };
    },
    alarmCategories: async (tenant, ids) => {
      const alarms = await Promise.all(ids.map((id) => rules.alarms.get(tenant, id)));
      return [...new Set(alarms.map((a) => a.category))];
    },
    incident: async (tenant, id) => {
      const inc = await rules.incidents.get(tenant, id);
      const first = inc.alarmIds[0] ? await rules.alarms.get(tenant, inc.alarmIds[0]) : undefined;
      const point = first ? await cameras.locate(tenant, first.entityId) : undefined;
      return { ...inc, category: first?.category, location: point ?? null };
    },
  });

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
    devices,
    ...(ingestion ? { ingestion: ingestion.ingest } : {}),
    ...(commands ? { commands } : {}),
    rules,
    waste,
    cameras,
    notify,
    isShuttingDown: () => shuttingDown,
  });
  // Partitions, rollups and retention: on processing nodes (several may run; the jobs take locks).
  // Embedded: rollups every 2 s in windows of 4,000 rows, so none holds the single-threaded engine
  // (and with it every acknowledgement) for long; the server takes larger windows in its own process.
  const timeseries = processRole
    ? createTimeseriesJobs({
        db,
        clock,
        log,
        ...(config.databaseUrl ? {} : { intervalMs: 2000, rollupMaxRows: 4000 }),
      })
    : undefined;
  if (processRole) {
    await feed.start();
    subscriptions.start();
    timeseries?.start();
    await rules.processor.start();
    await waste.start();
    await notify.startProcessing();
  }
  await notify.startStream();
  const platform: Platform = {
    config,
    db,
    app,
    log,
    clock,
    identity,
    context,
    subscriptions,
    devices,
    bus,
    ...(ingestion ? { ingestion } : {}),
    ...(commands ? { commands } : {}),
    rules,
    waste,
    cameras,
    notify,
    async close() {
      shuttingDown = true;
      platform.trucks?.stop();
      await platform.sim?.stop();
      await platform.cameraScene?.stop();
      await app.close();
      await heartbeat?.stop();
      await ingestion?.stop(); // devices stop first; what was acknowledged is committed
      await published;
      stopPublishing();
      await feed.stop();
      await rules.processor.stop();
      await waste.stop();
      await notify.stop();
      await subscriptions.stop(); // in-flight notifications finish before the database closes
      await timeseries?.stop();
      if (!opts.bus) await bus.close();
      if (!opts.db) await db.close();
    },
  };
  try {
    await ingestion?.start();
  } catch (err) {
    await platform.close();
    throw err;
  }
  heartbeat?.start();
  return platform;
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
  if (config.demo && config.sim && config.simDevices > 0 && p.ingestion?.mqttPort) {
    // In the background: the server answers while the demo city provisions and connects.
    const devices = p.devices;
    startDemoCity({
      registry: {
        createProfile: ({ tenant, ...prof }) => devices.createProfile(tenant, prof),
        createDevice: (tenant, d) => devices.createDevice(tenant, d),
        rotateSecret: (tenant, id) => devices.rotateSecret(tenant, id),
      },
      mqttUrl: `mqtt://127.0.0.1:${p.ingestion.mqttPort}`,
      log: p.log,
      devices: config.simDevices,
      collection: 'reports',
    }).then(
      (sim) => {
        p.sim = sim;
        startWasteTrucks(p, sim);
        p.log.info(
          { devices: config.simDevices },
          'demo city simulator running (simulated Hanam devices over MQTT)',
        );
      },
      (err: unknown) => p.log.error({ err }, 'demo city simulator failed to start'),
    );
  }
  if (config.demo && config.sim) startDemoCameras(p);
  return p;
}

/** The demo depot and fleet of Hanam (unless set already), and trucks that follow the plan. */
function startWasteTrucks(p: Platform, sim: Simulator): void {
  const tenant = 'hanam';
  const plans = p.waste.planning;
  void (async () => {
    const fleet = await plans.fleet(tenant);
    if (!fleet.depot)
      await plans.setFleet(
        tenant,
        { ...fleet, depot: { name: '하남시 수거 차고지 (데모) · Demo depot', location: [127.2262, 37.549] } },
        'system:demo',
      );
    const notFound = (err: unknown) => err instanceof DosiError && err.code === E.WASTE_PLAN_NOT_FOUND.code;
    p.trucks = startDemoTrucks(
      {
        current: async () => {
          try {
            return await plans.current(tenant);
          } catch (err) {
            if (notFound(err)) return null;
            throw err;
          }
        },
        plan: () => plans.create(tenant, 'system:demo', { shiftStart: p.clock.now().toISOString() }),
        reportEmptied: async (binId, at) =>
          void (await p.waste.emptied(tenant, binId, 'system:demo-truck', at.toISOString())),
        emptyDevice: (deviceId, at) => void sim.empty(deviceId, at),
        now: () => p.clock.now(),
      },
      p.log,
    );
  })().catch((err: unknown) => p.log.error({ err }, 'demo trucks failed to start'));
}

/** Demo cameras, two demo rules and a scripted scene posted to the detection webhook with an API key. */
function startDemoCameras(p: Platform): void {
  const tenant = 'hanam';
  const addr = p.app.server.address();
  if (!addr || typeof addr === 'string') return;
  const base = `http://127.0.0.1:${addr.port}`;
  void (async () => {
    const { key, apiKey } = await p.identity.createApiKey({
      tenant,
      name: 'demo edge analytics (cameras scene)',
      roles: ['operator'],
    });
    p.cameraScene = await startCameraScene(
      {
        createCamera: async (c) => void (await p.cameras.create(tenant, c)),
        ruleNames: async () => (await p.rules.rules.enabled(tenant)).map((r) => r.name),
        createRule: async (body) => void (await p.rules.rules.create(tenant, body, 'system:demo')),
        postDetection: async (id, body) => {
          const r = await fetch(`${base}/api/v1/cameras/${encodeURIComponent(id)}/detections`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': key },
            body: JSON.stringify(body),
          });
          await r.body?.cancel();
          return r.status;
        },
        dispose: () => p.identity.revokeApiKey(apiKey.id, tenant),
      },
      p.log,
    );
  })().catch((err: unknown) => p.log.error({ err }, 'demo cameras scene failed to start'));
}
