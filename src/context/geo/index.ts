// Public face of the geo module: NGSI-LD geo-queries (ETSI GS CIM 009 v1.8 §4.10) and GeoJSON
// GeoProperty values (§4.7). Pure: no database, HTTP or MQTT.
export { GeoQueryError, type GeoParam } from './errors.ts';
export {
  GEOMETRY_TYPES,
  isGeometryType,
  validateCoordinates,
  validateGeometry,
  type Geometry,
  type GeometryCollection,
  type GeometryType,
  type LineString,
  type MultiLineString,
  type MultiPoint,
  type MultiPolygon,
  type Point,
  type Polygon,
  type Position,
  type SimpleGeometry,
} from './geometry.ts';
export {
  DEFAULT_GEOPROPERTY,
  GEORELS,
  formatGeoQuery,
  parseCoordinatesValue,
  parseGeoQuery,
  parseGeometryType,
  parseGeorel,
  parseOptionalGeoQuery,
  type GeoQuery,
  type GeoQueryInput,
  type GeoRel,
  type NearQuery,
  type RelationQuery,
} from './georel.ts';
export {
  EARTH_RADIUS_M,
  distanceMeters,
  distanceToGeometry,
  haversineMeters,
  segmentDistanceMeters,
} from './distance.ts';
export {
  bboxContains,
  bboxesIntersect,
  capBbox,
  geometryBbox,
  queryBbox,
  toRect,
  type BBox,
  type BBoxRect,
} from './bbox.ts';
export { matchGeoQuery } from './predicates.ts';
export { geometriesEqual } from './equals.ts';
export { covers, intersects, overlaps } from './relate.ts';
export { toParts, type Parts } from './parts.ts';
