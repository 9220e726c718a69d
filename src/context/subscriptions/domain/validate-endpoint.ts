// §5.2.15 Endpoint: uri (http, https, mqtt, mqtts), accept, receiverInfo, notifierInfo (§5.2.22).
import { DosiError, E } from '../../../kernel/index.ts';
import { isPlainObject, short } from '../../ngsi/validate.ts';
import { parseMqttUri } from './mqtt-uri.ts';
import { bad } from './validate-members.ts';
import { ENDPOINT_ACCEPTS, type Endpoint, type EndpointAccept, type KeyValue } from './types.ts';

// RFC 9110 §5.1 token, and field values of visible ASCII and blanks: receiverInfo becomes headers.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;
const HEADER_VALUE = /^[\t\x20-\x7e]{0,4096}$/;
/** Headers the notifier sets itself or that the HTTP client controls. */
const RESERVED = new Set([
  'content-type',
  'content-length',
  'link',
  'host',
  'connection',
  'transfer-encoding',
  'ngsild-tenant',
]);

export function readEndpoint(v: unknown): Endpoint {
  if (!isPlainObject(v))
    throw bad(`notification.endpoint must be a JSON object {uri, accept?}, got ${short(v)}`);
  const out: Endpoint = { uri: readUri(v.uri), accept: readAccept(v.accept) };
  if (v.receiverInfo !== undefined)
    out.receiverInfo = readKeyValues(v.receiverInfo, 'notification.endpoint.receiverInfo', true);
  if (v.notifierInfo !== undefined) out.notifierInfo = readNotifierInfo(v.notifierInfo);
  return out;
}

function readUri(v: unknown): string {
  if (typeof v !== 'string' || v === '') throw bad('notification.endpoint.uri is required');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(v)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    if (!URL.canParse(v) || new URL(v).hostname === '')
      throw bad(`notification.endpoint.uri ${short(v)} is not a valid http(s) URL`);
    return v;
  }
  if (scheme === 'mqtt' || scheme === 'mqtts') {
    try {
      parseMqttUri(v);
    } catch (err) {
      throw bad(`notification.endpoint.uri: ${(err as Error).message}`);
    }
    return v;
  }
  throw bad(`notification.endpoint.uri ${short(v)} must be an http://, https://, mqtt:// or mqtts:// URI`);
}

function readAccept(v: unknown): EndpointAccept {
  if (v === undefined) return 'application/json';
  if (v === 'application/geo+json')
    throw new DosiError(E.NGSI_NOT_SUPPORTED, {
      detail:
        'notifications in application/geo+json are not supported; use application/json or application/ld+json',
    });
  if (typeof v === 'string' && (ENDPOINT_ACCEPTS as readonly string[]).includes(v))
    return v as EndpointAccept;
  throw bad(`notification.endpoint.accept must be application/json or application/ld+json, got ${short(v)}`);
}

function readKeyValues(v: unknown, what: string, asHeaders: boolean): KeyValue[] {
  if (!Array.isArray(v)) throw bad(`${what} must be an array of {key, value}, got ${short(v)}`);
  return (v as unknown[]).map((kv, i) => {
    if (!isPlainObject(kv) || typeof kv.key !== 'string' || typeof kv.value !== 'string')
      throw bad(`${what}[${i}] must be {"key": string, "value": string}, got ${short(kv)}`);
    if (asHeaders && (!HEADER_NAME.test(kv.key) || RESERVED.has(kv.key.toLowerCase())))
      throw bad(`${what}[${i}].key ${short(kv.key)} cannot be used as a header name`);
    if (asHeaders && !HEADER_VALUE.test(kv.value))
      throw bad(`${what}[${i}].value must be printable ASCII (it is sent as a header)`);
    return { key: kv.key, value: kv.value };
  });
}

/** §7.2 MQTT notifier settings: MQTT-Version (mqtt3.1.1 | mqtt5.0) and MQTT-QoS (0 | 1 | 2). */
function readNotifierInfo(v: unknown): KeyValue[] {
  const list = readKeyValues(v, 'notification.endpoint.notifierInfo', false);
  for (const kv of list) {
    if (kv.key === 'MQTT-Version' && kv.value !== 'mqtt3.1.1' && kv.value !== 'mqtt5.0')
      throw bad(`notifierInfo MQTT-Version must be mqtt3.1.1 or mqtt5.0, got ${short(kv.value)}`);
    if (kv.key === 'MQTT-QoS' && !['0', '1', '2'].includes(kv.value))
      throw bad(`notifierInfo MQTT-QoS must be 0, 1 or 2, got ${short(kv.value)}`);
  }
  return list;
}
