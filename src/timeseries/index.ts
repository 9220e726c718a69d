// Public face of the time-series store: partitioned readings, retention, rollups, their jobs and routes.
export { timeseriesMigrations, NUM_OF_INSTANCE_SQL, TEMPORAL_INDEXES } from './migrations.ts';
export { ensurePartitions, listPartitions, type PartitionReport } from './partitions.ts';
export { monthOf, parseMonth, type Month } from './months.ts';
export {
  applyRetention,
  RETENTION_BATCH,
  type RetentionCount,
  type RetentionOptions,
  type RetentionReport,
} from './retention.ts';
export {
  DATA_CLASSES,
  DEFAULT_RETENTION_DAYS,
  ROLLUP_RETENTION_DAYS,
  getRetention,
  setRetention,
  validateRetention,
  type DataClass,
  type RetentionPolicy,
} from './retention-policy.ts';
export {
  rollupOnce,
  MAX_ROWS_PER_RUN,
  SAFETY_LAG_MS,
  type RollupOptions,
  type RollupReport,
} from './rollup.ts';
export { readSeries, expandAttr, type Resolution, type SeriesPoint, type SeriesQuery } from './series.ts';
export {
  createTimeseriesJobs,
  type JobsRunReport,
  type TimeseriesJobs,
  type TimeseriesJobsDeps,
} from './jobs.ts';
export { timeseriesRoutes } from './routes.ts';
