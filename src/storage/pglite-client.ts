// One node-postgres Client speaking to an in-process PGlite through PGlite's protocol bridge
// (createPgConfig). node-postgres keeps doing all value serialisation and result parsing, so rows
// have exactly the shapes the server adapter returns.
//
// PGlite is a single database session: every bridge "connection" drives the same backend. That is
// why the embedded adapter owns exactly one Client for the life of the database instead of a
// pg.Pool: a pool destroys a client after any failed query and connects a new one, and with the
// bridge the old client's shutdown ("end") then lands on the new one ("Connection terminated
// unexpectedly") and its pending replies are read by the next query (desynchronised results).
import type { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';

interface BindMessage {
  values?: unknown[];
  valueMapper?: (value: unknown, index: number) => unknown;
  [field: string]: unknown;
}

/** A connected Client with its own bridge connection to `pglite`. */
export async function connectPglite(pglite: PGlite): Promise<pg.Client> {
  const config = createPgConfig(pglite);
  const conn = config.connection;
  const bind = conn.bind.bind(conn);
  // PGlite's bundled protocol serialiser writes Bind into a shared buffer and, unlike pg-protocol,
  // does not clear it when the value mapper throws (e.g. a value whose toPostgres/JSON fails). The
  // half-written message would be prepended to the next one ("invalid message format") and every
  // later query would fail. Mapping the values before the serialiser runs keeps it clean: a throw
  // happens before anything is written, and node-postgres recovers with Close + Sync.
  conn.bind = (msg: BindMessage): void => {
    const { valueMapper, ...rest } = msg;
    const values = valueMapper && msg.values ? msg.values.map((v, i) => valueMapper(v, i)) : msg.values;
    bind({ ...rest, values });
  };
  const client = new pg.Client(config);
  await client.connect();
  return client;
}
