// Routes under /api/v1 for alarms and incidents: operators handle them (alarm:handle), more roles read
// them (alarm:read). Tenant-scoped through the principal like every route module.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AlarmService } from './alarm.service.ts';
import type { IncidentService } from './incident.service.ts';
import type { Action } from './domain/lifecycle.ts';
import type { AlarmFilter } from './store/alarm.repository.ts';
import { as, list } from '../http-auth.ts';
import * as S from '../http.schemas.ts';

export function alarmRoutes(deps: { alarms: AlarmService; incidents: IncidentService }): FastifyPluginAsync {
  const m = deps;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
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
