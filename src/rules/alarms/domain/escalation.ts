// Escalation of unacknowledged alarms: every `escalateAfterMin` minutes an alarm stays open, its
// level goes up by one (to MAX_LEVEL), so the console and notifiers can widen who is told.
export const MAX_LEVEL = 3;

export interface Escalatable {
  state: string;
  escalationLevel: number;
  escalateAfterMin: number;
  createdAt: string;
}

/** When the next step is due (ISO), or null when none will come. */
export function nextEscalationAt(a: Escalatable): string | null {
  if (a.state !== 'open' || a.escalationLevel >= MAX_LEVEL) return null;
  return new Date(
    Date.parse(a.createdAt) + (a.escalationLevel + 1) * a.escalateAfterMin * 60_000,
  ).toISOString();
}

/** The level an alarm should be at by `now` (never lower than it is). */
export function escalationLevelAt(a: Escalatable, now: Date): number {
  if (a.state !== 'open') return a.escalationLevel;
  const steps = Math.floor((now.getTime() - Date.parse(a.createdAt)) / (a.escalateAfterMin * 60_000));
  return Math.max(a.escalationLevel, Math.min(MAX_LEVEL, steps));
}
