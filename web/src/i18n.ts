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
  'nav.waste': ['수거 계획', 'Collection'],
  'waste.title': ['수거 계획', 'Collection plan'],
  'waste.none': ['진행 중인 수거 계획이 없습니다', 'No active collection plan'],
  'waste.regenerate': ['계획 다시 만들기', 'Regenerate plan'],
  'waste.planning': ['경로 계산 중…', 'Planning routes…'],
  'waste.shift': ['근무 시간', 'Shift'],
  'waste.depot': ['차고지', 'Depot'],
  'waste.stops': ['수거 지점', 'Stops'],
  'waste.due': ['수거 필요', 'due'],
  'waste.onTheWay': ['경로상 추가', 'on the way'],
  'waste.distance': ['거리', 'Distance'],
  'waste.load': ['수거량', 'Load'],
  'waste.unserved': ['이번 계획에서 빠진 수거함', 'Bins left out of this plan'],
  'waste.reason.fleetCapacity': ['차량 용량 부족', 'not enough truck capacity'],
  'waste.reason.binLargerThanTruck': ['수거함이 차량보다 큼', 'bin larger than any truck'],
  'waste.routes': ['차량별 경로', 'Routes by truck'],
  'waste.eta': ['도착 예정', 'ETA'],
  'waste.doneAt': ['수거 완료 시각', 'Emptied at'],
  'waste.fill': ['채움', 'Fill'],
  'waste.state.pending': ['대기', 'pending'],
  'waste.state.done': ['완료', 'done'],
  'waste.overtime': ['근무 시간 초과', 'overtime'],
  'waste.downloadAll': ['전체 내려받기', 'Download all'],
  'waste.print': ['경로표 인쇄', 'Print route sheet'],
  'waste.bins': ['수거함', 'bins'],
  'waste.legend': ['채움 50% 미만 · 80% 미만 · 80% 이상', 'fill < 50 % · < 80 % · ≥ 80 %'],
  'waste.status.active': ['진행 중', 'active'],
  'waste.status.superseded': ['대체됨', 'superseded'],
  'waste.status.completed': ['완료', 'completed'],
  'waste.sim.title': ['고정 일정 vs 계획 수거', 'Fixed schedule vs planned'],
  'waste.sim.days': ['일 모의 실험', 'day simulation'],
  'waste.sim.fixed': ['고정 일정', 'Fixed'],
  'waste.sim.planned': ['계획 수거', 'Planned'],
  'waste.sim.saving': ['절감', 'Saving'],
  'waste.sim.collections': ['수거 횟수', 'Collections'],
  'waste.sim.distanceKm': ['주행 거리 (km)', 'Distance (km)'],
  'waste.sim.overflowEvents': ['넘침 발생', 'Overflow events'],
  'waste.sim.overflowBinHours': ['넘침 시간 (수거함·시간)', 'Overflow (bin-hours)'],
  'waste.sim.avgFillAtCollection': ['수거 시 평균 채움', 'Mean fill at collection'],
  'sheet.title': ['수거 경로표', 'Collection route sheet'],
  'sheet.truck': ['차량', 'Truck'],
  'sheet.seq': ['순번', 'No.'],
  'sheet.bin': ['수거함', 'Bin'],
  'sheet.dong': ['동', 'Dong'],
  'sheet.fill': ['예상 채움', 'Expected fill'],
  'sheet.litres': ['리터', 'Litres'],
  'sheet.check': ['확인', 'Done'],
  'sheet.total': ['합계', 'Total'],
  'sheet.print': ['인쇄', 'Print'],
  'sheet.back': ['← 수거 계획', '← Collection plan'],
  'sheet.noTruck': ['이 계획에 해당 차량이 없습니다', 'This plan has no such truck'],
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

/** Hour and minute in Asia/Seoul (HH:mm). */
export function fmtHm(iso: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', {
    timeZone: 'Asia/Seoul',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}

/** A shift in Asia/Seoul: date, start and end hour (2026-03-02 05:00–13:00). */
export function fmtShift(startIso: string, endIso: string): string {
  const day = new Date(startIso).toLocaleDateString('sv-SE', { timeZone: 'Asia/Seoul' });
  return `${day} ${fmtHm(startIso)}–${fmtHm(endIso)}`;
}
