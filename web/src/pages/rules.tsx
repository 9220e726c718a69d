// Rule editor: list, edit as JSON or with a small threshold form, save, dry-run over the last 24 h.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, enc } from '../api.ts';
import { fmtTime, t } from '../i18n.ts';
import { editableRule, NEW_THRESHOLD, thresholdRule, type ThresholdForm } from '../rule-form.ts';
import type { DryRun, Rule } from '../types.ts';

function DryRunResult(props: { result: DryRun }) {
  const raises = props.result.events.filter((e) => e.kind === 'raise');
  return (
    <div class="dry-run" data-fired={raises.length}>
      <h3>{t('rules.dryRunResult')}</h3>
      <p>
        {raises.length} {t('rules.wouldFire')} · {props.result.observations} {t('rules.observations')}
      </p>
      <ol>
        {props.result.events.slice(0, 200).map((e) => (
          <li class={`ev-${e.kind}`}>
            <time>{fmtTime(e.at)}</time> <b>{e.kind}</b> <span class="mono">{e.entityId}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

function ThresholdEditor(props: { onUse: (body: Record<string, unknown>) => void }) {
  const [f, setF] = useState<ThresholdForm>(NEW_THRESHOLD);
  const field = (k: keyof ThresholdForm, type = 'text') => (
    <input
      name={k}
      type={type}
      value={String(f[k])}
      onInput={(e) => {
        const v = e.currentTarget.value;
        setF({ ...f, [k]: type === 'number' ? Number(v) : v });
      }}
    />
  );
  return (
    <form
      class="threshold-form"
      onSubmit={(e) => {
        e.preventDefault();
        props.onUse(thresholdRule(f));
      }}
    >
      <label>
        {t('rules.name')} {field('name')}
      </label>
      <label>
        {t('rules.entityType')} {field('entityType')}
      </label>
      <label>
        {t('rules.attr')} {field('attr')}
      </label>
      <label>
        {t('rules.op')}{' '}
        <select
          value={f.op}
          onChange={(e) => setF({ ...f, op: e.currentTarget.value as ThresholdForm['op'] })}
        >
          {['>', '>=', '<', '<='].map((o) => (
            <option value={o}>{o}</option>
          ))}
        </select>
      </label>
      <label>
        {t('rules.value')} {field('value', 'number')}
      </label>
      <label>
        {t('rules.forSec')} {field('forSec', 'number')}
      </label>
      <button type="submit">{t('rules.json')} ↓</button>
    </form>
  );
}

export function RulesPage() {
  const [rules, setRules] = useState<Rule[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [msg, setMsg] = useState<string | null>(null);
  const [result, setResult] = useState<DryRun | null>(null);
  const load = useCallback(() => {
    api<Rule[]>('/api/v1/rules').then(setRules, (e: Error) => setMsg(e.message));
  }, []);
  useEffect(load, [load]);

  const edit = (r: Rule | null, body?: Record<string, unknown>) => {
    setSelected(r?.id ?? null);
    setText(JSON.stringify(body ?? (r ? editableRule(r) : thresholdRule(NEW_THRESHOLD)), null, 2));
    setResult(null);
    setMsg(null);
  };
  const parsed = (): Record<string, unknown> | null => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      setMsg(t('rules.badJson'));
      return null;
    }
  };
  const save = async () => {
    const body = parsed();
    if (!body) return;
    try {
      const r = selected
        ? await api<Rule>(`/api/v1/rules/${enc(selected)}`, { method: 'PUT', body })
        : await api<Rule>('/api/v1/rules', { method: 'POST', body });
      setSelected(r.id);
      setMsg(t('rules.saved'));
      load();
    } catch (e) {
      setMsg((e as Error).message);
    }
  };
  const dryRun = async () => {
    const rule = parsed();
    if (!rule) return;
    const to = new Date();
    const from = new Date(to.getTime() - 24 * 3600_000);
    try {
      setResult(
        await api<DryRun>('/api/v1/rules/dry-run', {
          method: 'POST',
          body: { rule, from: from.toISOString(), to: to.toISOString() },
        }),
      );
      setMsg(null);
    } catch (e) {
      setMsg((e as Error).message);
    }
  };

  return (
    <section class="rules">
      <div class="rule-list">
        <h2>{t('rules.title')}</h2>
        <button onClick={() => edit(null)}>{t('rules.new')}</button>
        {rules.length === 0 && <p class="empty">{t('rules.none')}</p>}
        <ul>
          {rules.map((r) => (
            <li class={selected === r.id ? 'on' : ''} data-rule={r.id}>
              <a onClick={() => edit(r)} href="#/rules">
                {r.name}
              </a>{' '}
              <small>
                v{r.version} · {r.enabled ? t('rules.enabled') : t('rules.disabled')}
              </small>
            </li>
          ))}
        </ul>
      </div>
      <div class="rule-edit">
        <h3>{t('rules.form')}</h3>
        <ThresholdEditor onUse={(b) => edit(null, b)} />
        <h3>{t('rules.json')}</h3>
        <textarea name="rule-json" rows={16} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        <div class="buttons">
          <button onClick={() => void save()} data-action="save">
            {t('rules.save')}
          </button>
          <button onClick={() => void dryRun()} data-action="dry-run">
            {t('rules.dryRun')}
          </button>
        </div>
        {msg && <p class="msg">{msg}</p>}
        {result && <DryRunResult result={result} />}
      </div>
    </section>
  );
}
