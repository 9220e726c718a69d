// The one error type of the geo module. The HTTP layer maps it to an NGSI-LD BadRequestData
// problem (ETSI GS CIM 009 §5.5.2) and can name the offending parameter from `param`.

/** Which input was wrong: one of the §4.10 query parameters, or a GeoProperty value (§4.7). */
export type GeoParam = 'georel' | 'geometry' | 'coordinates' | 'geoproperty' | 'value';

export class GeoQueryError extends Error {
  readonly param: GeoParam;
  constructor(param: GeoParam, message: string) {
    super(message);
    this.name = 'GeoQueryError';
    this.param = param;
  }
}
