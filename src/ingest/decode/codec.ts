// Declarative decoder of LoRaWAN binary payloads: each codec field names a byte offset and a type. No
// code from profiles ever runs here, so an operator-edited profile cannot execute anything.
import {
  CODEC_FIELD_SIZES as SIZE,
  type Codec,
  type CodecField,
  type CodecFieldType,
} from '../../devices/types.ts';
import { Rejection } from '../types.ts';
import { scaleValue, shortestFloat32 } from './numeric.ts';

/**
 * Reads every field of the codec that applies to this fPort (a field with its own fPort is skipped
 * on other ports; with fPort unknown every field is read). Values are raw × field scale.
 */
export function decodeBinary(
  codec: Codec,
  bytes: Uint8Array,
  fPort?: number,
): Record<string, number | boolean> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, number | boolean> = {};
  for (const f of codec.fields) {
    if (f.fPort !== undefined && fPort !== undefined && f.fPort !== fPort) continue;
    set(out, f.name, readField(f, view));
  }
  return out;
}

function readField(f: CodecField, view: DataView): number | boolean {
  const size = SIZE[f.type] as number | undefined;
  if (size === undefined)
    throw new Rejection('decode_failed', `field '${f.name}' has unknown type '${String(f.type)}'`);
  if (!Number.isSafeInteger(f.offset) || f.offset < 0) {
    throw new Rejection('decode_failed', `field '${f.name}' has invalid offset ${f.offset}`);
  }
  const end = f.offset + size;
  if (end > view.byteLength) {
    throw new Rejection(
      'decode_failed',
      `field '${f.name}' needs bytes ${f.offset}..${end - 1}, payload has ${view.byteLength}`,
    );
  }
  if (f.type === 'bool') return readBool(f, view.getUint8(f.offset));
  const raw = readNumber(f.type, view, f.offset);
  return scaleValue(raw, f.scale ?? 1, 0);
}

function readBool(f: CodecField, byte: number): boolean {
  if (f.bit === undefined) return byte !== 0;
  if (!Number.isInteger(f.bit) || f.bit < 0 || f.bit > 7) {
    throw new Rejection('decode_failed', `field '${f.name}' has invalid bit ${f.bit}`);
  }
  return ((byte >> f.bit) & 1) === 1;
}

function readNumber(type: Exclude<CodecFieldType, 'bool'>, view: DataView, at: number): number {
  switch (type) {
    case 'u8':
      return view.getUint8(at);
    case 'i8':
      return view.getInt8(at);
    case 'u16be':
      return view.getUint16(at, false);
    case 'u16le':
      return view.getUint16(at, true);
    case 'i16be':
      return view.getInt16(at, false);
    case 'i16le':
      return view.getInt16(at, true);
    case 'u32be':
      return view.getUint32(at, false);
    case 'u32le':
      return view.getUint32(at, true);
    case 'i32be':
      return view.getInt32(at, false);
    case 'i32le':
      return view.getInt32(at, true);
    // A float32's NaN or ±Infinity is returned as is; the profile mapping refuses it as wrong_type.
    case 'f32be':
      return shortestFloat32(view.getFloat32(at, false));
    case 'f32le':
      return shortestFloat32(view.getFloat32(at, true));
  }
}

/** Assignment that stays a data property even for a field named `__proto__`. */
function set(out: Record<string, number | boolean>, name: string, v: number | boolean): void {
  if (name === '__proto__')
    Object.defineProperty(out, name, { value: v, enumerable: true, writable: true, configurable: true });
  else out[name] = v;
}
