// Public face of notifications: agency hand-over webhooks, CAP 1.2 feed, WebSocket stream.
export { createNotifyModule, type NotifyModule, type NotifyModuleDeps } from './notify.module.ts';
export { notifyMigrations } from './store/migrations.ts';
export { notifyRoutes, capRoutes, type NotifyRouteDeps } from './http.ts';
export { sign, verify, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.ts';
export type { Scene } from './handover.ts';
export type { IncidentFacts } from './notify.service.ts';
export { capStructureErrors } from './domain/cap-structure.ts';
