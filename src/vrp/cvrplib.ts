// CVRPLIB / TSPLIB 95 `.vrp` reader and `.sol` writer. Node 1 of the file is the depot; in solutions
// customers are numbered 1..n (file node id − 1), as CVRPLIB's published solutions are.
import { DosiError, E } from '../kernel/index.ts';
import type { Point, VrpProblem } from './types.ts';

export interface CvrpFile {
  readonly name: string;
  readonly dimension: number;
  readonly capacity: number;
  /** Indexed by node id − 1: [0] is the depot. */
  readonly points: Point[];
  readonly demands: number[];
}

type Section = 'header' | 'coords' | 'demands' | 'depots' | 'done';

const bad = (line: number, detail: string) => new DosiError(E.VRP_FILE_INVALID, { line, detail });

interface ParseState {
  section: Section;
  name: string;
  dimension: number;
  capacity: number;
  points: (Point | undefined)[];
  demands: (number | undefined)[];
  depots: number[];
}

export function parseCvrplib(text: string): CvrpFile {
  const st: ParseState = {
    section: 'header',
    name: '',
    dimension: -1,
    capacity: -1,
    points: [],
    demands: [],
    depots: [],
  };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => parseLine(st, raw.trim(), i + 1));
  return finish(st, lines.length);
}

function parseLine(st: ParseState, line: string, no: number): void {
  if (line === '' || st.section === 'done') return;
  if (line === 'EOF') return void (st.section = 'done');
  const sections: Record<string, Section> = {
    NODE_COORD_SECTION: 'coords',
    DEMAND_SECTION: 'demands',
    DEPOT_SECTION: 'depots',
  };
  const next = sections[line];
  if (next) {
    if (st.dimension < 0) throw bad(no, `${line} before DIMENSION`);
    st.section = next;
    return;
  }
  if (st.section === 'header' || /^[A-Z_]+\s*:/.test(line)) return header(st, line, no);
  const nums = line.split(/\s+/).map(Number);
  if (nums.some((v) => !Number.isFinite(v))) throw bad(no, `not a number in "${line}"`);
  if (st.section === 'depots') return void (nums[0] !== -1 && st.depots.push(nums[0]!));
  const id = nums[0]!;
  if (!Number.isInteger(id) || id < 1 || id > st.dimension)
    throw bad(no, `node id ${id} outside 1..${st.dimension}`);
  if (st.section === 'coords') {
    if (nums.length !== 3) throw bad(no, `expected "id x y", got "${line}"`);
    st.points[id - 1] = { x: nums[1]!, y: nums[2]! };
  } else {
    if (nums.length !== 2) throw bad(no, `expected "id demand", got "${line}"`);
    if (nums[1]! < 0) throw bad(no, `negative demand ${nums[1]} for node ${id}`);
    st.demands[id - 1] = nums[1]!;
  }
}

function header(st: ParseState, line: string, no: number): void {
  const m = /^([A-Z_]+)\s*:\s*(.*)$/.exec(line);
  if (!m) throw bad(no, `expected "KEY : value", got "${line}"`);
  const key = m[1]!;
  const value = m[2]!.trim();
  if (key === 'NAME') st.name = value;
  else if (key === 'DIMENSION') st.dimension = positiveInt(value, key, no);
  else if (key === 'CAPACITY') st.capacity = positiveInt(value, key, no);
  else if (key === 'EDGE_WEIGHT_TYPE' && value !== 'EUC_2D')
    throw bad(no, `EDGE_WEIGHT_TYPE ${value} is not supported (only EUC_2D)`);
  else if (key === 'TYPE' && value !== 'CVRP') throw bad(no, `TYPE ${value} is not CVRP`);
}

function positiveInt(value: string, key: string, no: number): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v <= 0) throw bad(no, `${key} must be a positive integer, got "${value}"`);
  return v;
}

function finish(st: ParseState, lines: number): CvrpFile {
  if (st.dimension < 0) throw bad(lines, 'DIMENSION is missing');
  if (st.capacity < 0) throw bad(lines, 'CAPACITY is missing');
  for (let i = 0; i < st.dimension; i++) {
    if (!st.points[i]) throw bad(lines, `no coordinates for node ${i + 1}`);
    if (st.demands[i] === undefined) throw bad(lines, `no demand for node ${i + 1}`);
  }
  if (st.depots.length > 0 && (st.depots.length !== 1 || st.depots[0] !== 1))
    throw bad(lines, `only a single depot at node 1 is supported, got ${st.depots.join(', ')}`);
  return {
    name: st.name,
    dimension: st.dimension,
    capacity: st.capacity,
    points: st.points as Point[],
    demands: st.demands as number[],
  };
}

/** The problem of a parsed file; the solver's default distance is CVRPLIB's nint Euclidean. */
export function problemFromCvrplib(f: CvrpFile): VrpProblem {
  return {
    name: f.name,
    capacity: f.capacity,
    demands: f.demands,
    points: f.points,
  };
}

/** CVRPLIB .sol text: `Route #k: c1 c2 …` per route (customers 1..n), then `Cost c`. */
export function formatSolution(routes: readonly (readonly number[])[], cost: number): string {
  const lines = routes.filter((r) => r.length > 0).map((r, k) => `Route #${k + 1}: ${r.join(' ')}`);
  const c = Number.isInteger(cost) ? String(cost) : String(Math.round(cost * 1000) / 1000);
  return `${lines.join('\n')}${lines.length ? '\n' : ''}Cost ${c}\n`;
}
