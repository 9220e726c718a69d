export { ConfigSchema, type Config } from './schema.ts';
export { loadConfig, redactConfig, configDoc, type LoadOptions } from './load.ts';
