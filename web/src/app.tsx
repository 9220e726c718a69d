// The console shell: login gate, header (navigation, tenant, language, live status) and the screen.
import { useEffect } from 'preact/hooks';
import { lazy, Suspense } from 'preact/compat';
import { api } from './api.ts';
import { lang, setLang, t, type Key } from './i18n.ts';
import { liveMode } from './live.ts';
import { route } from './route.ts';
import { logout, me, setTenant, tenant, token } from './session.ts';
import type { Me } from './types.ts';
import { LoginPage } from './pages/login.tsx';
import { AlarmsPage } from './pages/alarms.tsx';
import { AlarmDetailPage } from './pages/alarm-detail.tsx';
import { IncidentsPage } from './pages/incidents.tsx';
import { IncidentDetailPage } from './pages/incident-detail.tsx';
import { RulesPage } from './pages/rules.tsx';
import { CamerasPage } from './pages/cameras.tsx';
import { WasteSheetPage } from './pages/waste-sheet.tsx';

// The map (MapLibre) is the largest part of the bundle: loaded only when shown.
const MapPage = lazy(() => import('./pages/map.tsx').then((m) => ({ default: m.MapPage })));
const WastePage = lazy(() => import('./pages/waste.tsx').then((m) => ({ default: m.WastePage })));

const NAV: [string, Key][] = [
  ['map', 'nav.map'],
  ['alarms', 'nav.alarms'],
  ['incidents', 'nav.incidents'],
  ['rules', 'nav.rules'],
  ['cameras', 'nav.cameras'],
  ['waste', 'nav.waste'],
];

function Screen() {
  const [page = 'map', id] = route.value;
  if (page === 'alarms' && id) return <AlarmDetailPage id={id} />;
  if (page === 'alarms') return <AlarmsPage />;
  if (page === 'incidents' && id) return <IncidentDetailPage id={id} />;
  if (page === 'incidents') return <IncidentsPage />;
  if (page === 'rules') return <RulesPage />;
  if (page === 'cameras') return <CamerasPage />;
  if (page === 'waste' && id === 'sheet')
    return <WasteSheetPage planId={route.value[2] ?? ''} truckId={route.value[3] ?? ''} />;
  if (page === 'waste')
    return (
      <Suspense fallback={<p>{t('loading')}</p>}>
        <WastePage />
      </Suspense>
    );
  return (
    <Suspense fallback={<p>{t('loading')}</p>}>
      <MapPage />
    </Suspense>
  );
}

function LangSwitch() {
  return (
    <div class="lang" role="group" aria-label="language">
      <button class={lang.value === 'ko' ? 'on' : ''} onClick={() => setLang('ko')} data-lang="ko">
        한국어
      </button>
      <button class={lang.value === 'en' ? 'on' : ''} onClick={() => setLang('en')} data-lang="en">
        English
      </button>
    </div>
  );
}

function Header() {
  const [page = 'map'] = route.value;
  const tenants = me.value?.tenants ?? [];
  return (
    <header class="top">
      <h1>{t('app.title')}</h1>
      <nav>
        {NAV.map(([p, k]) => (
          <a href={`#/${p}`} class={page === p ? 'on' : ''} data-nav={p}>
            {t(k)}
          </a>
        ))}
      </nav>
      <span class={`live live-${liveMode.value}`} data-live={liveMode.value}>
        {t(liveMode.value === 'ws' ? 'live.ws' : 'live.poll')}
      </span>
      {tenants.length > 1 ? (
        <label class="tenant">
          {t('tenant')}{' '}
          <select
            name="tenant"
            value={tenant.value ?? ''}
            onChange={(e) => setTenant((e.target as HTMLSelectElement).value)}
          >
            {tenants.map((c) => (
              <option value={c}>{c}</option>
            ))}
          </select>
        </label>
      ) : (
        <span class="tenant" data-tenant={tenant.value}>
          {tenant.value}
        </span>
      )}
      <span class="user">{me.value?.displayName ?? me.value?.username}</span>
      <LangSwitch />
      <button class="logout" onClick={logout}>
        {t('logout')}
      </button>
    </header>
  );
}

export function App() {
  const tok = token.value;
  useEffect(() => {
    document.documentElement.lang = lang.value;
  }, []);
  useEffect(() => {
    if (!tok) return;
    api<Me>('/api/v1/auth/me').then(
      (m) => (me.value = m),
      () => undefined, // a 401 logs out in api()
    );
  }, [tok]);
  if (!tok)
    return (
      <div class="login-shell">
        <LangSwitch />
        <LoginPage />
      </div>
    );
  return (
    <div class="shell" key={tenant.value ?? ''}>
      <Header />
      <main>
        <Screen />
      </main>
    </div>
  );
}
