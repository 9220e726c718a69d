// The ingestion use cases, independent of transport: a device message (already attributed to a
// device by its transport's authentication) is decoded against the device profile and either
// stored as a reading or kept as a dead letter with its reason. Both resolve only once durable.
import type { Device, DeviceProfile } from '../devices/types.ts';
import type { Clock, Logger } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { deadLetterRepository } from './dead-letters.ts';
import { decodeJsonReadings, MAX_PAYLOAD_BYTES } from './decode/json.ts';
import { decodeLoraReadings, parseChirpstackUplink, parseTtsUplink } from './decode/lorawan.ts';
import { msgIdOf, type Writer } from './writer.ts';
import { Rejection, type RawMessage, type RejectReason } from './types.ts';

export interface KnownDevice {
  device: Device;
  profile: DeviceProfile;
}

/** What ingestion needs of the device registry (hot path: cached lookups). */
export interface DeviceDirectory {
  resolve(tenant: string, deviceId: string): Promise<KnownDevice | undefined>;
  resolveByDevEui(tenant: string, devEui: string): Promise<KnownDevice | undefined>;
  authenticate(
    tenant: string,
    deviceId: string,
    secret: string,
  ): Promise<KnownDevice | 'unknown_device' | 'bad_credentials'>;
}

export type Outcome =
  | { ok: true; stored: boolean; values: number; entityId: string }
  | { ok: false; reason: RejectReason; detail: string };

export interface IngestMetrics {
  received(transport: string): void;
}

export interface IngestServiceDeps {
  db: Db;
  writer: Writer;
  devices: DeviceDirectory;
  clock: Clock;
  log: Logger;
  metrics?: IngestMetrics;
}

export function createIngestService(deps: IngestServiceDeps) {
  const now = () => deps.clock.now().toISOString();

  async function reject(raw: RawMessage, reason: RejectReason, detail: string): Promise<Outcome> {
    await deps.writer.submitDeadLetter({ raw, reason, detail });
    return { ok: false, reason, detail };
  }

  async function store(
    raw: RawMessage,
    known: KnownDevice,
    values: ReturnType<typeof decodeJsonReadings>,
    transport: RawMessage['transport'] | 'replay',
  ): Promise<Outcome> {
    const { device } = known;
    const stored = await deps.writer.submitReading({
      tenant: device.tenant,
      deviceId: device.id,
      entityId: device.entityId,
      entityType: device.entityType,
      values,
      receivedAt: raw.receivedAt,
      transport,
      msgId: raw.msgId ?? msgIdOf(device.tenant, device.id, raw.payload),
      dupBefore: raw.dupBefore ?? null,
      personal: known.profile.dataClass === 'personal',
    });
    return { ok: true, stored, values: values.length, entityId: device.entityId };
  }

  /** A JSON reading from a device whose identity the transport has verified. */
  async function accept(
    raw: RawMessage,
    known: KnownDevice,
    transport: RawMessage['transport'] | 'replay' = raw.transport,
  ): Promise<Outcome> {
    deps.metrics?.received(raw.transport);
    if (raw.payload.length > MAX_PAYLOAD_BYTES)
      return reject(raw, 'too_large', `payload of ${raw.payload.length} bytes exceeds ${MAX_PAYLOAD_BYTES}`);
    try {
      const values = decodeJsonReadings(known.profile, raw.payload, raw.receivedAt);
      return await store(raw, known, values, transport);
    } catch (err) {
      if (err instanceof Rejection) return reject(raw, err.reason, err.detail);
      throw err;
    }
  }

  /** A LoRaWAN network-server uplink webhook (ChirpStack v4 or The Things Stack v3). */
  async function lora(
    tenant: string,
    kind: 'chirpstack' | 'tts',
    body: Buffer,
    topic: string,
  ): Promise<Outcome> {
    deps.metrics?.received(kind);
    const raw: RawMessage = {
      tenant,
      deviceId: null,
      transport: kind,
      topic,
      payload: body,
      receivedAt: now(),
    };
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch (err) {
        throw new Rejection('not_json', (err as Error).message);
      }
      const up = kind === 'chirpstack' ? parseChirpstackUplink(parsed) : parseTtsUplink(parsed);
      const known = await deps.devices.resolveByDevEui(tenant, up.devEui);
      if (!known || known.device.disabled)
        throw new Rejection('unknown_device', `no device with DevEUI ${up.devEui} in tenant ${tenant}`);
      raw.deviceId = known.device.id;
      raw.msgId = up.msgId;
      raw.dupBefore = raw.receivedAt; // network servers retry webhooks: always check for an earlier copy
      const values = decodeLoraReadings(known.profile, up, raw.receivedAt);
      return await store(raw, known, values, kind);
    } catch (err) {
      if (err instanceof Rejection) return reject(raw, err.reason, err.detail);
      throw err;
    }
  }

  /** Runs a dead letter through ingestion again (after the profile or the device was fixed). */
  async function replay(tenant: string | null, id: string): Promise<Outcome | undefined> {
    const raw = await deadLetterRepository.raw(deps.db, tenant, id);
    if (!raw) return undefined;
    let out: Outcome;
    if (raw.transport === 'chirpstack' || raw.transport === 'tts') {
      out = raw.tenant
        ? await lora(raw.tenant, raw.transport, raw.payload, raw.topic)
        : { ok: false, reason: 'unknown_device', detail: 'no tenant' };
    } else {
      const known =
        raw.tenant && raw.deviceId ? await deps.devices.resolve(raw.tenant, raw.deviceId) : undefined;
      out =
        known && !known.device.disabled
          ? await accept({ ...raw, dupBefore: now() }, known, 'replay')
          : {
              ok: false,
              reason: 'unknown_device',
              detail: `no device ${raw.deviceId ?? '(none)'} in tenant ${raw.tenant ?? '(none)'}`,
            };
    }
    await deadLetterRepository.markReplayed(
      deps.db,
      id,
      now(),
      out.ok ? `stored ${out.values} values` : `${out.reason}: ${out.detail}`,
    );
    return out;
  }

  return { accept, reject, lora, replay, now };
}

export type IngestService = ReturnType<typeof createIngestService>;
