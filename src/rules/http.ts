// Routes under /api/v1: rules (admins and service managers edit; everyone reads), alarms and
// incidents (operators handle). Tenant-scoped through the principal like every route module.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { assertCan, type Action as Permission, type Principal } from '../identity/index.ts';
import { principalOf } from '../api/request-context.ts';
import type { Action } from './alarms/domain/lifecycle.ts';
import type { RulesModule } from './rules.module.ts';
import * as S from './http.schemas.ts';
import type { AlarmFilter } from './alarms/store/alarm.repository.ts';

function as(req: FastifyRequest, action: Permission): Principal {
  const p = principalOf(req);
  assertCan(p, action);
  return p;
}

const list = <T extends string>(s: string | undefined) =>
  s === undefined || s === '' ? undefined : (s.split(',').map((x) => x.trim()) as T[]);

export function rulesRoutes(deps: { rules: RulesModule }): FastifyPluginAsync {
  const m = deps.rules;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['rules'];

    app.get(
      '/rules',
      { schema: { tags, summary: '규칙 목록 / List rules', response: { 200: Type.Array(S.RuleSchema) } } },
      async (req) => m.rules.list(as(req, 'context:read').tenant),
    );
    app.post(
      '/rules',
      {
        schema: {
          tags,
          summary: '규칙 생성 / Create a rule (version 1)',
          body: S.RuleBody,
          response: { 201: S.RuleSchema },
        },
      },
      async (req, reply) => {
        const p = as(req, 'rule:manage');
        return reply.code(201).send(await m.rules.create(p.tenant, req.body, p.subject));
      },
    );
    app.post(
      '/rules/dry-run',
      {
        schema: {
          tags,
          summary: '규칙 시험 실행 / Dry-run a posted rule against stored history',
          body: S.PostedDryRunBody,
          response: { 200: S.DryRunSchema },
        },
      },
      async (req) => m.dryRun(as(req, 'context:read').tenant, { body: req.body.rule }, req.body),
    );
    app.get(
      '/rules/:id',
      {
        schema: {
          tags,
          summary: '규칙 조회 / One rule (current version)',
          params: S.IdParams,
          response: { 200: S.RuleSchema },
        },
      },
      async (req) => m.rules.get(as(req, 'context:read').tenant, req.params.id),
    );
    app.put(
      '/rules/:id',
      {
        schema: {
          tags,
          summary: '규칙 교체 / Replace a rule (a new version)',
          params: S.IdParams,
          body: S.RuleBody,
          response: { 200: S.RuleSchema },
        },
      },
      async (req) => {
        const p = as(req, 'rule:manage');
        return m.rules.replace(p.tenant, req.params.id, req.body, p.subject);
      },
    );
    app.delete(
      '/rules/:id',
      {
        schema: {
          tags,
          summary: '규칙 삭제 / Delete a rule (its versions are kept)',
          params: S.IdParams,
          response: { 204: Type.Null() },
        },
      },
      async (req, reply) => {
        const p = as(req, 'rule:manage');
        await m.rules.remove(p.tenant, req.params.id, p.subject);
        return reply.code(204).send(null);
      },
    );
    for (const enabled of [true, false]) {
      app.post(
        `/rules/:id/${enabled ? 'enable' : 'disable'}`,
        {
          schema: {
            tags,
            summary: enabled ? '규칙 사용 / Enable a rule' : '규칙 중지 / Disable a rule',
            params: S.IdParams,
            response: { 200: S.RuleSchema },
          },
        },
        async (req) => {
          const p = as(req, 'rule:manage');
          return m.rules.setEnabled(p.tenant, req.params.id, enabled, p.subject);
        },
      );
    }
    app.get(
      '/rules/:id/versions',
      {
        schema: {
          tags,
          summary: '규칙 이력 / Every saved version',
          params: S.IdParams,
          response: { 200: Type.Array(S.RuleVersionSchema) },
        },
      },
      async (req) => m.rules.versions(as(req, 'context:read').tenant, req.params.id),
    );
    app.get(
      '/rules/:id/versions/:version',
      {
        schema: {
          tags,
          summary: '규칙 버전 / One saved version',
          params: S.VersionParams,
          response: { 200: S.RuleVersionSchema },
        },
      },
      async (req) => m.rules.version(as(req, 'context:read').tenant, req.params.id, req.params.version),
    );
    app.post(
      '/rules/:id/dry-run',
      {
        schema: {
          tags,
          summary: '규칙 시험 실행 / Dry-run a saved rule against stored history',
          params: S.IdParams,
          body: S.RangeBody,
          response: { 200: S.DryRunSchema },
        },
      },
      async (req) => m.dryRun(as(req, 'context:read').tenant, { id: req.params.id }, req.body),
    );

    const atags = ['alarms'];
    app.get(
      '/alarms',
      {
        schema: {
          tags: atags,
          summary: '경보 목록 / List alarms (newest lastSeen first)',
          querystring: S.AlarmListQuery,
          response: { 200: S.AlarmListSchema },
        },
      },
      async (req) => {
        const q = req.query;
        const f: AlarmFilter = { limit: q.limit ?? 100, offset: q.offset ?? 0 };
        const state = list<NonNullable<AlarmFilter['state']>[number]>(q.state);
        const severity = list<NonNullable<AlarmFilter['severity']>[number]>(q.severity);
        const category = list<string>(q.category);
        if (state) f.state = state;
        if (severity) f.severity = severity;
        if (category) f.category = category;
        if (q.entityId) f.entityId = q.entityId;
        if (q.ruleId) f.ruleId = q.ruleId;
        if (q.incidentId) f.incidentId = q.incidentId;
        if (q.since) f.since = q.since;
        if (q.until) f.until = q.until;
        return m.alarms.list(as(req, 'alarm:read').tenant, f);
      },
    );
    app.get(
      '/alarms/:id',
      {
        schema: {
          tags: atags,
          summary: '경보 조회 / One alarm with its audit trail',
          params: S.IdParams,
          response: { 200: S.AlarmSchema },
        },
      },
      async (req) => m.alarms.get(as(req, 'alarm:read').tenant, req.params.id),
    );
    app.post(
      '/alarms/:id/:action',
      {
        schema: {
          tags: atags,
          summary:
            '경보 처리 / ack | dispatch | resolve | close (open → acknowledged → dispatched → resolved → closed)',
          params: S.ActionParams,
          body: S.NoteBody,
          response: { 200: S.AlarmSchema },
        },
      },
      async (req) => {
        const p = as(req, 'alarm:handle');
        return m.alarms.act(p.tenant, req.params.id, req.params.action as Action, p.subject, req.body?.note);
      },
    );
    app.post(
      '/alarms/:id/comment',
      {
        schema: {
          tags: atags,
          summary: '경보 메모 / Comment',
          params: S.IdParams,
          body: S.CommentBody,
          response: { 200: S.AlarmSchema },
        },
      },
      async (req) => {
        const p = as(req, 'alarm:handle');
        return m.alarms.comment(p.tenant, req.params.id, p.subject, req.body.note);
      },
    );
    app.post(
      '/alarms/:id/assign',
      {
        schema: {
          tags: atags,
          summary: '경보 담당 지정 / Assign (null = nobody)',
          params: S.IdParams,
          body: S.AssignBody,
          response: { 200: S.AlarmSchema },
        },
      },
      async (req) => {
        const p = as(req, 'alarm:handle');
        return m.alarms.assign(p.tenant, req.params.id, p.subject, req.body.assignee, req.body.note);
      },
    );

    const itags = ['incidents'];
    app.get(
      '/incidents',
      {
        schema: {
          tags: itags,
          summary: '사건 목록 / List incidents',
          querystring: S.IncidentListQuery,
          response: { 200: Type.Array(S.IncidentSchema) },
        },
      },
      async (req) =>
        m.incidents.list(
          as(req, 'alarm:read').tenant,
          list(req.query.state),
          req.query.limit ?? 100,
          req.query.offset ?? 0,
        ),
    );
    app.post(
      '/incidents',
      {
        schema: {
          tags: itags,
          summary: '사건 생성 / Create an incident from alarms',
          body: S.NewIncidentBody,
          response: { 201: S.IncidentSchema },
        },
      },
      async (req, reply) => {
        const p = as(req, 'alarm:handle');
        const b = req.body;
        return reply.code(201).send(
          await m.incidents.create(
            p.tenant,
            {
              title: b.title,
              description: b.description,
              severity: b.severity as never,
              alarmIds: b.alarmIds,
            },
            p.subject,
          ),
        );
      },
    );
    app.get(
      '/incidents/:id',
      {
        schema: {
          tags: itags,
          summary: '사건 조회 / One incident with its audit trail',
          params: S.IdParams,
          response: { 200: S.IncidentSchema },
        },
      },
      async (req) => m.incidents.get(as(req, 'alarm:read').tenant, req.params.id),
    );
    app.post(
      '/incidents/:id/alarms',
      {
        schema: {
          tags: itags,
          summary: '사건에 경보 추가 / Add alarms',
          params: S.IdParams,
          body: S.AlarmIdsBody,
          response: { 200: S.IncidentSchema },
        },
      },
      async (req) => {
        const p = as(req, 'alarm:handle');
        return m.incidents.addAlarms(p.tenant, req.params.id, req.body.alarmIds, p.subject);
      },
    );
    app.delete(
      '/incidents/:id/alarms/:alarmId',
      {
        schema: {
          tags: itags,
          summary: '사건에서 경보 제거 / Remove an alarm',
          params: S.IncidentAlarmParams,
          response: { 200: S.IncidentSchema },
        },
      },
      async (req) => {
        const p = as(req, 'alarm:handle');
        return m.incidents.removeAlarm(p.tenant, req.params.id, req.params.alarmId, p.subject);
      },
    );
    app.post(
      '/incidents/:id/comment',
      {
        schema: {
          tags: itags,
          summary: '사건 메모 / Comment',
          params: S.IdParams,
          body: S.CommentBody,
          response: { 200: S.IncidentSchema },
        },
      },
      async (req) => {
        const p = as(req, 'alarm:handle');
        return m.incidents.comment(p.tenant, req.params.id, p.subject, req.body.note);
      },
    );
    app.post(
      '/incidents/:id/assign',
      {
        schema: {
          tags: itags,
          summary: '사건 담당 지정 / Assign',
          params: S.IdParams,
          body: S.AssignBody,
          response: { 200: S.IncidentSchema },
        },
      },
      async (req) => {
        const p = as(req, 'alarm:handle');
        return m.incidents.assign(p.tenant, req.params.id, p.subject, req.body.assignee);
      },
    );
    app.post(
      '/incidents/:id/:action',
      {
        schema: {
          tags: itags,
          summary: '사건 처리 / ack | dispatch | resolve | close',
          params: S.ActionParams,
          body: S.NoteBody,
          response: { 200: S.IncidentSchema },
        },
      },
      async (req) => {
        const p = as(req, 'alarm:handle');
        return m.incidents.act(
          p.tenant,
          req.params.id,
          req.params.action as Action,
          p.subject,
          req.body?.note,
        );
      },
    );
  };
}
