// Operator inputs of an incident: assign (to me or to a user name, or nobody) and comment.
import { useState } from 'preact/hooks';
import { api, enc } from '../api.ts';
import { t } from '../i18n.ts';
import { me } from '../session.ts';
import type { Incident } from '../types.ts';

function usePost(incident: Incident, onDone: () => void) {
  const [error, setError] = useState<string | null>(null);
  const post = async (path: 'assign' | 'comment', body: unknown): Promise<boolean> => {
    setError(null);
    try {
      await api(`/api/v1/incidents/${enc(incident.id)}/${path}`, { method: 'POST', body });
      onDone();
      return true;
    } catch (err) {
      setError(`${t('act.failed')}: ${(err as Error).message}`);
      return false;
    }
  };
  return { error, post };
}

export function AssignForm(props: { incident: Incident; onDone: () => void }) {
  const { error, post } = usePost(props.incident, props.onDone);
  const [name, setName] = useState('');
  const mine = me.value?.username ?? me.value?.subject ?? null;
  const assign = (assignee: string | null) => post('assign', { assignee });
  return (
    <form
      class="assign"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) void assign(name.trim()).then((ok) => ok && setName(''));
      }}
    >
      <b>{t('incident.assign')}</b>
      {mine && (
        <button type="button" data-action="assign-me" onClick={() => void assign(mine)}>
          {t('incident.assignMe')}
        </button>
      )}
      <input
        name="assignee"
        maxLength={200}
        placeholder={t('incident.assignTo')}
        value={name}
        onInput={(e) => setName((e.target as HTMLInputElement).value)}
      />
      <button type="submit" data-action="assign">
        {t('incident.assign')}
      </button>
      {props.incident.assignee && (
        <button type="button" data-action="unassign" onClick={() => void assign(null)}>
          {t('incident.unassign')}
        </button>
      )}
      {error && <span class="error">{error}</span>}
    </form>
  );
}

export function CommentForm(props: { incident: Incident; onDone: () => void }) {
  const { error, post } = usePost(props.incident, props.onDone);
  const [note, setNote] = useState('');
  return (
    <form
      class="comment"
      onSubmit={(e) => {
        e.preventDefault();
        if (note.trim()) void post('comment', { note: note.trim() }).then((ok) => ok && setNote(''));
      }}
    >
      <textarea
        name="comment"
        rows={2}
        maxLength={4000}
        placeholder={t('incident.commentHint')}
        value={note}
        onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
      />
      <button type="submit" data-action="comment">
        {t('act.comment')}
      </button>
      {error && <span class="error">{error}</span>}
    </form>
  );
}
