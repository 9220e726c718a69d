// The map's style: offline by default (a plain background, dong boundaries from the server, entities
// as circles: no tiles, no glyphs), with raster tiles underneath when DOSI_MAP_TILE_URL is set.
import type { StyleSpecification } from 'maplibre-gl';

export const ALARM_COLOUR = '#e03131';
export const OFFLINE_COLOUR = '#868e96';
const PALETTE = ['#1c7ed6', '#2f9e44', '#f08c00', '#7048e8', '#0c8599', '#f783ac', '#5c940d', '#74c0fc'];

export function typeColour(type: string, types: string[]): string {
  const i = Math.max(0, types.indexOf(type));
  return PALETTE[i % PALETTE.length] ?? '#1c7ed6';
}

export function baseStyle(tileUrl: string | null): StyleSpecification {
  return {
    version: 8,
    sources: tileUrl ? { tiles: { type: 'raster', tiles: [tileUrl], tileSize: 256 } } : {},
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#0f1720' } },
      ...(tileUrl ? [{ id: 'tiles', type: 'raster' as const, source: 'tiles' }] : []),
    ],
  };
}
