// An experiment, not a fix: preloaded into dosi (`--dosi-node-options="--import tsx --import
// bench/lib/what-if-yield.ts"`), it makes every embedded (PGlite) transaction wait one event-loop turn
// (setImmediate) before its BEGIN runs. PGlite answers through promises only, so without a turn a
// whole transaction runs inside one microtask checkpoint: no socket is read meanwhile, and the group
// commit only ever holds the messages of the one connection whose data arrived first. With the turn,
// every connection's pending messages join the next transaction. It shows what yielding in the
// writer's loop (src/ingest/writer.ts) would gain, before that change is made.
import { PGlite } from '@electric-sql/pglite';

const proto = PGlite.prototype as unknown as {
  execProtocolStream: (message: Uint8Array, ...rest: unknown[]) => Promise<unknown>;
};
const original = proto.execProtocolStream;
const BEGIN = Buffer.from('BEGIN');

proto.execProtocolStream = async function (this: unknown, message: Uint8Array, ...rest: unknown[]) {
  // node-postgres sends BEGIN as a simple Query message: 'Q', length, "BEGIN\0"
  if (message[0] === 0x51 && Buffer.from(message).indexOf(BEGIN) === 5)
    await new Promise((r) => setImmediate(r));
  return original.call(this, message, ...rest);
};
