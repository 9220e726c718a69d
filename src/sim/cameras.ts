// The demo city's cameras and a scripted scene, through the real paths: cameras are created as
// Camera entities, edge analytics post detections to the HTTP webhook with an API key, and two demo
// rules turn a fire detection and a crowd count into alarms. Every 10 minutes the scene plays again:
// background people and vehicles, then smoke and fire at 덕풍시장, then a crowd at 미사역.
import type { Logger } from '../kernel/index.ts';

export interface DemoCamera {
  id: string;
  name: string;
  location: [number, number];
  direction: number;
  fieldOfView: number;
  range: number;
}

export const DEMO_CAMERAS: readonly DemoCamera[] = [
  {
    id: 'cctv-deokpung-market',
    name: '덕풍시장 입구',
    location: [127.2107, 37.5418],
    direction: 90,
    fieldOfView: 90,
    range: 150,
  },
  {
    id: 'cctv-deokpung-dome',
    name: '덕풍시장 돔',
    location: [127.2121, 37.5421],
    direction: 0,
    fieldOfView: 360,
    range: 120,
  },
  {
    id: 'cctv-deokpung-stn',
    name: '덕풍역 사거리',
    location: [127.2148, 37.5402],
    direction: 300,
    fieldOfView: 70,
    range: 250,
  },
  {
    id: 'cctv-cityhall',
    name: '하남시청 앞',
    location: [127.2149, 37.5393],
    direction: 0,
    fieldOfView: 90,
    range: 200,
  },
  {
    id: 'cctv-misa-stn',
    name: '미사역 광장',
    location: [127.1934, 37.5631],
    direction: 180,
    fieldOfView: 100,
    range: 200,
  },
  {
    id: 'cctv-misa-dome',
    name: '미사역 돔',
    location: [127.1941, 37.5625],
    direction: 0,
    fieldOfView: 360,
    range: 150,
  },
  {
    id: 'cctv-starfield',
    name: '스타필드 하남 주차장',
    location: [127.224, 37.5455],
    direction: 45,
    fieldOfView: 90,
    range: 300,
  },
  {
    id: 'cctv-geomdan',
    name: '하남검단산역',
    location: [127.2233, 37.5397],
    direction: 270,
    fieldOfView: 60,
    range: 250,
  },
];

export const DEMO_RULES = [
  {
    name: '[데모] CCTV 화재 감지 / fire seen by a camera',
    severity: 'critical',
    category: 'fire',
    target: { entityType: 'Camera' },
    condition: { type: 'threshold', attr: 'fireConfidence', op: '>=', value: 0.8, hysteresis: 0.3 },
  },
  {
    name: '[데모] 군중 밀집 / crowd of 30 or more',
    severity: 'major',
    category: 'security',
    target: { entityType: 'Camera' },
    condition: { type: 'threshold', attr: 'crowdCount', op: '>=', value: 30, hysteresis: 10 },
  },
] as const;

export interface CameraScenePort {
  createCamera(c: DemoCamera): Promise<void>;
  ruleNames(): Promise<string[]>;
  createRule(body: unknown): Promise<void>;
  /** POSTs one detection to the webhook; resolves with the HTTP status. */
  postDetection(cameraId: string, body: Record<string, unknown>): Promise<number>;
  /** Called by stop(), e.g. to revoke the scene's API key. */
  dispose?(): Promise<void>;
}

interface Step {
  afterMs: number;
  camera: string;
  body: (now: Date) => Record<string, unknown>;
}

const det =
  (type: string, confidence: number, extra: Record<string, unknown> = {}) =>
  (now: Date) => ({
    type,
    confidence,
    observedAt: now.toISOString(),
    ...extra,
  });

/** One play of the scene, ~45 s; the times are from its start. */
export const SCENE: readonly Step[] = [
  { afterMs: 2_000, camera: 'cctv-cityhall', body: det('person', 0.71, { count: 4 }) },
  { afterMs: 5_000, camera: 'cctv-starfield', body: det('vehicle', 0.88, { count: 12 }) },
  { afterMs: 10_000, camera: 'cctv-deokpung-market', body: det('smoke', 0.64) },
  { afterMs: 15_000, camera: 'cctv-deokpung-market', body: det('smoke', 0.83) },
  {
    afterMs: 20_000,
    camera: 'cctv-deokpung-market',
    body: det('fire', 0.91, { bbox: [0.42, 0.3, 0.12, 0.2] }),
  },
  { afterMs: 22_000, camera: 'cctv-deokpung-dome', body: det('fire', 0.87) },
  { afterMs: 30_000, camera: 'cctv-misa-stn', body: det('crowd', 0.79, { count: 18 }) },
  { afterMs: 38_000, camera: 'cctv-misa-stn', body: det('crowd', 0.86, { count: 42 }) },
  { afterMs: 45_000, camera: 'cctv-geomdan', body: det('loitering', 0.66) },
];

export const SCENE_EVERY_MS = 600_000;

export interface CameraScene {
  stop(): Promise<void>;
}

/** Creates what is missing, then plays the scene now and every 10 minutes. */
export async function startCameraScene(port: CameraScenePort, log: Logger): Promise<CameraScene> {
  for (const c of DEMO_CAMERAS) {
    await port.createCamera(c).catch((err: unknown) => {
      if ((err as { status?: number }).status !== 409) throw err;
    });
  }
  const names = new Set(await port.ruleNames());
  for (const r of DEMO_RULES) if (!names.has(r.name)) await port.createRule(r);
  const timers = new Set<NodeJS.Timeout>();
  const play = () => {
    for (const s of SCENE) {
      const t = setTimeout(() => {
        timers.delete(t);
        port.postDetection(s.camera, s.body(new Date())).then(
          (status) => {
            if (status !== 201) log.warn({ camera: s.camera, status }, 'demo detection refused');
          },
          (err: unknown) => log.warn({ err, camera: s.camera }, 'demo detection not posted'),
        );
      }, s.afterMs);
      timers.add(t);
    }
  };
  play();
  const every = setInterval(play, SCENE_EVERY_MS);
  log.info({ cameras: DEMO_CAMERAS.length }, 'demo cameras scene playing (fire at 덕풍시장 within a minute)');
  return {
    async stop() {
      clearInterval(every);
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await port.dispose?.();
    },
  };
}
