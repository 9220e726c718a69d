// Tables of the context broker. Plain PostgreSQL (no extension) so PGlite and the server agree;
// geometry is prefiltered by a GiST-indexed bounding box and decided exactly in code (src/context/geo).
import type { Migration } from '../../storage/index.ts';

export const contextMigrations: Migration[] = [
  {
    id: '0200_context_entities',
    sql: `
CREATE TABLE entities (
  tenant text NOT NULL,
  id text COLLATE "C" NOT NULL,
  types text[] NOT NULL,
  scope text[],
  attrs jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL,
  modified_at timestamptz NOT NULL,
  -- bounding box of the location attribute (built-in box type, GiST-indexed: no extension needed)
  loc box,
  -- true when location is one Point: its coordinates are then read from loc without touching attrs
  loc_point boolean NOT NULL DEFAULT false,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX entities_types_idx ON entities USING gin (types);
CREATE INDEX entities_loc_idx ON entities USING gist (loc);
CREATE INDEX entities_modified_idx ON entities (tenant, modified_at);

CREATE TABLE temporal_instances (
  instance_id bigserial PRIMARY KEY,
  tenant text NOT NULL,
  entity_id text NOT NULL,
  entity_types text[] NOT NULL,
  attr text NOT NULL,
  dataset_id text,
  observed_at timestamptz,
  created_at timestamptz NOT NULL,
  modified_at timestamptz NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  instance jsonb NOT NULL
);
CREATE INDEX temporal_entity_attr_idx ON temporal_instances (tenant, entity_id, attr, observed_at);
CREATE INDEX temporal_modified_idx ON temporal_instances (tenant, entity_id, modified_at);

CREATE TABLE jsonld_contexts (
  id text PRIMARY KEY,
  body jsonb NOT NULL,
  kind text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
`,
  },
];
