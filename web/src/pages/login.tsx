import { useState } from 'preact/hooks';
import { login } from '../api.ts';
import { t } from '../i18n.ts';
import { setSession } from '../session.ts';

export function LoginPage() {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setFailed(false);
    try {
      const tok = await login(user, password);
      setSession(tok.access_token, tok.tenant);
      if (!location.hash) location.hash = '#/map';
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="login" onSubmit={(e) => void submit(e)}>
      <h1>{t('login.title')}</h1>
      <label>
        {t('login.user')}
        <input
          name="username"
          autocomplete="username"
          value={user}
          onInput={(e) => setUser(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('login.password')}
        <input
          name="password"
          type="password"
          autocomplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        {t('login.submit')}
      </button>
      {failed && (
        <p class="error" role="alert">
          {t('login.failed')}
        </p>
      )}
    </form>
  );
}
