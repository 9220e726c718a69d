// SQL of collection plans (waste_plans: one row per plan, routes in jsonb) and fleets (waste_fleets).
import type { Queryable } from '../../../storage/index.ts';
import type { CollectionPlan, Fleet, PlanStatus } from '../domain/plan.ts';

interface Raw {
  body: Omit<CollectionPlan, 'status' | 'updatedAt'>;
  status: PlanStatus;
  updated_at: Date | string;
}

const toPlan = (r: Raw): CollectionPlan => ({
  ...r.body,
  status: r.status,
  updatedAt: new Date(r.updated_at).toISOString(),
});

export async function insertPlan(q: Queryable, p: CollectionPlan): Promise<void> {
  const { status, updatedAt, ...body } = p;
  await q.query(
    `INSERT INTO waste_plans (tenant, id, created_at, created_by, shift_start, shift_end, status, body, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      p.tenant,
      p.id,
      p.createdAt,
      p.createdBy,
      p.shiftStart,
      p.shiftEnd,
      status,
      JSON.stringify(body),
      updatedAt,
    ],
  );
}

export async function updatePlan(q: Queryable, p: CollectionPlan): Promise<void> {
  const { status, updatedAt, ...body } = p;
  await q.query(
    `UPDATE waste_plans SET status = $3, body = $4, updated_at = $5 WHERE tenant = $1 AND id = $2`,
    [p.tenant, p.id, status, JSON.stringify(body), updatedAt],
  );
}

export async function getPlan(q: Queryable, tenant: string, id: string, lock = false) {
  const r = await q.query<Raw>(
    `SELECT body, status, updated_at FROM waste_plans WHERE tenant = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [tenant, id],
  );
  return r.rows[0] ? toPlan(r.rows[0]) : undefined;
}

/** Active plans, newest first (normally one: a new plan supersedes the active one). */
export async function activePlans(q: Queryable, tenant: string, lock = false): Promise<CollectionPlan[]> {
  const r = await q.query<Raw>(
    `SELECT body, status, updated_at FROM waste_plans WHERE tenant = $1 AND status = 'active'
     ORDER BY created_at DESC${lock ? ' FOR UPDATE' : ''}`,
    [tenant],
  );
  return r.rows.map(toPlan);
}

export async function supersedeActive(q: Queryable, tenant: string, at: string): Promise<number> {
  const r = await q.query(
    `UPDATE waste_plans SET status = 'superseded', updated_at = $2 WHERE tenant = $1 AND status = 'active'`,
    [tenant, at],
  );
  return r.rowCount;
}

export interface PlanSummaryRow {
  id: string;
  createdAt: string;
  shiftStart: string;
  shiftEnd: string;
  status: PlanStatus;
  routes: number;
  stops: number;
  done: number;
  distanceKm: number;
}

export async function listPlans(q: Queryable, tenant: string, limit: number, offset: number) {
  const r = await q.query<Raw & { total: string }>(
    `SELECT body, status, updated_at, count(*) OVER () AS total FROM waste_plans WHERE tenant = $1
     ORDER BY created_at DESC LIMIT $2 OFFSET $3`,
    [tenant, limit, offset],
  );
  return {
    plans: r.rows.map((row): PlanSummaryRow => {
      const p = toPlan(row);
      const stops = p.routes.flatMap((x) => x.stops);
      return {
        id: p.id,
        createdAt: p.createdAt,
        shiftStart: p.shiftStart,
        shiftEnd: p.shiftEnd,
        status: p.status,
        routes: p.routes.length,
        stops: stops.length,
        done: stops.filter((s) => s.state === 'done').length,
        distanceKm: p.figures.distanceKm,
      };
    }),
    total: Number(r.rows[0]?.total ?? 0),
  };
}

export async function getFleet(q: Queryable, tenant: string): Promise<Fleet | undefined> {
  const r = await q.query<{ body: Fleet }>(`SELECT body FROM waste_fleets WHERE tenant = $1`, [tenant]);
  return r.rows[0]?.body;
}

export async function saveFleet(q: Queryable, tenant: string, f: Fleet, at: string, by: string | null) {
  await q.query(
    `INSERT INTO waste_fleets (tenant, body, updated_at, updated_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant) DO UPDATE SET body = EXCLUDED.body, updated_at = EXCLUDED.updated_at,
       updated_by = EXCLUDED.updated_by`,
    [tenant, JSON.stringify(f), at, by],
  );
}
