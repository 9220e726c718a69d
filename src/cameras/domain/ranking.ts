// Selective monitoring: cameras ranked by their recent detections, each weighted by its type and
// decayed exponentially with age (half-life), so the camera wall shows where something happens. Pure.

export const DETECTION_TYPES = ['person', 'vehicle', 'fire', 'smoke', 'fall', 'loitering', 'crowd'] as const;
export type DetectionType = (typeof DETECTION_TYPES)[number];

/** Life-safety first: fire, smoke and a fallen person outrank ordinary traffic. */
export const DEFAULT_WEIGHTS: Readonly<Record<DetectionType, number>> = {
  fire: 10,
  smoke: 8,
  fall: 8,
  crowd: 4,
  loitering: 3,
  vehicle: 1,
  person: 1,
};

export interface ScoredEvent {
  cameraId: string;
  type: DetectionType;
  confidence: number;
  /** ISO 8601 */
  observedAt: string;
}

export interface RankOptions {
  now: Date;
  halfLifeMs: number;
  weights?: Readonly<Record<DetectionType, number>>;
  limit?: number;
}

export interface RankedCamera {
  cameraId: string;
  score: number;
  events: number;
  lastAt: string;
  top: DetectionType;
}

/** weight × confidence × 2^(−age / halfLife); events from the future count as age 0. */
export function eventScore(e: ScoredEvent, o: RankOptions): number {
  const w = (o.weights ?? DEFAULT_WEIGHTS)[e.type];
  const age = Math.max(0, o.now.getTime() - Date.parse(e.observedAt));
  return w * e.confidence * Math.pow(2, -age / o.halfLifeMs);
}

export function rankCameras(events: readonly ScoredEvent[], o: RankOptions): RankedCamera[] {
  const by = new Map<string, RankedCamera & { best: number }>();
  for (const e of events) {
    const s = eventScore(e, o);
    const c = by.get(e.cameraId);
    if (!c) {
      by.set(e.cameraId, {
        cameraId: e.cameraId,
        score: s,
        events: 1,
        lastAt: e.observedAt,
        top: e.type,
        best: s,
      });
      continue;
    }
    c.score += s;
    c.events += 1;
    if (Date.parse(e.observedAt) > Date.parse(c.lastAt)) c.lastAt = e.observedAt;
    if (s > c.best) {
      c.best = s;
      c.top = e.type;
    }
  }
  const out = [...by.values()]
    .filter((c) => c.score > 0)
    .map(({ best: _best, ...c }) => c)
    .sort((a, b) => b.score - a.score || (a.cameraId < b.cameraId ? -1 : 1));
  return o.limit === undefined ? out : out.slice(0, o.limit);
}
