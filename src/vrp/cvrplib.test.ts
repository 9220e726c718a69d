import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isDosiError } from '../kernel/index.ts';
import { formatSolution, parseCvrplib, problemFromCvrplib } from './cvrplib.ts';

const A32 = readFileSync(new URL('./testdata/A-n32-k5.vrp', import.meta.url), 'utf8');

const small = (over: Partial<Record<'dim' | 'cap' | 'type' | 'coords' | 'demands' | 'depot', string>> = {}) =>
  [
    'NAME : tiny',
    'TYPE : CVRP',
    `DIMENSION : ${over.dim ?? '3'}`,
    `EDGE_WEIGHT_TYPE : ${over.type ?? 'EUC_2D'}`,
    `CAPACITY : ${over.cap ?? '10'}`,
    'NODE_COORD_SECTION',
    over.coords ?? ' 1 0 0\n 2 3 4\n 3 6 8',
    'DEMAND_SECTION',
    over.demands ?? '1 0\n2 5\n3 4',
    'DEPOT_SECTION',
    over.depot ?? ' 1\n -1',
    'EOF',
  ].join('\n');

function fails(text: string, line: number, pattern: RegExp): void {
  assert.throws(
    () => parseCvrplib(text),
    (e: unknown) =>
      isDosiError(e) &&
      e.code === 'DOSI_ERR_VRP_FILE_INVALID' &&
      e.params.line === line &&
      pattern.test(e.message),
  );
}

describe('CVRPLIB reader', () => {
  it('reads A-n32-k5: name, dimension, capacity, coordinates, demands (node 1 = depot = index 0)', () => {
    const f = parseCvrplib(A32);
    assert.equal(f.name, 'A-n32-k5');
    assert.equal(f.dimension, 32);
    assert.equal(f.capacity, 100);
    assert.deepEqual(f.points[0], { x: 82, y: 76 });
    assert.deepEqual(f.points[31], { x: 98, y: 5 });
    assert.equal(f.demands[0], 0);
    assert.equal(f.demands[1], 19);
    assert.equal(
      f.demands.reduce((a, b) => a + b, 0),
      410,
    );
    const p = problemFromCvrplib(f);
    assert.equal(p.demands.length, 32);
  });

  it('names the line and the cause of malformed files', () => {
    fails(small({ type: 'GEO' }), 4, /EDGE_WEIGHT_TYPE GEO is not supported/);
    fails(small({ cap: '-5' }), 5, /CAPACITY must be a positive integer/);
    fails(small({ coords: ' 1 0 0\n 2 3 x\n 3 6 8' }), 8, /not a number/);
    fails(small({ coords: ' 1 0 0\n 7 3 4\n 3 6 8' }), 8, /node id 7 outside 1..3/);
    fails(small({ demands: '1 0\n2 -5\n3 4' }), 12, /negative demand -5/);
    fails(small({ demands: '1 0\n2 5' }), 16, /no demand for node 3/);
    fails(small({ depot: ' 2\n -1' }), 17, /single depot at node 1/);
    fails(A32.replace(/DIMENSION : 32\n/, ''), 6, /NODE_COORD_SECTION before DIMENSION/);
  });
});

describe('CVRPLIB .sol writer', () => {
  it('writes Route #k lines with customers 1..n, then the cost; skips empty routes', () => {
    const text = formatSolution([[3, 7, 12], [], [1, 2]], 784);
    assert.equal(text, 'Route #1: 3 7 12\nRoute #2: 1 2\nCost 784\n');
    assert.equal(formatSolution([], 0), 'Cost 0\n');
    assert.equal(formatSolution([[1]], 12.34567), 'Route #1: 1\nCost 12.346\n');
  });
});
