// Error codes of the device registry (DOSI_ERR_DEVICE_*). They join the one registry of coded errors
// (src/kernel/errors.ts) when this module is loaded; docs/ERRORS.md lists them once regenerated.
import { defineError } from '../kernel/errors.ts';

export const deviceErrors = {
  PROFILE_INVALID: defineError(
    'DOSI_ERR_DEVICE_PROFILE_INVALID',
    400,
    'Invalid device profile: {detail}',
    'BadRequestData',
  ),
  PROFILE_NOT_FOUND: defineError(
    'DOSI_ERR_DEVICE_PROFILE_NOT_FOUND',
    404,
    'Device profile {id} does not exist in tenant {tenant}',
    'ResourceNotFound',
  ),
  PROFILE_EXISTS: defineError(
    'DOSI_ERR_DEVICE_PROFILE_EXISTS',
    409,
    'Device profile {id} already exists in tenant {tenant}',
    'AlreadyExists',
  ),
  PROFILE_IN_USE: defineError(
    'DOSI_ERR_DEVICE_PROFILE_IN_USE',
    409,
    'Device profile {id} is used by {count} device(s): {detail}',
    'InvalidRequest',
  ),
  DEVICE_INVALID: defineError('DOSI_ERR_DEVICE_INVALID', 400, 'Invalid device: {detail}', 'BadRequestData'),
  DEVICE_NOT_FOUND: defineError(
    'DOSI_ERR_DEVICE_NOT_FOUND',
    404,
    'Device {id} does not exist in tenant {tenant}',
    'ResourceNotFound',
  ),
  DEVICE_EXISTS: defineError(
    'DOSI_ERR_DEVICE_EXISTS',
    409,
    'Device {id} already exists in tenant {tenant}',
    'AlreadyExists',
  ),
  DEVEUI_TAKEN: defineError(
    'DOSI_ERR_DEVICE_DEVEUI_TAKEN',
    409,
    'DevEUI {devEui} is already used by device {other} in tenant {tenant}',
    'AlreadyExists',
  ),
  CSV_INVALID: defineError(
    'DOSI_ERR_DEVICE_CSV_INVALID',
    400,
    'Invalid device CSV: {detail}',
    'BadRequestData',
  ),
} as const;
