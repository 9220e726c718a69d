// ChirpStack v4 HTTP integration: the "up" event body (JSON encoding of integration.UplinkEvent,
// proto field names in lowerCamelCase). ChirpStack names the event type only in the URL (?event=up),
// so the body's own fields tell an uplink from a join, status, ack, txack, log or location event.
import { Rejection } from '../types.ts';
import {
  bad,
  bytesAt,
  decodedAt,
  devEuiAt,
  isJsonObject,
  objectAt,
  present,
  timeAt,
  uintAt,
  type Json,
  type LoraUplink,
} from './uplink.ts';

/** Fields only an UplinkEvent has (rxInfo is there for every frame a gateway heard). */
const UPLINK_ONLY = ['rxInfo', 'fCnt', 'fPort', 'data', 'dr', 'adr', 'confirmed'] as const;

/** The other event types and a field that marks each, checked in this order. */
const OTHER_EVENTS: readonly (readonly [string, readonly string[]])[] = [
  ['integration', ['integrationName', 'eventType']],
  ['txack', ['downlinkId', 'gatewayId']],
  ['ack', ['queueItemId', 'acknowledged', 'fCntDown']],
  ['log', ['level', 'code', 'description']],
  ['status', ['margin', 'batteryLevel', 'externalPowerSource', 'batteryLevelUnavailable']],
  ['location', ['location']],
  ['join', ['devAddr']],
];

/**
 * Parses a ChirpStack v4 uplink event. `event` is the `event` query parameter of the integration URL
 * when the caller has it; other event types are refused as bad_payload ('not an uplink event: join').
 */
export function parseChirpstackUplink(body: unknown, event?: string): LoraUplink {
  if (event !== undefined && event !== 'up') throw notUplink(event);
  if (!isJsonObject(body)) throw bad('ChirpStack event must be a JSON object');
  if (!UPLINK_ONLY.some((k) => present(body, k))) throw notUplink(otherKind(body));

  const info = objectAt(body, 'deviceInfo', 'deviceInfo');
  const devEui = devEuiAt(info, 'devEui', 'deviceInfo.devEui');
  const time = timeAt(body, 'time', 'time');
  const fCnt = uintAt(body, 'fCnt', 'fCnt', 0xffff_ffff);
  const fPort = uintAt(body, 'fPort', 'fPort', 255);
  const bytes = bytesAt(body, 'data', 'data');
  const decoded = decodedAt(body, 'object', 'object');
  const dedup = body.deduplicationId;
  const msgId = typeof dedup === 'string' && dedup !== '' ? dedup : `${devEui}:${fCnt}:${time}`;
  return { devEui, fPort, fCnt, time, bytes, ...(decoded ? { decoded } : {}), msgId };
}

function otherKind(body: Json): string {
  for (const [kind, marks] of OTHER_EVENTS) if (marks.some((k) => present(body, k))) return kind;
  return 'no uplink fields (rxInfo, fCnt, fPort, data)';
}

const notUplink = (kind: string): Rejection => bad(`not an uplink event: ${kind.slice(0, 64)}`);
