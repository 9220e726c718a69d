// GeoJSON representation of entities (NGSI-LD 1.8 §4.5.16): a Feature per entity.
import type { StoredEntity } from '../../context/index.ts';
import type { RenderOptions } from '../../context/ngsi/render.ts';
import type { ActiveContext } from '../../context/jsonld/index.ts';

export function toGeoJson(
  entities: StoredEntity[],
  rendered: Record<string, unknown>[],
  ctx: ActiveContext,
  geoProp: string,
  render: RenderOptions,
): Record<string, unknown>[] {
  const iri = ctx.expandTerm(geoProp);
  return entities.map((e, i) => {
    const props = { ...rendered[i] };
    delete props.id;
    const inst = e.attrs[iri]?.find((x) => x.type === 'GeoProperty');
    return {
      id: e.id,
      type: 'Feature',
      geometry: inst?.value ?? null,
      properties: render.format === 'keyValues' ? props : props,
    };
  });
}
