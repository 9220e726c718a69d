// Rule bodies as the editor handles them: server-owned members stripped before a save or dry-run.
const SERVER_OWNED = ['id', 'tenant', 'version', 'updatedAt', 'updatedBy', 'disabledReason', 'enabled'];

export function editableRule(rule: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rule)) if (!SERVER_OWNED.includes(k)) out[k] = v;
  return out;
}

export interface ThresholdForm {
  name: string;
  severity: string;
  category: string;
  entityType: string;
  attr: string;
  op: '>' | '>=' | '<' | '<=';
  value: number;
  forSec: number;
}

export const NEW_THRESHOLD: ThresholdForm = {
  name: '',
  severity: 'major',
  category: 'environment',
  entityType: 'WasteContainer',
  attr: 'fillingLevel',
  op: '>=',
  value: 90,
  forSec: 0,
};

export function thresholdRule(f: ThresholdForm): Record<string, unknown> {
  return {
    name: f.name,
    severity: f.severity,
    category: f.category,
    target: { entityType: f.entityType },
    condition: { type: 'threshold', attr: f.attr, op: f.op, value: f.value, forSec: f.forSec },
  };
}
