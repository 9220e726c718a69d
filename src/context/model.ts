// The stored (expanded) form of NGSI-LD entities. Attribute names, sub-attribute names and
// entity types are full IRIs here; they are compacted against the request's @context on output.
// NGSI-LD 1.8 §4.5 (attribute types), §4.5.5 (multi-attribute instances with datasetId).

export const ATTRIBUTE_TYPES = [
  'Property',
  'Relationship',
  'GeoProperty',
  'LanguageProperty',
  'VocabProperty',
  'ListProperty',
  'ListRelationship',
  'JsonProperty',
] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** Keys of an attribute instance that are NGSI-LD core members, not sub-attributes. */
export const INSTANCE_CORE_KEYS = new Set([
  'type',
  'value',
  'object',
  'objectType',
  'languageMap',
  'vocab',
  'valueList',
  'objectList',
  'json',
  'datasetId',
  'observedAt',
  'unitCode',
  'createdAt',
  'modifiedAt',
  'deletedAt',
  'instanceId',
  'previousValue',
  'lang',
]);

/**
 * One instance of an attribute. Core members keep their NGSI-LD names; every other key is a
 * sub-attribute (expanded IRI) whose value is a single StoredInstance.
 */
export interface StoredInstance {
  type: AttributeType;
  value?: unknown;
  object?: string | string[];
  objectType?: string;
  languageMap?: Record<string, string>;
  vocab?: string | string[];
  valueList?: unknown[];
  objectList?: unknown[];
  json?: unknown;
  datasetId?: string;
  observedAt?: string;
  unitCode?: string;
  createdAt?: string;
  modifiedAt?: string;
  [subAttribute: string]: unknown;
}

/** An entity as kept by the store: expanded types and attribute names, every attribute an array of instances. */
export interface StoredEntity {
  id: string;
  types: string[];
  scope?: string[];
  attrs: Record<string, StoredInstance[]>;
  createdAt: string;
  modifiedAt: string;
}
