// The Things Stack v3 webhook: the uplink message (ApplicationUp with `uplink_message`, JSON with
// proto field names in snake_case). The same webhook may be configured for other messages (join
// accepts, downlink events, locations): those are refused as bad_payload.
import type { Rejection } from '../types.ts';
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
  type LoraUplink,
} from './uplink.ts';

/** ApplicationUp's other message kinds. */
const OTHER_MESSAGES = [
  'join_accept',
  'downlink_ack',
  'downlink_nack',
  'downlink_sent',
  'downlink_failed',
  'downlink_queued',
  'downlink_queue_invalidated',
  'location_solved',
  'service_data',
] as const;

export function parseTtsUplink(body: unknown): LoraUplink {
  if (!isJsonObject(body)) throw bad('The Things Stack message must be a JSON object');
  if (!present(body, 'uplink_message')) {
    throw notUplink(OTHER_MESSAGES.find((k) => present(body, k)) ?? 'no uplink_message');
  }
  const ids = objectAt(body, 'end_device_ids', 'end_device_ids');
  const up = objectAt(body, 'uplink_message', 'uplink_message');
  const devEui = devEuiAt(ids, 'dev_eui', 'end_device_ids.dev_eui');
  // The network server's reception time is the closest to when the device measured.
  const time = present(up, 'received_at')
    ? timeAt(up, 'received_at', 'uplink_message.received_at')
    : timeAt(body, 'received_at', 'received_at');
  const receivedAt = present(body, 'received_at') ? timeAt(body, 'received_at', 'received_at') : time;
  const fCnt = uintAt(up, 'f_cnt', 'uplink_message.f_cnt', 0xffff_ffff);
  const fPort = uintAt(up, 'f_port', 'uplink_message.f_port', 255);
  const bytes = bytesAt(up, 'frm_payload', 'uplink_message.frm_payload');
  const decoded = decodedAt(up, 'decoded_payload', 'uplink_message.decoded_payload');
  const msgId = `${devEui}:${fCnt}:${receivedAt}`;
  return { devEui, fPort, fCnt, time, bytes, ...(decoded ? { decoded } : {}), msgId };
}

const notUplink = (kind: string): Rejection => bad(`not an uplink event: ${kind}`);
