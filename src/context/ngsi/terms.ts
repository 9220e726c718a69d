// What the NGSI-LD layer needs from an active JSON-LD context.
export interface TermMapper {
  expandTerm(term: string): string;
  compactIri(iri: string): string;
}

/** NGSI-LD 1.8 §4.6.2: names of GeoProperties defined by the core context. */
export const CORE_GEO_PROPERTIES = ['location', 'observationSpace', 'operationSpace'];
export const NGSI_LD_NS = 'https://uri.etsi.org/ngsi-ld/';
