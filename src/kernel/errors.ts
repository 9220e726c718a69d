// One registry of coded errors: DOSI_ERR_<AREA>_<WHAT>, an HTTP status and a message template.
// docs/ERRORS.md lists every code; a test keeps the two in sync.

/** ETSI GS CIM 009 §5.5.2 problem types, used on /ngsi-ld routes. */
export const NGSI_ERROR_TYPES = {
  InvalidRequest: 'https://uri.etsi.org/ngsi-ld/errors/InvalidRequest',
  BadRequestData: 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData',
  AlreadyExists: 'https://uri.etsi.org/ngsi-ld/errors/AlreadyExists',
  OperationNotSupported: 'https://uri.etsi.org/ngsi-ld/errors/OperationNotSupported',
  ResourceNotFound: 'https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound',
  InternalError: 'https://uri.etsi.org/ngsi-ld/errors/InternalError',
  TooComplexQuery: 'https://uri.etsi.org/ngsi-ld/errors/TooComplexQuery',
  TooManyResults: 'https://uri.etsi.org/ngsi-ld/errors/TooManyResults',
  LdContextNotAvailable: 'https://uri.etsi.org/ngsi-ld/errors/LdContextNotAvailable',
  NoMultiTenantSupport: 'https://uri.etsi.org/ngsi-ld/errors/NoMultiTenantSupport',
  NonexistentTenant: 'https://uri.etsi.org/ngsi-ld/errors/NonexistentTenant',
} as const;
export type NgsiErrorKind = keyof typeof NGSI_ERROR_TYPES;

export interface ErrorDefinition {
  readonly code: string;
  readonly status: number;
  readonly template: string;
  readonly ngsi: NgsiErrorKind;
}

const registry = new Map<string, ErrorDefinition>();

export function defineError(
  code: string,
  status: number,
  template: string,
  ngsi: NgsiErrorKind,
): ErrorDefinition {
  if (!/^DOSI_ERR_[A-Z0-9]+_[A-Z0-9_]+$/.test(code)) throw new Error(`bad error code ${code}`);
  if (registry.has(code)) throw new Error(`error code defined twice: ${code}`);
  const def = Object.freeze({ code, status, template, ngsi });
  registry.set(code, def);
  return def;
}

export function errorRegistry(): readonly ErrorDefinition[] {
  return [...registry.values()];
}

/** An expected failure with a code; the HTTP layer renders it as problem+json. */
export class DosiError extends Error {
  readonly def: ErrorDefinition;
  readonly params: Readonly<Record<string, unknown>>;
  constructor(def: ErrorDefinition, params: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(formatTemplate(def.template, params), options);
    this.name = 'DosiError';
    this.def = def;
    this.params = params;
  }
  get code(): string {
    return this.def.code;
  }
  get status(): number {
    return this.def.status;
  }
}

function formatTemplate(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    const v = params[key];
    return v === undefined ? `{${key}}` : typeof v === 'string' ? v : JSON.stringify(v);
  });
}

export function isDosiError(e: unknown): e is DosiError {
  return e instanceof DosiError;
}
