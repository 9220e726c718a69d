// What the ingestion benchmark asks of a running dosi over HTTP (DOSI_AUTH=none): provisioning
// devices, reading /metrics, and reading an entity back.
import { BENCH_TYPE } from './copy-rate.ts';
import type { FleetDevice } from './fleet.ts';

const TENANT = 'hanam';
const headers = { 'content-type': 'application/json', 'ngsild-tenant': TENANT };

async function post(url: string, body: unknown): Promise<unknown> {
  const r = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await r.text();
  if (r.status !== 201 && r.status !== 409) throw new Error(`POST ${url}: ${r.status} ${text}`);
  return JSON.parse(text) as unknown;
}

/** The profile of the benchmark devices: one integer attribute, `seq` (one stored row per message). */
export const BENCH_PROFILE = {
  id: 'bench-meter',
  name: 'ingestion benchmark meter',
  entityType: BENCH_TYPE,
  reportingIntervalSec: 60,
  attributes: [{ key: 'seq', attr: 'seq', type: 'integer', min: 0 }],
};

export interface ProvisionedDevice extends FleetDevice {
  entityId: string;
}

/** Creates the profile and `n` devices bench-0000… through the device API (8 requests at a time). */
export async function provisionDevices(base: string, n: number): Promise<ProvisionedDevice[]> {
  await post(`${base}/api/v1/device-profiles`, BENCH_PROFILE);
  const out = new Array<ProvisionedDevice>(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const id = `bench-${String(i).padStart(4, '0')}`;
      const d = (await post(`${base}/api/v1/devices`, { id, profileId: BENCH_PROFILE.id })) as {
        secret: string;
        device: { entityId: string };
      };
      out[i] = {
        id,
        username: `${id}@${TENANT}`,
        password: d.secret,
        topic: `dosi/${TENANT}/${id}/attrs`,
        entityId: d.device.entityId,
      };
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}

export type MetricValues = Map<string, number>;

/** Un-labelled samples of the Prometheus text (labelled ones keep their label set in the name). */
export async function scrapeMetrics(base: string): Promise<MetricValues> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const sp = line.lastIndexOf(' ');
    m.set(line.slice(0, sp), Number(line.slice(sp + 1)));
  }
  return m;
}

/** The value of attribute seq of an entity, or undefined. */
export async function entitySeq(base: string, entityId: string): Promise<number | undefined> {
  const r = await fetch(`${base}/ngsi-ld/v1/entities/${encodeURIComponent(entityId)}`, {
    headers: { 'ngsild-tenant': TENANT, accept: 'application/json' },
  });
  if (!r.ok) return undefined;
  const e = (await r.json()) as { seq?: { value?: unknown } };
  return typeof e.seq?.value === 'number' ? e.seq.value : undefined;
}
