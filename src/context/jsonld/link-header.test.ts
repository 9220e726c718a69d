import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JSONLD_CONTEXT_REL } from './constants.ts';
import { LdContextError } from './errors.ts';
import { formatLinkHeader, parseLinkHeader } from './link-header.ts';

const CTX = 'https://example.org/ctx/city.jsonld';

describe('parseLinkHeader', () => {
  it('extracts the URL of the NGSI-LD style Link header', () => {
    const value = `<${CTX}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;
    assert.equal(parseLinkHeader(value), CTX);
  });

  it('accepts an unquoted rel and extra whitespace', () => {
    assert.equal(parseLinkHeader(`  < ${CTX} > ;rel=${JSONLD_CONTEXT_REL}`), CTX);
  });

  it('picks the JSON-LD link among several links and keeps commas inside the URL', () => {
    const url = 'https://example.org/ctx?a=1,2';
    const value = `<https://example.org/next>; rel="next", <${url}>; rel="${JSONLD_CONTEXT_REL}", <https://e.org/x>; title="a, b"`;
    assert.equal(parseLinkHeader(value), url);
  });

  it('accepts a rel list holding the context relation', () => {
    assert.equal(parseLinkHeader(`<${CTX}>; rel="alternate ${JSONLD_CONTEXT_REL}"`), CTX);
  });

  it('reads several header lines given as an array', () => {
    assert.equal(
      parseLinkHeader(['<https://e.org/n>; rel=next', `<${CTX}>; rel="${JSONLD_CONTEXT_REL}"`]),
      CTX,
    );
  });

  it('returns undefined when no link has the context relation', () => {
    assert.equal(parseLinkHeader('<https://e.org/n>; rel="next"'), undefined);
    assert.equal(parseLinkHeader(''), undefined);
    assert.equal(parseLinkHeader(undefined), undefined);
    assert.equal(parseLinkHeader(`${CTX}; rel="${JSONLD_CONTEXT_REL}"`), undefined); // no <…>
  });

  it('rejects two context links with BadRequestData', () => {
    const value = `<${CTX}>; rel="${JSONLD_CONTEXT_REL}", <https://e.org/b>; rel="${JSONLD_CONTEXT_REL}"`;
    assert.throws(
      () => parseLinkHeader(value),
      (e: unknown) => e instanceof LdContextError && e.kind === 'BadRequestData',
    );
  });

  it('rejects a relative target', () => {
    assert.throws(
      () => parseLinkHeader(`<ctx.jsonld>; rel="${JSONLD_CONTEXT_REL}"`),
      (e: unknown) => e instanceof LdContextError && e.kind === 'BadRequestData' && e.url === 'ctx.jsonld',
    );
  });

  it('round-trips formatLinkHeader', () => {
    const header = formatLinkHeader(CTX);
    assert.equal(header, `<${CTX}>; rel="${JSONLD_CONTEXT_REL}"; type="application/ld+json"`);
    assert.equal(parseLinkHeader(header), CTX);
  });
});
