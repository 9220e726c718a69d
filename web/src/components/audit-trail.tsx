// The audit trail of an alarm or an incident: who did what when, state changes and notes.
import { fmtTime, t, type Key } from '../i18n.ts';
import type { AuditEntry } from '../types.ts';

const AUDIT_KEYS = new Set([
  'raised',
  'repeated',
  'cleared',
  'ack',
  'dispatch',
  'resolve',
  'close',
  'comment',
  'assign',
  'escalated',
  'incident',
  'created',
  'add-alarms',
  'remove-alarm',
]);

function auditLabel(action: string): string {
  return AUDIT_KEYS.has(action) ? t(`audit.${action}` as Key) : action;
}

export function AuditTrail(props: { entries: AuditEntry[] }) {
  return (
    <div>
      <h3>{t('detail.audit')}</h3>
      <ol class="audit">
        {props.entries.map((e) => (
          <li data-audit={e.action}>
            <time>{fmtTime(e.at)}</time> <b>{auditLabel(e.action)}</b>{' '}
            {e.from && e.to && (
              <span>
                {t(`st.${e.from}` as Key)} → {t(`st.${e.to}` as Key)}
              </span>
            )}{' '}
            <span class="by">{e.by}</span>
            {e.note && <q>{e.note}</q>}
          </li>
        ))}
      </ol>
    </div>
  );
}
