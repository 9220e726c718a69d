// The demo city plan: which devices Hanam-si gets, of which kind, where, and under which name.
// Deterministic: the same options give the same plan, so a restarted demo finds its devices again.
import {
  areaKm2,
  hanamDongs,
  pointInPolygon,
  randomPointIn,
  type Dong,
  type Position,
} from './boundaries.ts';
import { KINDS, type KindName, type ProfileInput, type SimKind } from './kinds.ts';
import { createRng, type Rng } from './rng.ts';

export interface PlanOptions {
  tenant: string;
  /** Total number of devices (default 300). */
  devices?: number;
  seed?: number | string;
  /** Prefix of device and profile ids (`sim` → `sim-bin-0001`, profile `sim-waste-container`); none by default. */
  prefix?: string;
  /** Dongs to place devices in (default: Hanam-si's). */
  dongs?: Dong[];
}

export interface PlannedDevice {
  /** e.g. `bin-0001`. */
  id: string;
  kind: KindName;
  profileId: string;
  entityType: string;
  /** Korean name, e.g. '덕풍1동 음식물 수거함 12'. */
  name: string;
  nameEn: string;
  /** [lon, lat] WGS84, inside the dong. */
  location: [number, number];
  dongCode: string;
}

export interface DemoCityPlan {
  tenant: string;
  profiles: ProfileInput[];
  devices: PlannedDevice[];
}

/**
 * Hanam's listed heritage — the 동사지 temple site with its stone pagodas (보물), the rock-carved Buddha of
 * 교산동 — lies in 춘궁동, so tilt sensors go there instead of being spread by area.
 */
const HERITAGE_DONG = '춘궁동';

/** Splits `total` in proportion to `weights` (largest remainder), so the parts add up exactly. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total <= 0 || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    parts[i]! += 1;
  }
  return parts;
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** A point inside the dong that stays inside after rounding to 6 decimals (≈ 0.1 m). */
function placeIn(dong: Dong, rng: Rng): [number, number] {
  for (;;) {
    const [x, y] = randomPointIn(dong.geometry, rng);
    const p: Position = [round6(x), round6(y)];
    if (pointInPolygon(p, dong.geometry)) return p;
  }
}

export function demoCityPlan(opts: PlanOptions): DemoCityPlan {
  const total = opts.devices ?? 300;
  if (!Number.isInteger(total) || total < 0) throw new Error(`devices must be a non-negative integer`);
  const rng = createRng(opts.seed ?? 'dosi-demo-city');
  const dongs = opts.dongs ?? hanamDongs();
  if (dongs.length === 0) throw new Error('no dongs to place devices in');
  const pre = opts.prefix ? `${opts.prefix}-` : '';
  const heritage = dongs.find((d) => d.nameKo === HERITAGE_DONG);

  const kindCounts = apportion(
    total,
    KINDS.map((k) => k.share),
  );
  const spread: SimKind[] = [];
  const tilted: SimKind[] = [];
  KINDS.forEach((k, i) => {
    for (let n = 0; n < kindCounts[i]!; n++) (k.kind === 'tilt' && heritage ? tilted : spread).push(k);
  });

  // Every dong gets at least one device when there are enough; the rest follow the dong's area.
  const base = spread.length >= dongs.length ? 1 : 0;
  const perDong = apportion(
    spread.length - base * dongs.length,
    dongs.map((d) => areaKm2(d.geometry)),
  ).map((n) => n + base);
  const slots = shuffle(
    dongs.flatMap((d, i) => Array.from({ length: perDong[i]! }, () => d)),
    rng,
  );

  const assigned: { kind: SimKind; dong: Dong }[] = [
    ...spread.map((kind, i) => ({ kind, dong: slots[i]! })),
    ...tilted.map((kind) => ({ kind, dong: heritage! })),
  ];

  const perKind = new Map<KindName, number>();
  const perKindDong = new Map<string, number>();
  const devices = assigned.map(({ kind, dong }): PlannedDevice => {
    const n = (perKind.get(kind.kind) ?? 0) + 1;
    perKind.set(kind.kind, n);
    const key = `${kind.kind}/${dong.code}`;
    const m = (perKindDong.get(key) ?? 0) + 1;
    perKindDong.set(key, m);
    return {
      id: `${pre}${kind.idPrefix}-${String(n).padStart(4, '0')}`,
      kind: kind.kind,
      profileId: pre + kind.profileId,
      entityType: kind.entityType,
      name: `${dong.nameKo} ${kind.labelKo} ${m}`,
      nameEn: `${kind.labelEn} ${m}, ${dong.nameEn ?? dong.nameKo}`,
      location: placeIn(dong, rng),
      dongCode: dong.code,
    };
  });

  const used = new Set(devices.map((d) => d.kind));
  return {
    tenant: opts.tenant,
    profiles: KINDS.filter((k) => used.has(k.kind)).map((k) => k.profile(opts.tenant, pre + k.profileId)),
    devices,
  };
}
