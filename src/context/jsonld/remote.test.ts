import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { LdContextError } from './errors.ts';
import { createContextResolver } from './resolver.ts';
import { createMemoryContextStore } from './store.ts';

const BUILDING = 'https://smartdatamodels.org/dataModel.Building/Building';
const kindIs = (kind: string) => (e: unknown) => e instanceof LdContextError && e.kind === kind;

const routes: Record<string, (res: ServerResponse) => void> = {
  '/ctx.jsonld': (res) => {
    res.writeHead(200, { 'content-type': 'application/ld+json' });
    res.end(JSON.stringify({ '@context': { Building: BUILDING } }));
  },
  '/html': (res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html></html>');
  },
  '/broken.json': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"@context": ');
  },
  '/big.json': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no content-length
    res.end(JSON.stringify({ '@context': { x: 'https://e.org/' + 'x'.repeat(4096) } }));
  },
  '/declared.json': (res) => {
    const body = JSON.stringify({ '@context': { x: 'https://e.org/' + 'x'.repeat(4096) } });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  },
  '/silent': () => {
    // never answers
  },
};

describe('remote @context download (fetchRemote on)', () => {
  let server: Server;
  let base = '';
  const hits: string[] = [];

  before(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      hits.push(req.url ?? '');
      const route = routes[req.url ?? ''];
      if (route === undefined) {
        res.writeHead(404).end();
        return;
      }
      route(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('downloads once, then serves from the store as a Cached context', async () => {
    const store = createMemoryContextStore();
    const url = `${base}/ctx.jsonld`;
    const first = createContextResolver({ store, fetchRemote: true });
    assert.equal((await first.resolve(url)).expandTerm('Building'), BUILDING);
    const stored = await store.get(url);
    assert.equal(stored?.kind, 'Cached');
    assert.deepEqual(stored?.body, { '@context': { Building: BUILDING } });
    // A second resolver (fresh cache) finds it in the store: no second request.
    const before = hits.filter((h) => h === '/ctx.jsonld').length;
    assert.equal(
      (await createContextResolver({ store, fetchRemote: true }).resolve(url)).expandTerm('Building'),
      BUILDING,
    );
    assert.equal(hits.filter((h) => h === '/ctx.jsonld').length, before);
  });

  it('gives LdContextNotAvailable when the server never answers, within the timeout', async () => {
    const resolver = createContextResolver({ fetchRemote: true, fetchTimeoutMs: 150 });
    const started = Date.now();
    await assert.rejects(resolver.resolve(`${base}/silent`), (e: unknown) => {
      assert.ok(e instanceof LdContextError);
      assert.equal(e.kind, 'LdContextNotAvailable');
      assert.match(e.message, /within 150 ms/);
      return true;
    });
    assert.ok(Date.now() - started < 2000);
  });

  it('rejects HTTP errors, non-JSON media types and oversized documents', async () => {
    const resolver = createContextResolver({ fetchRemote: true, maxContextBytes: 1024 });
    await assert.rejects(resolver.resolve(`${base}/missing`), kindIs('LdContextNotAvailable'));
    await assert.rejects(resolver.resolve(`${base}/html`), kindIs('LdContextNotAvailable'));
    await assert.rejects(
      resolver.resolve(`${base}/big.json`),
      (e: unknown) => kindIs('LdContextNotAvailable')(e) && /exceeds/.test((e as Error).message),
    );
    await assert.rejects(
      resolver.resolve(`${base}/declared.json`),
      (e: unknown) => kindIs('LdContextNotAvailable')(e) && /more than the 1024/.test((e as Error).message),
    );
  });

  it('rejects a document that is not valid JSON with InvalidRequest and does not store it', async () => {
    const store = createMemoryContextStore();
    await assert.rejects(
      createContextResolver({ store, fetchRemote: true }).resolve(`${base}/broken.json`),
      kindIs('InvalidRequest'),
    );
    assert.equal(await store.get(`${base}/broken.json`), undefined);
  });

  it('gives LdContextNotAvailable for a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(
      createContextResolver({ fetchRemote: true }).resolve(`http://127.0.0.1:${port}/c`),
      kindIs('LdContextNotAvailable'),
    );
  });
});
