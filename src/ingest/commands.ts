// Commands to devices: dosi publishes {"id","name","params"} on dosi/{tenant}/{deviceId}/cmd and the
// device answers on …/cmdexe with {"id","status":"ok"|"error","result"}. Every command is kept with
// its state (sent → ok | error; expired when no answer comes in time).
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { DosiError, E, type Clock, type Logger } from '../kernel/index.ts';
import { assertCan } from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import type { Migration } from '../storage/index.ts';
import { deviceTopic } from './mqtt/topics.ts';
import { principalOf } from '../api/request-context.ts';

export const commandMigrations: Migration[] = [
  {
    id: '0510_device_commands',
    sql: `
CREATE TABLE device_commands (
  id text PRIMARY KEY,
  tenant text NOT NULL,
  device_id text NOT NULL,
  name text NOT NULL,
  params jsonb,
  status text NOT NULL,
  result jsonb,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX device_commands_device_idx ON device_commands (tenant, device_id, created_at DESC);
`,
  },
];

export interface DeviceCommand {
  id: string;
  deviceId: string;
  name: string;
  params: unknown;
  status: 'sent' | 'ok' | 'error';
  result: unknown;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  device_id: string;
  name: string;
  params: unknown;
  status: DeviceCommand['status'];
  result: unknown;
  created_at: Date | string;
  updated_at: Date | string;
}

const fromRow = (r: Row): DeviceCommand => ({
  id: r.id,
  deviceId: r.device_id,
  name: r.name,
  params: r.params,
  status: r.status,
  result: r.result,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

export function createCommandService(deps: {
  db: Db;
  clock: Clock;
  log: Logger;
  publish: (topic: string, payload: Buffer) => Promise<void>;
  deviceExists: (tenant: string, deviceId: string) => Promise<boolean>;
}) {
  const now = () => deps.clock.now().toISOString();
  return {
    async send(tenant: string, deviceId: string, name: string, params: unknown): Promise<DeviceCommand> {
      if (!(await deps.deviceExists(tenant, deviceId)))
        throw new DosiError(E.DEVICE_NOT_FOUND, { id: deviceId, tenant });
      const id = randomUUID();
      const at = now();
      const r = await deps.db.query<Row>(
        `INSERT INTO device_commands (id, tenant, device_id, name, params, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, 'sent', $6, $6) RETURNING *`,
        [id, tenant, deviceId, name, JSON.stringify(params ?? null), at],
      );
      await deps.publish(
        deviceTopic(tenant, deviceId, 'cmd'),
        Buffer.from(JSON.stringify({ id, name, params: params ?? null })),
      );
      return fromRow(r.rows[0]!);
    },
    /** A device's answer (cmdexe). Malformed answers are logged and ignored: the command stays 'sent'. */
    async result(tenant: string, deviceId: string, payload: Buffer): Promise<void> {
      let body: { id?: unknown; status?: unknown; result?: unknown };
      try {
        body = JSON.parse(payload.toString('utf8')) as typeof body;
      } catch {
        deps.log.warn({ tenant, deviceId }, 'command result is not JSON');
        return;
      }
      if (typeof body.id !== 'string' || (body.status !== 'ok' && body.status !== 'error')) {
        deps.log.warn({ tenant, deviceId }, 'command result needs {"id", "status": "ok"|"error"}');
        return;
      }
      await deps.db.query(
        `UPDATE device_commands SET status = $4, result = $5::jsonb, updated_at = $6
         WHERE id = $1 AND tenant = $2 AND device_id = $3`,
        [body.id, tenant, deviceId, body.status, JSON.stringify(body.result ?? null), now()],
      );
    },
    async list(tenant: string, deviceId: string, limit = 50): Promise<DeviceCommand[]> {
      const r = await deps.db.query<Row>(
        'SELECT * FROM device_commands WHERE tenant = $1 AND device_id = $2 ORDER BY created_at DESC LIMIT $3',
        [tenant, deviceId, limit],
      );
      return r.rows.map(fromRow);
    },
  };
}

export type CommandService = ReturnType<typeof createCommandService>;

const CommandSchema = Type.Object({
  id: Type.String(),
  deviceId: Type.String(),
  name: Type.String(),
  params: Type.Unknown(),
  status: Type.String(),
  result: Type.Unknown(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export function commandRoutes(deps: { commands: CommandService }): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/devices/:id/commands',
      {
        schema: {
          tags: ['devices'],
          summary: '장치 명령 전송 / Send a command to a device (MQTT …/cmd)',
          params: Type.Object({ id: Type.String() }),
          body: Type.Object({
            name: Type.String({ minLength: 1, maxLength: 100 }),
            params: Type.Optional(Type.Unknown()),
          }),
          response: { 202: CommandSchema },
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        assertCan(p, 'device:manage');
        const c = await deps.commands.send(p.tenant, req.params.id, req.body.name, req.body.params);
        return reply.code(202).send(c);
      },
    );
    app.get(
      '/devices/:id/commands',
      {
        schema: {
          tags: ['devices'],
          summary: '장치 명령 이력 / Commands sent to a device, newest first',
          params: Type.Object({ id: Type.String() }),
          response: { 200: Type.Array(CommandSchema) },
        },
      },
      async (req) => {
        const p = principalOf(req);
        assertCan(p, 'context:read');
        return deps.commands.list(p.tenant, req.params.id);
      },
    );
  };
}
