// Error codes of the device registry (DOSI_ERR_DEVICE_*), defined in the one registry
// (src/kernel/codes.ts) and named here the way this module uses them.
import { E } from '../kernel/index.ts';

export const deviceErrors = {
  PROFILE_INVALID: E.DEVICE_PROFILE_INVALID,
  PROFILE_NOT_FOUND: E.DEVICE_PROFILE_NOT_FOUND,
  PROFILE_EXISTS: E.DEVICE_PROFILE_EXISTS,
  PROFILE_IN_USE: E.DEVICE_PROFILE_IN_USE,
  DEVICE_INVALID: E.DEVICE_INVALID,
  DEVICE_NOT_FOUND: E.DEVICE_NOT_FOUND,
  DEVICE_EXISTS: E.DEVICE_EXISTS,
  DEVEUI_TAKEN: E.DEVICE_DEVEUI_TAKEN,
  CSV_INVALID: E.DEVICE_CSV_INVALID,
} as const;
