// Tables of the cameras module: the kept detections (the wall ranks them; history of the camera
// entity's attributes is in the temporal store as for every entity).
import type { Migration } from '../../storage/index.ts';

export const camerasMigrations: readonly Migration[] = [
  {
    id: '0850_cameras_detections',
    sql: `
CREATE TABLE camera_detections (
  id bigserial PRIMARY KEY,
  tenant text NOT NULL,
  camera_id text NOT NULL,
  type text NOT NULL,
  confidence double precision NOT NULL,
  observed_at timestamptz NOT NULL,
  detail jsonb NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE INDEX camera_detections_recent_idx ON camera_detections (tenant, observed_at DESC);
CREATE INDEX camera_detections_camera_idx ON camera_detections (tenant, camera_id, observed_at DESC);
`,
  },
];
