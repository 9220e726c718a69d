// Public face of the temporal API module (NGSI-LD 1.8 §5.6.11–5.6.16, §5.7.3–5.7.4).
export { createTemporalService, type TemporalService, type TemporalQueryResult } from './temporal.service.ts';
export { temporalMigrations } from './migrations.ts';
export {
  parseTemporalQuery,
  type TemporalQuery,
  type TemporalQueryInput,
  type TemporalFormat,
} from './temporal-query.ts';
export { renderTemporal, type TemporalRenderOptions } from './temporal-render.ts';
export type { TemporalResult } from './temporal-model.ts';
