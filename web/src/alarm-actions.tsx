// Lifecycle buttons of an alarm or an incident: only the moves its state allows (docs/RULES.md).
import { useState } from 'preact/hooks';
import { api, enc } from './api.ts';
import { t, type Key } from './i18n.ts';
import type { Alarm, AlarmState, Incident } from './types.ts';

type Action = 'ack' | 'dispatch' | 'resolve' | 'close';

const MOVES: Record<AlarmState, Action[]> = {
  open: ['ack'],
  acknowledged: ['dispatch', 'resolve'],
  dispatched: ['resolve'],
  resolved: ['close'],
  closed: [],
};

/** `base` is the resource path, e.g. /api/v1/incidents/{id}; actions are POST `${base}/${action}`. */
export function LifecycleActions(props: {
  base: string;
  state: AlarmState;
  onDone: () => void;
  label?: (a: Action) => string;
}) {
  const [error, setError] = useState<string | null>(null);
  const run = async (a: Action) => {
    setError(null);
    try {
      await api(`${props.base}/${a}`, { method: 'POST', body: {} });
      props.onDone();
    } catch (err) {
      setError(`${t('act.failed')}: ${(err as Error).message}`);
    }
  };
  return (
    <span class="actions">
      {MOVES[props.state].map((a) => (
        <button class={`act act-${a}`} data-action={a} onClick={() => void run(a)}>
          {props.label ? props.label(a) : t(`act.${a}` as Key)}
        </button>
      ))}
      {error && <span class="error">{error}</span>}
    </span>
  );
}

export function AlarmActions(props: { alarm: Alarm; onDone: () => void }) {
  return (
    <LifecycleActions
      base={`/api/v1/alarms/${enc(props.alarm.id)}`}
      state={props.alarm.state}
      onDone={props.onDone}
    />
  );
}

/** An incident's dispatch is the hand-over to the agencies (112, 119, disaster room): said on the button. */
export function IncidentActions(props: { incident: Incident; onDone: () => void }) {
  return (
    <LifecycleActions
      base={`/api/v1/incidents/${enc(props.incident.id)}`}
      state={props.incident.state}
      onDone={props.onDone}
      label={(a) => t(a === 'dispatch' ? 'incident.dispatch' : (`act.${a}` as Key))}
    />
  );
}

export function SeverityBadge(props: { severity: string }) {
  return <span class={`sev sev-${props.severity}`}>{t(`sev.${props.severity}` as Key)}</span>;
}

export function StateBadge(props: { state: string }) {
  return <span class={`st st-${props.state}`}>{t(`st.${props.state}` as Key)}</span>;
}
