// The one configuration schema. Types, validation, defaults and docs/CONFIG.md all derive from it.
import Type, { type Static } from 'typebox';

const env = (name: string) => ({ 'x-env': name });

export const ConfigSchema = Type.Object({
  port: Type.Integer({
    minimum: 0,
    maximum: 65535,
    default: 8080,
    description: 'HTTP port of the API and console',
    ...env('DOSI_PORT'),
  }),
  host: Type.String({
    default: '0.0.0.0',
    description:
      'HTTP listen address (with DOSI_AUTH=none only loopback is accepted; the default then becomes 127.0.0.1)',
    ...env('DOSI_HOST'),
  }),
  publicUrl: Type.Optional(
    Type.String({
      description: 'Public base URL used in links (for example https://dosi.hanam.go.kr)',
      ...env('DOSI_PUBLIC_URL'),
    }),
  ),
  dataDir: Type.String({
    default: './data',
    description: 'Directory for the embedded database and local files',
    ...env('DOSI_DATA_DIR'),
  }),
  memory: Type.Boolean({
    default: false,
    description: 'Keep the embedded database in memory only (nothing written to disk)',
    ...env('DOSI_MEMORY'),
  }),
  databaseUrl: Type.Optional(
    Type.String({
      description: 'PostgreSQL connection URL; absent = embedded PostgreSQL (PGlite) under DOSI_DATA_DIR',
      secret: true,
      ...env('DOSI_DATABASE_URL'),
    }),
  ),
  databaseSchema: Type.Optional(
    Type.String({
      pattern: '^[a-z_][a-z0-9_]{0,62}$',
      description:
        'PostgreSQL schema dosi keeps its tables in (created if missing); absent = the default search_path',
      ...env('DOSI_DATABASE_SCHEMA'),
    }),
  ),
  databasePoolSize: Type.Integer({
    minimum: 1,
    maximum: 200,
    default: 10,
    description: 'Connections in the PostgreSQL pool (server mode)',
    ...env('DOSI_DATABASE_POOL_SIZE'),
  }),
  auth: Type.Union([Type.Literal('jwt'), Type.Literal('none')], {
    default: 'jwt',
    description: 'Authentication: jwt (default) or none (local conformance runs only, loopback only)',
    ...env('DOSI_AUTH'),
  }),
  jwtSecret: Type.Optional(
    Type.String({
      minLength: 32,
      description: 'HS256 signing secret (≥ 32 chars); absent = generated once and kept in the database',
      secret: true,
      ...env('DOSI_JWT_SECRET'),
    }),
  ),
  jwtIssuer: Type.String({
    default: 'urn:dosi',
    description: 'Issuer (iss) of the access tokens dosi signs',
    ...env('DOSI_JWT_ISSUER'),
  }),
  tokenTtlSeconds: Type.Integer({
    minimum: 60,
    maximum: 31_536_000,
    default: 3600,
    description: 'Lifetime of access tokens from /api/v1/auth/login',
    ...env('DOSI_TOKEN_TTL'),
  }),
  demo: Type.Boolean({
    default: true,
    description: 'Create the demo tenant hanam and an admin login on first start',
    ...env('DOSI_DEMO'),
  }),
  logLevel: Type.Union(
    [
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ],
    { default: 'info', description: 'Log level', ...env('DOSI_LOG_LEVEL') },
  ),
  bodyLimit: Type.Integer({
    minimum: 1024,
    maximum: 104_857_600,
    default: 1_048_576,
    description: 'Largest accepted request body in bytes',
    ...env('DOSI_BODY_LIMIT'),
  }),
  contextFetch: Type.Boolean({
    default: false,
    description:
      'Allow downloading unknown remote JSON-LD @context documents (off: they are refused with LdContextNotAvailable)',
    ...env('DOSI_CONTEXT_FETCH'),
  }),
  defaultLimit: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    default: 20,
    description: 'NGSI-LD default page size',
    ...env('DOSI_NGSI_DEFAULT_LIMIT'),
  }),
  maxLimit: Type.Integer({
    minimum: 1,
    maximum: 100_000,
    default: 1000,
    description: 'NGSI-LD largest page size',
    ...env('DOSI_NGSI_MAX_LIMIT'),
  }),
  mqttPort: Type.Integer({
    minimum: 0,
    maximum: 65535,
    default: 1883,
    description: 'Port of the embedded MQTT broker',
    ...env('DOSI_MQTT_PORT'),
  }),
  mqttUrl: Type.Optional(
    Type.String({
      description: 'External MQTT broker URL (mqtt://host:1883); absent = embedded broker',
      secret: true,
      ...env('DOSI_MQTT_URL'),
    }),
  ),
  mqttHost: Type.String({
    default: '0.0.0.0',
    description: 'Address the embedded MQTT broker listens on',
    ...env('DOSI_MQTT_HOST'),
  }),
  mqtt: Type.Boolean({
    default: true,
    description: 'Run MQTT ingestion (the embedded broker, or the link to DOSI_MQTT_URL)',
    ...env('DOSI_MQTT'),
  }),
  mqttServicePassword: Type.Optional(
    Type.String({
      description:
        "Password of dosi's own MQTT account `dosi-service` on the embedded broker (may subscribe to every topic); absent = random per start",
      secret: true,
      ...env('DOSI_MQTT_SERVICE_PASSWORD'),
    }),
  ),
  mqttClientId: Type.String({
    default: 'dosi-ingest',
    description:
      'Client id of the persistent session on the external broker; processes sharing a broker need distinct ids',
    ...env('DOSI_MQTT_CLIENT_ID'),
  }),
  role: Type.Union([Type.Literal('all'), Type.Literal('ingest'), Type.Literal('process')], {
    default: 'all',
    description:
      'all = one process does everything; ingest = devices in, readings out on the bus (no subscription or rule processing); process = processing from the bus (no device ingestion)',
    ...env('DOSI_ROLE'),
  }),
  ingestMaxBatch: Type.Integer({
    minimum: 1,
    maximum: 20_000,
    default: 2000,
    description: 'Largest number of messages committed in one ingestion transaction (group commit)',
    ...env('DOSI_INGEST_MAX_BATCH'),
  }),
  ingestMaxQueue: Type.Integer({
    minimum: 100,
    maximum: 1_000_000,
    default: 50_000,
    description: 'Messages waiting for the database before devices are slowed down (back-pressure)',
    ...env('DOSI_INGEST_MAX_QUEUE'),
  }),
  sim: Type.Boolean({
    default: true,
    description: 'With DOSI_DEMO: run the demo-city device simulator (simulated Hanam devices over MQTT)',
    ...env('DOSI_SIM'),
  }),
  simDevices: Type.Integer({
    minimum: 0,
    maximum: 100_000,
    default: 300,
    description: 'Number of simulated demo devices',
    ...env('DOSI_SIM_DEVICES'),
  }),
  mapTileUrl: Type.Optional(
    Type.String({
      description:
        'Raster tile URL template for the console map ({z}/{x}/{y}); absent = offline base map of dong boundaries only',
      ...env('DOSI_MAP_TILE_URL'),
    }),
  ),
  natsStream: Type.String({
    pattern: '^[A-Za-z0-9_-]{1,64}$',
    default: 'DOSI',
    description: 'JetStream stream of the event bus (NATS only)',
    ...env('DOSI_NATS_STREAM'),
  }),
  natsPrefix: Type.String({
    pattern: '^[a-z0-9_-]{1,32}$',
    default: 'dosi',
    description:
      'Subject root of the event bus on NATS (processes sharing a NATS server need distinct roots)',
    ...env('DOSI_NATS_PREFIX'),
  }),
  natsUrl: Type.Optional(
    Type.String({
      description: 'NATS JetStream URL for the event bus; absent = in-process bus',
      ...env('DOSI_NATS_URL'),
    }),
  ),
  notifyTimeoutMs: Type.Integer({
    minimum: 100,
    maximum: 120_000,
    default: 5000,
    description: 'Timeout of one subscription notification delivery',
    ...env('DOSI_NOTIFY_TIMEOUT_MS'),
  }),
  notifyMaxAttempts: Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 8,
    description: 'Delivery attempts (with exponential back-off) before a notification is parked as failed',
    ...env('DOSI_NOTIFY_MAX_ATTEMPTS'),
  }),
  rulesTickMs: Type.Integer({
    minimum: 100,
    maximum: 600_000,
    default: 5000,
    description:
      'Timer of the rules engine on processing nodes: how often durations, inactivity windows and alarm escalation are checked',
    ...env('DOSI_RULES_TICK_MS'),
  }),
  alarmEscalateMin: Type.Integer({
    minimum: 1,
    maximum: 1440,
    default: 15,
    description:
      'Minutes an alarm may stay unacknowledged before each escalation step, for rules that do not set escalateAfterMin',
    ...env('DOSI_ALARM_ESCALATE_MIN'),
  }),
  notifyBackoffMs: Type.Integer({
    minimum: 1,
    maximum: 300_000,
    default: 1000,
    description:
      'First retry delay of a failed notification; doubled on each further failure, capped at 5 minutes',
    ...env('DOSI_NOTIFY_BACKOFF_MS'),
  }),
  // Integrated operations centre: cameras and notifications to agencies
  cameraWallHalfLifeMin: Type.Number({
    exclusiveMinimum: 0,
    maximum: 1440,
    default: 10,
    description:
      'Half-life, in minutes, of a detection in the camera wall ranking (GET /api/v1/cameras/wall)',
    ...env('DOSI_CAMERA_WALL_HALF_LIFE_MIN'),
  }),
  smtpUrl: Type.Optional(
    Type.String({
      description:
        'SMTP server for e-mail hand-over to agencies that have an address, e.g. smtp://user:pass@mail.example.kr:587; absent = no e-mail is sent',
      secret: true,
      ...env('DOSI_SMTP_URL'),
    }),
  ),
  capSender: Type.String({
    default: 'dosi@dosi.local',
    description: 'CAP 1.2 <sender> of public alerts (§3.2.1: unique identifier of the originator)',
    ...env('DOSI_CAP_SENDER'),
  }),
});

export type Config = Readonly<Static<typeof ConfigSchema>>;
