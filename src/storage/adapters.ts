// Concrete adapters: imported only by server.ts, the CLI and tests.
export { openEmbeddedDb, type EmbeddedOptions } from './embedded.ts';
export { openServerDb, dropServerSchema, type ServerDbOptions } from './postgres.ts';
