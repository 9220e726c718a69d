// UI strings in Korean (default) and English. One table; a missing key falls back to the key itself.
import { signal } from '@preact/signals';

export type Lang = 'ko' | 'en';

const stored = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem('dosi.lang');
export const lang = signal<Lang>(stored === 'en' ? 'en' : 'ko');

export function setLang(l: Lang): void {
  lang.value = l;
  sessionStorage.setItem('dosi.lang', l);
  document.documentElement.lang = l;
}

const table = {
  'app.title': ['도시 통합관제', 'dosi operations centre'],
  'login.title': ['관제 로그인', 'Operator login'],
  'login.user': ['사용자 이름', 'User name'],
  'login.password': ['비밀번호', 'Password'],
  'login.submit': ['로그인', 'Log in'],
  'login.failed': [
    '로그인 실패: 사용자 이름 또는 비밀번호를 확인하세요',
    'Login failed: check user name and password',
  ],
  logout: ['로그아웃', 'Log out'],
  tenant: ['지자체', 'Municipality'],
  'nav.map': ['상황 지도', 'Live map'],
  'nav.alarms': ['경보', 'Alarms'],
  'nav.rules': ['규칙', 'Rules'],
  'nav.cameras': ['영상 관제', 'Camera wall'],
  'live.ws': ['실시간 연결', 'Live (WebSocket)'],
  'live.poll': ['1초 주기 갱신', 'Refreshing every 1 s'],
  'live.error': ['서버 연결 끊김', 'Server unreachable'],
  'map.types': ['유형', 'Types'],
  'map.entities': ['개체', 'entities'],
  'map.inAlarm': ['경보 중', 'in alarm'],
  'map.noWebgl': ['이 브라우저는 WebGL 지도를 표시할 수 없습니다', 'This browser cannot show the WebGL map'],
  'state.ok': ['정상', 'normal'],
  'state.alarm': ['경보', 'alarm'],
  'alarms.title': ['경보 대기열', 'Alarm queue'],
  'alarms.none': ['조건에 맞는 경보가 없습니다', 'No alarms match'],
  'alarms.total': ['건', 'alarms'],
  'filter.state': ['상태', 'State'],
  'filter.severity': ['심각도', 'Severity'],
  'filter.category': ['분류', 'Category'],
  'filter.all': ['전체', 'All'],
  'filter.active': ['미처리 (발생·확인·출동)', 'Live (open, acknowledged, dispatched)'],
  'col.time': ['최근 발생', 'Last seen'],
  'col.title': ['제목', 'Title'],
  'col.entity': ['개체', 'Entity'],
  'col.count': ['횟수', 'Count'],
  'col.actions': ['조치', 'Actions'],
  'act.ack': ['확인', 'Acknowledge'],
  'act.dispatch': ['출동', 'Dispatch'],
  'act.resolve': ['해결', 'Resolve'],
  'act.close': ['종료', 'Close'],
  'act.comment': ['메모 추가', 'Add comment'],
  'act.failed': ['처리 실패', 'Action failed'],
  'sev.critical': ['긴급', 'critical'],
  'sev.major': ['주요', 'major'],
  'sev.minor': ['경미', 'minor'],
  'sev.warning': ['주의', 'warning'],
  'sev.info': ['정보', 'info'],
  'st.open': ['발생', 'open'],
  'st.acknowledged': ['확인됨', 'acknowledged'],
  'st.dispatched': ['출동', 'dispatched'],
  'st.resolved': ['해결됨', 'resolved'],
  'st.closed': ['종료', 'closed'],
  'detail.back': ['← 대기열', '← Queue'],
  'detail.audit': ['처리 이력', 'Audit trail'],
  'detail.series': ['측정값 추이 (24시간)', 'Readings (24 h)'],
  'detail.cameras': ['주변 카메라 (가까운 순)', 'Cameras that see it (nearest first)'],
  'detail.noCameras': ['이 지점을 보는 카메라가 없습니다', 'No camera sees this place'],
  'detail.noSeries': ['표시할 측정값이 없습니다', 'No readings to show'],
  'detail.cleared': ['조건 해소', 'condition cleared'],
  'detail.first': ['최초 발생', 'First seen'],
  'detail.escalation': ['상향 단계', 'Escalation level'],
  'audit.raised': ['발생', 'raised'],
  'audit.repeated': ['재발생', 'repeated'],
  'audit.cleared': ['해소', 'cleared'],
  'audit.ack': ['확인', 'acknowledged'],
  'audit.dispatch': ['출동', 'dispatched'],
  'audit.resolve': ['해결', 'resolved'],
  'audit.close': ['종료', 'closed'],
  'audit.comment': ['메모', 'comment'],
  'audit.assign': ['담당 지정', 'assigned'],
  'audit.escalated': ['상향', 'escalated'],
  'audit.incident': ['사건 연결', 'incident'],
  'rules.title': ['규칙', 'Rules'],
  'rules.new': ['새 규칙', 'New rule'],
  'rules.none': ['규칙이 없습니다', 'No rules yet'],
  'rules.enabled': ['사용', 'enabled'],
  'rules.disabled': ['중지', 'disabled'],
  'rules.json': ['JSON 편집', 'Edit JSON'],
  'rules.form': ['임계값 규칙', 'Threshold rule'],
  'rules.name': ['이름', 'Name'],
  'rules.entityType': ['개체 유형', 'Entity type'],
  'rules.attr': ['속성', 'Attribute'],
  'rules.op': ['비교', 'Operator'],
  'rules.value': ['임계값', 'Threshold'],
  'rules.forSec': ['지속 시간(초)', 'For (seconds)'],
  'rules.save': ['저장', 'Save'],
  'rules.saved': ['저장했습니다', 'Saved'],
  'rules.dryRun': ['지난 24시간 모의 실행', 'Dry-run over the last 24 h'],
  'rules.dryRunResult': ['모의 실행 결과', 'Dry-run result'],
  'rules.wouldFire': ['회 발생했을 것입니다', 'times it would have fired'],
  'rules.observations': ['관측값', 'observations'],
  'rules.badJson': ['JSON 형식이 올바르지 않습니다', 'The JSON is not valid'],
  'cameras.title': ['영상 관제 화면', 'Camera wall'],
  'cameras.none': [
    '아직 등록된 카메라가 없습니다 (카메라 API가 이 서버에 없습니다)',
    'No cameras yet (this server has no camera API)',
  ],
  'cameras.empty': ['표시할 카메라가 없습니다', 'No cameras to show'],
  loading: ['불러오는 중…', 'Loading…'],
  error: ['오류', 'Error'],
} as const satisfies Record<string, readonly [string, string]>;

export type Key = keyof typeof table;

export function t(key: Key): string {
  return table[key][lang.value === 'ko' ? 0 : 1];
}

/** Date-times are shown in Asia/Seoul whatever the browser's zone. */
export function fmtTime(iso: string): string {
  return new Date(iso).toLocaleString(lang.value === 'ko' ? 'ko-KR' : 'en-GB', {
    timeZone: 'Asia/Seoul',
    hour12: false,
  });
}
