// The alarm suites' bench on top of the console rig (console-browser.ts): a bin device profile and a
// threshold rule on it, bins with their MQTT secrets, and readings published over MQTT.
import mqtt from 'mqtt';
import { chromiumMissing, startConsoleRig, type ConsoleRig } from './console-browser.ts';

export { CHROMIUM } from './console-browser.ts';
export const missingChromium = chromiumMissing;

export const PROFILE = {
  id: 'console-bin-v1',
  name: '음식물 수거함 / food waste bin',
  entityType: 'WasteContainer',
  reportingIntervalSec: 600,
  attributes: [{ key: 'fill', attr: 'fillingLevel', type: 'number', unitCode: 'P1', min: 0, max: 100 }],
};

export interface ConsoleBench extends Omit<ConsoleRig, 'call'> {
  call(path: string, body?: unknown, tenant?: string): Promise<Record<string, any>>;
  newBin(id: string, location: [number, number]): Promise<{ id: string; secret: string; entityId: string }>;
  publish(bin: { id: string; secret: string }, fill: number): Promise<void>;
}

export async function startConsoleBench(): Promise<ConsoleBench> {
  const rig = await startConsoleRig();
  const call = (path: string, body?: unknown, tenant?: string) =>
    rig.call(path, body, tenant ? { tenant } : {});
  try {
    await call('/api/v1/device-profiles', PROFILE);
    await call('/api/v1/rules', {
      name: '수거함 넘침 / bin overflow',
      severity: 'major',
      category: 'waste',
      subCategory: 'overflow',
      target: { entityType: 'WasteContainer' },
      condition: { type: 'threshold', attr: 'fillingLevel', op: '>=', value: 90 },
    });
  } catch (err) {
    await rig.close();
    throw err;
  }
  return {
    ...rig,
    call,
    /** A bin with its MQTT secret. */
    async newBin(id, location) {
      const r = await call('/api/v1/devices', { id, profileId: PROFILE.id, location });
      return { id, secret: r.secret as string, entityId: r.device.entityId as string };
    },
    async publish(bin, fill) {
      const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${rig.dosi.mqttPort}`, {
        username: `${bin.id}@hanam`,
        password: bin.secret,
        reconnectPeriod: 0,
      });
      await c.publishAsync(`dosi/hanam/${bin.id}/attrs`, JSON.stringify({ fill }), { qos: 1 });
      await c.endAsync();
    },
  };
}
