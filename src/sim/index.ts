// The demo city simulator: Hanam-si's dongs, simulated device kinds, the city plan, provisioning, and
// the MQTT simulator (`dosi sim` and the server's demo mode).
export {
  hanamDongs,
  pointInPolygon,
  randomPointIn,
  areaKm2,
  type Dong,
  type AreaGeometry,
} from './boundaries.ts';
export {
  KINDS,
  kindOf,
  payloadOf,
  initialState,
  wasteGrowth,
  type KindName,
  type ProfileInput,
  type SimKind,
  type SimPayload,
} from './kinds.ts';
export { demoCityPlan, type DemoCityPlan, type PlannedDevice, type PlanOptions } from './plan.ts';
export {
  provisionDemoCity,
  httpRegistry,
  type ProvisioningPort,
  type NewDeviceInput,
  type ProvisionResult,
} from './provision.ts';
export {
  createSimulator,
  attrsTopic,
  type Simulator,
  type SimulatorOptions,
  type SimDevice,
  type SimStats,
} from './simulator.ts';
export { startDemoCity, type DemoCityOptions } from './demo-city.ts';
export { registerSimCommand, type SimCommandDeps } from './cli.ts';
export { createRng, type Rng } from './rng.ts';
export {
  startCameraScene,
  DEMO_CAMERAS,
  DEMO_RULES,
  SCENE,
  type CameraScene,
  type CameraScenePort,
  type DemoCamera,
} from './cameras.ts';
export { startDemoTrucks, type DemoTrucks, type TrucksPort, type TruckPlan } from './trucks.ts';
