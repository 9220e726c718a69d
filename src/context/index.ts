// Public face of the context broker module.
export type { StoredEntity, StoredInstance, AttributeType } from './model.ts';
export {
  createContextService,
  type ContextService,
  type EntityChange,
  type ChangeListener,
  type UpdateOutcome,
} from './context.service.ts';
export { contextMigrations } from './store/migrations.ts';
export type { TermMapper } from './ngsi/terms.ts';
