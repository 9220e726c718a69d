// Turns the @context of a request (Link header URL, inline object or array) into a cached
// ActiveContext. Remote contexts are looked up in the bundled set and the ContextStore; they are
// downloaded only when fetchRemote is on (off by default: no network at run time).
import { createActiveContext, type ActiveContext } from './active-context.ts';
import { bundledDocument, coreContextState, isCoreContextUrl, jsonldContextsId } from './bundled.ts';
import { LdContextError } from './errors.ts';
import { isPlainObject } from './iri.ts';
import { fetchContextDocument } from './remote.ts';
import { createMemoryContextStore, type ContextStore } from './store.ts';
import { applyLocalContext, type ContextState } from './term-definitions.ts';

type LogFn = (obj: Record<string, unknown>, msg: string) => void;
/** The subset of a pino logger the resolver uses. */
export interface ContextLogger {
  debug: LogFn;
  warn: LogFn;
}

export interface ContextResolverOptions {
  store?: ContextStore;
  /** Download unknown remote contexts (default false: they give LdContextNotAvailable). */
  fetchRemote?: boolean;
  fetchTimeoutMs?: number;
  /** Largest remote context accepted, in bytes (default 1 MiB). */
  maxContextBytes?: number;
  /** Processed contexts kept in memory (default 1000, least recently used evicted). */
  cacheSize?: number;
  log?: ContextLogger;
}

export interface ContextResolver {
  /** `ctx` is the @context member or Link URL as found; undefined/null/[] means "none given". */
  resolve(ctx: unknown): Promise<ActiveContext>;
  /** The context of requests that carry none: the Core @context alone (NGSI-LD 1.8 §5.5.5). */
  readonly core: ActiveContext;
  /** Drops cached contexts built from `urlOrId` (a context URL or jsonldContexts id), or all. */
  invalidate(urlOrId?: string): void;
}

type Entry = string | Record<string, unknown>;
interface CacheEntry {
  readonly promise: Promise<ActiveContext>;
  readonly urls: Set<string>;
}

const MAX_DEPTH = 8;
const MAX_URLS = 32;

const bad = (message: string, url?: string): LdContextError =>
  new LdContextError('BadRequestData', message, url === undefined ? {} : { url });

