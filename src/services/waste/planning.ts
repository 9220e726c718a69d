// The seam for collection route planning. The vehicle-routing solver (src/vrp) is built separately;
// it will implement this use case from the bins `due` returns (the same data as GET /waste/due).
// Nothing in dosi implements it yet.

export interface DueBin {
  id: string;
  location: [number, number] | null;
  fill: number | null;
  threshold: number;
  predictedFullAt: string | null;
  capacityL: number | null;
}

export interface CollectionPlanRequest {
  tenant: string;
  /** Bins to visit (typically those due before the shift ends). */
  bins: DueBin[];
  shiftStart: string;
  shiftEnd: string;
  depot: [number, number];
  trucks: { id: string; capacityL: number }[];
}

export interface CollectionPlan {
  routes: { truckId: string; stops: { binId: string; eta: string }[] }[];
  unserved: string[];
}

/** Route planning for a collection shift: implemented by the solver, wired in server.ts. */
export interface PlanningUseCase {
  plan(req: CollectionPlanRequest): Promise<CollectionPlan>;
}
