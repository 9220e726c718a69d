// Public face of the smart-waste service: the composition root wires it, the API mounts its routes.
export { createWasteService, type WasteService, type WasteServiceDeps } from './waste.service.ts';
export { wasteRoutes } from './http.ts';
export { wasteMigrations } from './store/migrations.ts';
export type { AlarmsPort, ContextPort, DevicesPort, RouteSolverPort, RulesPort } from './ports.ts';
export type { Planning, PlanRequest } from './planning.ts';
export { DEFAULT_FLEET, type CollectionPlan, type Fleet } from './domain/plan.ts';
export { FILL_SENSOR_PROFILE } from './domain/profile.ts';
export { DEFAULT_THRESHOLD, RULE_KEYS } from './domain/rules.ts';
