// LoRaWAN ingestion's decoding step: a parsed network-server uplink (ChirpStack or The Things Stack)
// becomes ReadingValues, through the profile's binary codec or else the server's own decoded payload.
import type { ReadingValue } from '../../bus/types.ts';
import type { DeviceProfile } from '../../devices/types.ts';
import { Rejection } from '../types.ts';
import { decodeBinary } from './codec.ts';
import { readObject } from './json.ts';
import { mapObject, type MapOptions } from './map-object.ts';
import type { LoraUplink } from './uplink.ts';

export type { LoraUplink } from './uplink.ts';
export { parseChirpstackUplink } from './chirpstack.ts';
export { parseTtsUplink } from './tts.ts';

// Codec fields the profile maps to no attribute (a flags byte, a counter) are decoded but not stored:
// that is the profile's choice, not a fault of the device's payload.
const CODEC_FIELDS: MapOptions = { ignoreUnknown: true };

/**
 * The profile's codec wins over the server's decoding: dosi then does not depend on a codec maintained
 * in the network server. Readings are observed at the uplink's time (a decoded payload's own `ts`
 * overrides it, checked like a JSON reading's).
 */
export function decodeLoraReadings(
  profile: DeviceProfile,
  uplink: LoraUplink,
  receivedAt: string,
): ReadingValue[] {
  if (profile.codec) {
    const fields = decodeBinary(profile.codec, uplink.bytes, uplink.fPort ?? undefined);
    return mapObject(profile, fields, uplink.time, CODEC_FIELDS);
  }
  if (uplink.decoded) return readObject(profile, uplink.decoded, uplink.time, receivedAt);
  throw new Rejection('decode_failed', 'no codec in profile and no decoded payload');
}
