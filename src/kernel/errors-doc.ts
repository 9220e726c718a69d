// docs/ERRORS.md is generated from the registry (`npm run dosi -- errors-doc > docs/ERRORS.md`).
import { NGSI_ERROR_TYPES, errorRegistry } from './errors.ts';
import './codes.ts';

export function errorsDoc(): string {
  const rows = [...errorRegistry()]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((d) => `| \`${d.code}\` | ${d.status} | ${d.ngsi} | ${d.template.replace(/\|/g, '\\|')} |`);
  return [
    '# Error codes',
    '',
    'Generated from `src/kernel/codes.ts`; a test checks that every code is listed here.',
    '',
    'Routes under `/ngsi-ld/v1` answer ETSI ProblemDetails (`type` is the ETSI error URI of the NGSI-LD',
    'column, e.g. `' + NGSI_ERROR_TYPES.BadRequestData + '`); every other route answers RFC 9457',
    '`application/problem+json` with `type: urn:dosi:error:<code>`. Both carry `code`, `status`, `title` and',
    '`detail`. An unexpected failure is a 500 `DOSI_ERR_HTTP_INTERNAL` whose detail holds only a reference',
    'that appears in the log next to the real cause.',
    '',
    '| code | HTTP | NGSI-LD type | message |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
