// The rules the waste service saves in the core rules engine for each tenant: the engine raises and
// clears the alarms (overflow, fire, tilt, lid); the service does not re-implement alarms.
import { DROPPED_DEGREES, FIRE_CELSIUS } from './status.ts';

/** Fill level a bin is collected at unless its own threshold says otherwise. */
export const DEFAULT_THRESHOLD = 0.8;

/** subCategory of each service rule: how the service recognises its own rules and alarms. */
export const RULE_KEYS = ['waste-overflow', 'waste-fire', 'waste-tilt', 'waste-lid'] as const;
export type WasteRuleKey = (typeof RULE_KEYS)[number];

export interface WasteRuleBody {
  name: string;
  severity: 'critical' | 'major' | 'minor' | 'warning';
  category: 'waste' | 'fire';
  subCategory: WasteRuleKey;
  target: { entityType: 'WasteContainer' };
  condition: {
    type: 'threshold';
    attr: string;
    op: '>=';
    value: number;
    forSec?: number;
    hysteresis?: number;
  };
}

const target = { entityType: 'WasteContainer' } as const;

/** The rule body of each key; `attr` is what must be known in the tenant for the rule to be saved. */
export function wasteRules(threshold = DEFAULT_THRESHOLD): Record<WasteRuleKey, WasteRuleBody> {
  return {
    'waste-overflow': {
      name: '수거함 가득 참 / bin full (collection threshold)',
      severity: 'major',
      category: 'waste',
      subCategory: 'waste-overflow',
      target,
      // Clears once emptied well below the threshold, so a noisy level around it raises once.
      condition: { type: 'threshold', attr: 'fillingLevel', op: '>=', value: threshold, hysteresis: 0.2 },
    },
    'waste-fire': {
      name: '수거함 화재 의심 / bin fire suspected',
      severity: 'critical',
      category: 'fire',
      subCategory: 'waste-fire',
      target,
      condition: { type: 'threshold', attr: 'temperature', op: '>=', value: FIRE_CELSIUS, hysteresis: 10 },
    },
    'waste-tilt': {
      name: '수거함 넘어짐 / bin tilted or dropped',
      severity: 'minor',
      category: 'waste',
      subCategory: 'waste-tilt',
      target,
      condition: { type: 'threshold', attr: 'tiltAngle', op: '>=', value: DROPPED_DEGREES, forSec: 60 },
    },
    'waste-lid': {
      name: '수거함 뚜껑 열림 / bin lid left open',
      severity: 'warning',
      category: 'waste',
      subCategory: 'waste-lid',
      target,
      condition: { type: 'threshold', attr: 'lidOpen', op: '>=', value: 1, forSec: 900 },
    },
  };
}
