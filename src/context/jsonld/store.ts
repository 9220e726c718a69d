// Storage of user @contexts behind the jsonldContexts resource (NGSI-LD 1.8 §5.13): Hosted ones
// are given by clients (§5.13.2), Cached ones were downloaded, ImplicitlyCreated ones were minted
// by the broker for an inline @context (§5.13.1). The database-backed store implements the same port.

export const CONTEXT_KINDS = ['Hosted', 'Cached', 'ImplicitlyCreated'] as const;
export type ContextKind = (typeof CONTEXT_KINDS)[number];

export interface StoredContext {
  /** Local id for Hosted/ImplicitlyCreated contexts; the source URL for Cached ones. */
  readonly id: string;
  readonly kind: ContextKind;
  /** The JSON-LD document, i.e. an object with an `@context` member. */
  readonly body: unknown;
  readonly createdAt: string;
}

export interface ContextStore {
  put(id: string, body: unknown, kind: ContextKind): Promise<void>;
  get(id: string): Promise<StoredContext | undefined>;
  list(): Promise<StoredContext[]>;
  /** Resolves to false when there was nothing to delete. */
  delete(id: string): Promise<boolean>;
}

export interface MemoryContextStoreDeps {
  now?: () => Date;
}

export function createMemoryContextStore(deps: MemoryContextStoreDeps = {}): ContextStore {
  const now = deps.now ?? (() => new Date());
  const entries = new Map<string, StoredContext>();
  return {
    put(id, body, kind) {
      // A copy, so later changes to the caller's object cannot alter what was stored.
      entries.set(id, { id, kind, body: structuredClone(body), createdAt: now().toISOString() });
      return Promise.resolve();
    },
    get: (id) => Promise.resolve(entries.get(id)),
    list: () => Promise.resolve([...entries.values()]),
    delete: (id) => Promise.resolve(entries.delete(id)),
  };
}
