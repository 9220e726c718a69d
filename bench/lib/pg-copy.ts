// COPY … FROM STDIN on a node-postgres Client without pg-copy-streams: a "submittable" (the
// extension point node-postgres offers for custom protocol flows) that sends one buffer as
// CopyData once the server answers CopyInResponse, then CopyDone, and resolves on ReadyForQuery.
import type pg from 'pg';

/** The part of node-postgres' Connection a COPY needs. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

class CopyIn {
  callback?: (err: Error | null, rows?: number) => void;
  private rows = 0;
  private error: Error | undefined;

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
  ) {}

  submit(connection: CopyConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    // One CopyData message per 256 KiB: the protocol allows any split, servers prefer modest ones.
    for (let at = 0; at < this.data.length; at += 262_144)
      connection.sendCopyFromChunk(this.data.subarray(at, at + 262_144));
    connection.endCopyFrom();
  }

  handleCommandComplete(msg: { text?: string }): void {
    const n = /(\d+)$/.exec(msg.text ?? '');
    this.rows = n ? Number(n[1]) : 0;
  }

  handleError(err: Error): void {
    // node-postgres drops the active query on ErrorResponse; ReadyForQuery will not reach us.
    this.error = err;
    this.callback?.(err);
  }

  handleReadyForQuery(): void {
    if (!this.error) this.callback?.(null, this.rows);
  }

  // Not used by COPY FROM, but node-postgres may call them on any active query.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** Runs `COPY … FROM STDIN` (text format) with `data` as the whole input; resolves to the row count. */
export function copyFromStdin(client: pg.Client, text: string, data: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const q = new CopyIn(text, data);
    q.callback = (err, rows) => (err ? reject(err) : resolve(rows ?? 0));
    // The submittable protocol is untyped in @types/pg; the object implements it.
    (client as unknown as { query(q: CopyIn): void }).query(q);
  });
}
