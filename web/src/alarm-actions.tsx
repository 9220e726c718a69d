// Lifecycle buttons of an alarm: only the moves its state allows (docs/RULES.md).
import { useState } from 'preact/hooks';
import { api, enc } from './api.ts';
import { t, type Key } from './i18n.ts';
import type { Alarm, AlarmState } from './types.ts';

type Action = 'ack' | 'dispatch' | 'resolve' | 'close';

const MOVES: Record<AlarmState, Action[]> = {
  open: ['ack'],
  acknowledged: ['dispatch', 'resolve'],
  dispatched: ['resolve'],
  resolved: ['close'],
  closed: [],
};

export function AlarmActions(props: { alarm: Alarm; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const run = async (a: Action) => {
    setError(null);
    try {
      await api(`/api/v1/alarms/${enc(props.alarm.id)}/${a}`, { method: 'POST', body: {} });
      props.onDone();
    } catch (err) {
      setError(`${t('act.failed')}: ${(err as Error).message}`);
    }
  };
  return (
    <span class="actions">
      {MOVES[props.alarm.state].map((a) => (
        <button class={`act act-${a}`} data-action={a} onClick={() => void run(a)}>
          {t(`act.${a}` as Key)}
        </button>
      ))}
      {error && <span class="error">{error}</span>}
    </span>
  );
}

export function SeverityBadge(props: { severity: string }) {
  return <span class={`sev sev-${props.severity}`}>{t(`sev.${props.severity}` as Key)}</span>;
}

export function StateBadge(props: { state: string }) {
  return <span class={`st st-${props.state}`}>{t(`st.${props.state}` as Key)}</span>;
}
