// Routes under /api/v1 for rules (admins and service managers edit; every role reads), plus the alarm
// and incident routes of alarms/http.ts. Tenant-scoped through the principal like every route module.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { as } from './http-auth.ts';
import { alarmRoutes } from './alarms/http.ts';
import type { RulesModule } from './rules.module.ts';
import * as S from './http.schemas.ts';

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

    await app.register(alarmRoutes({ alarms: m.alarms, incidents: m.incidents }));
  };
}
