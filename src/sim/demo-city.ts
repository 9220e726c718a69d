// One call for the server's demo mode: plan the city, provision it through the device registry, and
// start publishing over MQTT (usually to the embedded broker).
import type { Logger } from '../kernel/index.ts';
import { demoCityPlan } from './plan.ts';
import { provisionDemoCity, type ProvisioningPort } from './provision.ts';
import { createSimulator, type Simulator } from './simulator.ts';

export interface DemoCityOptions {
  registry: ProvisioningPort;
  /** e.g. `mqtt://127.0.0.1:${config.mqttPort}` */
  mqttUrl: string;
  log: Logger;
  /** Default 'hanam'. */
  tenant?: string;
  /** Default 300 (config.simDevices). */
  devices?: number;
  /** Default 'dosi-demo-city': the same city on every start. */
  seed?: string;
  speed?: number;
  /** Who empties the bins (see SimulatorOptions.collection). */
  collection?: 'fixed' | 'reports';
}

/** Resolves once every device has connected (or failed a first time); stop() the result on shutdown. */
export async function startDemoCity(o: DemoCityOptions): Promise<Simulator> {
  const plan = demoCityPlan({
    tenant: o.tenant ?? 'hanam',
    devices: o.devices ?? 300,
    seed: o.seed ?? 'dosi-demo-city',
  });
  const prov = await provisionDemoCity(o.registry, plan);
  o.log.info(
    {
      tenant: plan.tenant,
      devices: prov.devices.length,
      created: prov.devicesCreated,
      reused: prov.devicesReused,
    },
    'demo city provisioned',
  );
  const sim = createSimulator({
    mqttUrl: o.mqttUrl,
    devices: prov.devices,
    log: o.log,
    ...(o.speed !== undefined ? { speed: o.speed } : {}),
    ...(o.collection ? { collection: o.collection } : {}),
  });
  await sim.start();
  return sim;
}
