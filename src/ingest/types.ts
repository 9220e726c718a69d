// Vocabulary of the ingestion path: what arrives, why it may be refused, and what is stored.
import type { ReadingValue } from '../bus/types.ts';

export type Transport = 'mqtt' | 'http' | 'chirpstack' | 'tts';

/** Why a message was refused. Each reason is a label of dosi_ingest_rejected_total. */
export const REJECT_REASONS = [
  'not_json', // payload is not UTF-8 JSON
  'bad_payload', // JSON, but not the shape a reading has (object / array of objects, ts)
  'unknown_key', // a key that the device profile does not map
  'wrong_type', // value of the wrong JSON type for its attribute
  'out_of_range', // outside the profile's min/max (after scaling) or not in enum
  'missing_key', // a required key is absent
  'decode_failed', // LoRaWAN binary payload shorter than the codec needs, or no codec
  'unknown_device', // no such device (or disabled) in the tenant
  'bad_credentials', // wrong password / device key
  'wrong_topic', // a topic the device may not publish to (another device's or tenant's)
  'too_large', // payload above the size limit
  'store_failed', // the database refused the reading itself (not an outage: those are retried)
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Thrown by decoders and validators; becomes a dead letter. */
export class Rejection extends Error {
  constructor(
    readonly reason: RejectReason,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'Rejection';
  }
}

/** A message as it arrived, before any decoding: what a dead letter keeps. */
export interface RawMessage {
  tenant: string | null;
  deviceId: string | null;
  transport: Transport;
  /** MQTT topic or HTTP path. */
  topic: string;
  payload: Buffer;
  receivedAt: string;
  /**
   * Possibly a retransmission (MQTT DUP flag, the first seconds of a reconnected session, an HTTP
   * Idempotency-Key, a LoRaWAN webhook retry): a copy with the same msgId stored before this instant
   * means it is already stored.
   */
  dupBefore?: string;
  /** Identity of the message for de-duplication of retransmissions (hash of device + payload if absent). */
  msgId?: string;
}

/** A validated reading, ready to be stored. */
export interface Reading {
  tenant: string;
  deviceId: string;
  entityId: string;
  entityType: string;
  values: ReadingValue[];
  receivedAt: string;
  transport: Transport | 'replay';
  msgId: string;
  dupBefore: string | null;
  /** Personal data (the profile's data class): kept for the tenant's shorter personal retention. */
  personal: boolean;
}

export interface DeadLetter {
  id: string;
  tenant: string | null;
  deviceId: string | null;
  transport: Transport;
  topic: string;
  reason: RejectReason;
  detail: string;
  /** Payload as UTF-8 text when it is valid UTF-8, else null (see payloadBase64). */
  payloadText: string | null;
  payloadBase64: string;
  receivedAt: string;
  replayedAt: string | null;
  replayResult: string | null;
}