export function createContextResolver(opts: ContextResolverOptions = {}): ContextResolver {
  const store = opts.store ?? createMemoryContextStore();
  const limits = { timeoutMs: opts.fetchTimeoutMs ?? 5000, maxBytes: opts.maxContextBytes ?? 1024 * 1024 };
  const cacheSize = opts.cacheSize ?? 1000;
  const cache = new Map<string, CacheEntry>();
  const coreState = coreContextState();
  const core = createActiveContext({ user: coreState, core: coreState, source: [] });

  async function loadDocument(url: string): Promise<unknown> {
    const bundled = bundledDocument(url);
    if (bundled !== undefined) return bundled;
    const stored = (await store.get(url)) ?? (await storedById(url));
    if (stored !== undefined) return stored.body;
    if (opts.fetchRemote !== true) {
      throw new LdContextError(
        'LdContextNotAvailable',
        `@context ${url} is not known and downloading remote contexts is disabled`,
        { url },
      );
    }
    opts.log?.debug({ url }, 'downloading remote @context');
    const doc = await fetchContextDocument(url, limits).catch((err: unknown) => {
      opts.log?.warn({ url, err }, 'remote @context download failed');
      throw err;
    });
    extractContext(doc, url); // validate before caching
    await store.put(url, doc, 'Cached');
    return doc;
  }

  async function storedById(url: string): Promise<{ body: unknown } | undefined> {
    const id = jsonldContextsId(url);
    return id === undefined ? undefined : store.get(id);
  }

  async function applyEntry(
    state: ContextState,
    entry: unknown,
    stack: readonly string[],
    urls: Set<string>,
  ): Promise<ContextState> {
    if (entry === null) return coreState; // JSON-LD: null resets; the Core @context stays in effect
    if (isPlainObject(entry)) return applyLocalContext(state, entry);
    if (typeof entry !== 'string') throw bad('an @context entry must be a URL string, an object or null');
    if (isCoreContextUrl(entry)) return state; // the Core @context is applied last anyway (§4.4)
    if (!URL.canParse(entry)) throw bad(`@context URL "${entry}" is not an absolute URL`, entry);
    if (stack.includes(entry)) throw bad(`@context ${entry} includes itself`, entry);
    if (stack.length >= MAX_DEPTH) throw bad(`@context nesting deeper than ${MAX_DEPTH} at ${entry}`, entry);
    urls.add(entry);
    if (urls.size > MAX_URLS) throw bad(`@context refers to more than ${MAX_URLS} URLs`, entry);
    const local = extractContext(await loadDocument(entry), entry);
    let next = state;
    for (const e of entriesOf(local)) next = await applyEntry(next, e, [...stack, entry], urls);
    return next;
  }

  async function build(entries: readonly Entry[], urls: Set<string>): Promise<ActiveContext> {
    let state = coreState; // core prefixes such as ngsi-ld: are usable inside user contexts
    for (const entry of entries) state = await applyEntry(state, entry, [], urls);
    warnOverrides(entries, state);
    return createActiveContext({ user: state, core: coreState, source: entries });
  }

  function warnOverrides(entries: readonly Entry[], state: ContextState): void {
    for (const [term, def] of state.terms) {
      const coreDef = coreState.terms.get(term);
      if (coreDef !== undefined && coreDef.iri !== def.iri) {
        opts.log?.debug(
          { term, entries },
          'user @context redefines a Core term; the Core definition applies',
        );
      }
    }
  }

  function remember(key: string, entry: CacheEntry): void {
    cache.set(key, entry);
    if (cache.size > cacheSize) {
      const oldest = cache.keys().next();
      if (oldest.done !== true) cache.delete(oldest.value);
    }
  }

  function resolve(ctx: unknown): Promise<ActiveContext> {
    let entries: Entry[];
    try {
      entries = topEntries(ctx);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    if (entries.length === 0) return Promise.resolve(core);
    const only = entries[0];
    const key = entries.length === 1 && typeof only === 'string' ? only : JSON.stringify(entries);
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key); // refresh its place: least recently used goes first
      cache.set(key, hit);
      return hit.promise;
    }
    const urls = new Set<string>();
    const promise = build(entries, urls);
    const entry = { promise, urls };
    remember(key, entry);
    // Failures are not cached: the context may be stored or reachable on the next request.
    promise.catch(() => {
      if (cache.get(key) === entry) cache.delete(key);
    });
    return promise;
  }

  function invalidate(urlOrId?: string): void {
    if (urlOrId === undefined) return cache.clear();
    for (const [key, entry] of cache) {
      if ([...entry.urls].some((u) => u === urlOrId || jsonldContextsId(u) === urlOrId)) cache.delete(key);
    }
  }

  return { resolve, core, invalidate };
}

/** Normalises the top-level @context value; Core @context URLs are dropped (they always apply). */
function topEntries(ctx: unknown): Entry[] {
  if (ctx === undefined || ctx === null) return [];
  const list = Array.isArray(ctx) ? (ctx as unknown[]) : [ctx];
  const entries: Entry[] = [];
  for (const e of list) {
    if (typeof e === 'string') {
      if (!isCoreContextUrl(e)) entries.push(e);
    } else if (isPlainObject(e)) entries.push(e);
    else throw bad('@context must be a URL string, an object, or an array of these');
  }
  return entries;
}

function entriesOf(local: unknown): unknown[] {
  return Array.isArray(local) ? (local as unknown[]) : [local];
}

/** The @context member of a remote document (JSON-LD 1.1 API §4.1.2 step 5.2.5). */
function extractContext(doc: unknown, url: string): unknown {
  if (!isPlainObject(doc) || !('@context' in doc)) {
    throw bad(`document at ${url} is not a JSON-LD context (no top-level @context member)`, url);
  }
  const ctx = doc['@context'];
  if (ctx === null || typeof ctx === 'string' || isPlainObject(ctx) || Array.isArray(ctx)) return ctx;
  throw bad(`@context of ${url} must be an object, an array, a string or null`, url);
}
