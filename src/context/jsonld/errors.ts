// Errors raised while resolving an @context. The kinds are the ETSI error types of
// NGSI-LD 1.8 §5.5.2 (Table 5.5.2-1); the HTTP layer maps them to ProblemDetails.

export const LD_CONTEXT_ERROR_KINDS = ['LdContextNotAvailable', 'InvalidRequest', 'BadRequestData'] as const;
export type LdContextErrorKind = (typeof LD_CONTEXT_ERROR_KINDS)[number];

export interface LdContextErrorOptions {
  /** The context URL the error concerns, when there is one. */
  url?: string;
  cause?: unknown;
}

export class LdContextError extends Error {
  override readonly name = 'LdContextError';
  readonly kind: LdContextErrorKind;
  readonly url: string | undefined;

  constructor(kind: LdContextErrorKind, message: string, options: LdContextErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.url = options.url;
  }

  /** The ETSI error type URI, e.g. https://uri.etsi.org/ngsi-ld/errors/LdContextNotAvailable. */
  get typeUri(): string {
    return `https://uri.etsi.org/ngsi-ld/errors/${this.kind}`;
  }
}

export const isLdContextError = (err: unknown): err is LdContextError => err instanceof LdContextError;
