// Public face of the rules engine and of alarms and incidents.
export { createRulesModule, type RulesModule, type RulesModuleDeps } from './rules.module.ts';
export { rulesMigrations } from './store/migrations.ts';
export { rulesRoutes } from './http.ts';
export type {
  Rule,
  RuleInput,
  Condition,
  Severity,
  Category,
  Observation,
  RuleState,
  Effect,
} from './domain/types.ts';
export type { Alarm, Incident, AuditEntry, State as AlarmState } from './alarms/domain/lifecycle.ts';
export type { AlarmEvent, IncidentEvent } from './alarms/alarm-events.ts';
