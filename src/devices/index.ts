// Public face of the device registry: profiles, devices, credentials, liveness, mosquitto export.
export {
  createDeviceService,
  markSeen,
  type DeviceService,
  type DeviceServiceDeps,
  type DeviceContextPort,
  type ResolvedDevice,
  type DeviceListOptions,
  type CsvImportResult,
  type ImportProgress,
} from './device.service.ts';
export { createHeartbeatMonitor, type HeartbeatMonitor, type HeartbeatMonitorDeps } from './heartbeat.ts';
export { devicesMigrations } from './migrations.ts';
export { deviceErrors } from './errors.ts';
export { validateProfile, type DeviceProfileInput, type ValidProfile } from './profile.ts';
export { newDeviceSecret, hashDeviceSecret, verifyDeviceSecret } from './secrets.ts';
export { mosquittoPasswordFile, mosquittoAclFile, deviceTopics } from './mosquitto.ts';
export { defaultEntityId, type NewDevice, type DevicePatch } from './device-input.ts';
export type { SeenTransition } from './repository.ts';
export * from './types.ts';
