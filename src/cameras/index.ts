// Public face of the cameras module.
export {
  createCamerasService,
  type CamerasService,
  type CamerasDeps,
  type SeenBy,
} from './cameras.service.ts';
export { camerasMigrations } from './store/migrations.ts';
export { cameraRoutes } from './http.ts';
export type { Camera } from './camera-entity.ts';
export { CAMERA_TYPE } from './camera-entity.ts';
export { DETECTION_TYPES, type DetectionType } from './domain/ranking.ts';
export { checkDetection, type Detection } from './domain/detection.ts';
