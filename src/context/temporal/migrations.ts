// Indexes for the temporal API (NGSI-LD 1.8 §6.18–6.22). The table itself is created by the
// context migrations; these cover type filters and the createdAt / modifiedAt time axes.
import type { Migration } from '../../storage/index.ts';

export const temporalMigrations: Migration[] = [
  {
    id: '0250_temporal_indexes',
    sql: `
CREATE INDEX temporal_types_idx ON temporal_instances USING gin (entity_types);
CREATE INDEX temporal_entity_attr_modified_idx ON temporal_instances (tenant, entity_id, attr, modified_at);
CREATE INDEX temporal_entity_attr_created_idx ON temporal_instances (tenant, entity_id, attr, created_at);
CREATE INDEX temporal_tenant_entity_idx ON temporal_instances (tenant, entity_id, instance_id);
`,
  },
];
