// The parsed form of an NGSI-LD query (NGSI-LD 1.8 §4.9). Immutable discriminated unions.

/** A literal value in a query term. Dates, times and unquoted URIs are compared as strings. */
export type QValue =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: QStringKind; readonly value: string };

/** 'uri' is any other unquoted token (a URI per §4.9, or a bare word, accepted leniently). */
export type QStringKind = 'string' | 'dateTime' | 'date' | 'time' | 'uri';

/**
 * An attribute path: `attr`, `attr.sub.observedAt`, `attr[key.key2]`, `attr.sub[key]`.
 * `dotted` are the segments after the attribute name (sub-attributes, metadata, or — Orion-LD
 * style — keys into the compound value when no such sub-attribute exists); `keys` are the
 * bracketed keys into the compound value.
 */
export interface QAttrPath {
  readonly attr: string;
  readonly dotted: readonly string[];
  readonly keys: readonly string[];
}

export type QCompareOp = '==' | '!=' | '>' | '>=' | '<' | '<=';
export type QOrderOp = '>' | '>=' | '<' | '<=';

export type QExpr =
  | { readonly kind: 'and'; readonly items: readonly QExpr[] }
  | { readonly kind: 'or'; readonly items: readonly QExpr[] }
  /** `attr` (exists) or `!attr` (negated). */
  | { readonly kind: 'exists'; readonly path: QAttrPath; readonly negated: boolean }
  /** `attr==v`, `attr!=v`, `attr>v` … */
  | { readonly kind: 'compare'; readonly path: QAttrPath; readonly op: QCompareOp; readonly value: QValue }
  /** `attr==1..5` (negated: `attr!=1..5`). */
  | {
      readonly kind: 'range';
      readonly path: QAttrPath;
      readonly negated: boolean;
      readonly low: QValue;
      readonly high: QValue;
    }
  /** `attr==a,b,c` (negated: `attr!=a,b,c`). */
  | {
      readonly kind: 'list';
      readonly path: QAttrPath;
      readonly negated: boolean;
      readonly values: readonly QValue[];
    }
  /** `attr~=re` (negated: `attr!~=re`); `caseInsensitive` comes from a leading `(?i)`. */
  | {
      readonly kind: 'pattern';
      readonly path: QAttrPath;
      readonly negated: boolean;
      readonly pattern: string;
      readonly caseInsensitive: boolean;
    };

export type QTerm = Exclude<QExpr, { kind: 'and' } | { kind: 'or' }>;

/** Flattening constructor: nested ands merge, a single item stands alone. */
export function qAnd(items: readonly QExpr[]): QExpr {
  const flat = items.flatMap((i) => (i.kind === 'and' ? i.items : [i]));
  return flat.length === 1 ? flat[0]! : { kind: 'and', items: flat };
}

export function qOr(items: readonly QExpr[]): QExpr {
  const flat = items.flatMap((i) => (i.kind === 'or' ? i.items : [i]));
  return flat.length === 1 ? flat[0]! : { kind: 'or', items: flat };
}
