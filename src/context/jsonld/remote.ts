// Download of a remote @context, used only when the resolver is configured with fetchRemote.
// Guards: http(s) only, a time limit covering the whole exchange, JSON media types only, a size cap.
import { LdContextError } from './errors.ts';

export interface FetchLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

const JSON_MEDIA = /^application\/(?:ld\+json|json|[\w.+-]+\+json)\s*(?:;|$)/i;

const unavailable = (url: string, why: string, cause?: unknown): LdContextError =>
  new LdContextError('LdContextNotAvailable', `@context ${url} could not be retrieved: ${why}`, {
    url,
    cause,
  });

export async function fetchContextDocument(url: string, limits: FetchLimits): Promise<unknown> {
  const protocol = new URL(url).protocol;
  if (protocol !== 'http:' && protocol !== 'https:')
    throw unavailable(url, `scheme ${protocol} is not fetched`);
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    const res = await fetch(url, {
      signal,
      headers: { accept: 'application/ld+json, application/json;q=0.9' },
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw unavailable(url, `HTTP status ${res.status}`);
    }
    const type = res.headers.get('content-type') ?? '';
    if (!JSON_MEDIA.test(type)) {
      await res.body?.cancel();
      throw unavailable(url, `content type "${type}" is not JSON`);
    }
    const text = await readLimited(res, url, limits.maxBytes);
    return parseJson(text, url);
  } catch (err) {
    if (err instanceof LdContextError) throw err;
    if (signal.aborted) throw unavailable(url, `no complete answer within ${limits.timeoutMs} ms`, err);
    throw unavailable(url, err instanceof Error ? err.message : String(err), err);
  }
}

async function readLimited(res: Response, url: string, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw unavailable(url, `document is ${declared} bytes, more than the ${maxBytes} allowed`);
  }
  if (res.body === null) return '';
  // Response.body is typed ReadableStream<any>; fetch yields bytes.
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw unavailable(url, `document exceeds the ${maxBytes} bytes allowed`);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function parseJson(text: string, url: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new LdContextError('InvalidRequest', `@context ${url} is not valid JSON`, { url, cause: err });
  }
}
