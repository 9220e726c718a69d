// Every error code of dosi. Keep docs/ERRORS.md in sync (test/errors-doc.test.ts checks it).
import { defineError } from './errors.ts';

export const E = {
  // generic HTTP / input
  BAD_JSON: defineError(
    'DOSI_ERR_HTTP_BAD_JSON',
    400,
    'The request body is not valid JSON: {detail}',
    'InvalidRequest',
  ),
  BAD_CONTENT_TYPE: defineError(
    'DOSI_ERR_HTTP_CONTENT_TYPE',
    415,
    'Unsupported Content-Type {type}; use {expected}',
    'InvalidRequest',
  ),
  NOT_ACCEPTABLE: defineError(
    'DOSI_ERR_HTTP_NOT_ACCEPTABLE',
    406,
    'Cannot produce any of the accepted media types: {accept}',
    'InvalidRequest',
  ),
  BODY_TOO_LARGE: defineError(
    'DOSI_ERR_HTTP_BODY_TOO_LARGE',
    413,
    'The request body exceeds {limit} bytes',
    'InvalidRequest',
  ),
  LENGTH_REQUIRED: defineError(
    'DOSI_ERR_HTTP_LENGTH_REQUIRED',
    411,
    'Content-Length is required',
    'InvalidRequest',
  ),
  VALIDATION: defineError('DOSI_ERR_HTTP_VALIDATION', 400, 'Invalid request: {detail}', 'BadRequestData'),
  ROUTE_NOT_FOUND: defineError(
    'DOSI_ERR_HTTP_ROUTE_NOT_FOUND',
    404,
    'No route {method} {url}',
    'ResourceNotFound',
  ),
  METHOD_NOT_ALLOWED: defineError(
    'DOSI_ERR_HTTP_METHOD_NOT_ALLOWED',
    405,
    'Method {method} is not allowed on {url}',
    'OperationNotSupported',
  ),
  INTERNAL: defineError('DOSI_ERR_HTTP_INTERNAL', 500, 'Internal error (reference {ref})', 'InternalError'),
  RATE_LIMITED: defineError('DOSI_ERR_HTTP_RATE_LIMITED', 429, 'Too many requests', 'InvalidRequest'),
  // auth and tenancy
  UNAUTHENTICATED: defineError(
    'DOSI_ERR_AUTH_UNAUTHENTICATED',
    401,
    'Authentication required: {detail}',
    'InvalidRequest',
  ),
  FORBIDDEN: defineError('DOSI_ERR_AUTH_FORBIDDEN', 403, 'Not allowed: {detail}', 'InvalidRequest'),
  BAD_CREDENTIALS: defineError(
    'DOSI_ERR_AUTH_BAD_CREDENTIALS',
    401,
    'Wrong user name or password',
    'InvalidRequest',
  ),
  TENANT_UNKNOWN: defineError(
    'DOSI_ERR_TENANT_UNKNOWN',
    404,
    'Tenant {tenant} does not exist',
    'NonexistentTenant',
  ),
  TENANT_INVALID: defineError(
    'DOSI_ERR_TENANT_INVALID',
    400,
    'Invalid tenant code {tenant}: {detail}',
    'BadRequestData',
  ),
  TENANT_EXISTS: defineError(
    'DOSI_ERR_TENANT_EXISTS',
    409,
    'Tenant {tenant} already exists',
    'AlreadyExists',
  ),
  TENANT_MISMATCH: defineError(
    'DOSI_ERR_TENANT_MISMATCH',
    403,
    'Your credentials are not valid for tenant {tenant}',
    'InvalidRequest',
  ),
  USER_EXISTS: defineError('DOSI_ERR_USER_EXISTS', 409, 'User {user} already exists', 'AlreadyExists'),
  USER_INVALID: defineError('DOSI_ERR_USER_INVALID', 400, 'Invalid user: {detail}', 'BadRequestData'),
  USER_UNKNOWN: defineError('DOSI_ERR_USER_UNKNOWN', 404, 'User {user} does not exist', 'ResourceNotFound'),
  ROLE_INVALID: defineError(
    'DOSI_ERR_USER_ROLE_INVALID',
    400,
    'Unknown role {role}; roles are {roles}',
    'BadRequestData',
  ),
  APIKEY_INVALID: defineError('DOSI_ERR_APIKEY_INVALID', 400, 'Invalid API key: {detail}', 'BadRequestData'),
  APIKEY_UNKNOWN: defineError(
    'DOSI_ERR_APIKEY_UNKNOWN',
    404,
    'API key {id} does not exist',
    'ResourceNotFound',
  ),
  // NGSI-LD
  NGSI_BAD_DATA: defineError('DOSI_ERR_NGSI_BAD_DATA', 400, '{detail}', 'BadRequestData'),
  NGSI_INVALID_REQUEST: defineError('DOSI_ERR_NGSI_INVALID_REQUEST', 400, '{detail}', 'InvalidRequest'),
  NGSI_BAD_QUERY: defineError('DOSI_ERR_NGSI_BAD_QUERY', 400, 'Invalid query: {detail}', 'InvalidRequest'),
  NGSI_BAD_GEOQUERY: defineError(
    'DOSI_ERR_NGSI_BAD_GEOQUERY',
    400,
    'Invalid geo-query: {detail}',
    'InvalidRequest',
  ),
  NGSI_NOT_FOUND: defineError(
    'DOSI_ERR_NGSI_NOT_FOUND',
    404,
    '{what} {id} was not found',
    'ResourceNotFound',
  ),
  NGSI_EXISTS: defineError('DOSI_ERR_NGSI_EXISTS', 409, '{what} {id} already exists', 'AlreadyExists'),
  NGSI_NOT_SUPPORTED: defineError('DOSI_ERR_NGSI_NOT_SUPPORTED', 422, '{detail}', 'OperationNotSupported'),
  NGSI_CONTEXT: defineError(
    'DOSI_ERR_NGSI_CONTEXT',
    503,
    '@context not available: {detail}',
    'LdContextNotAvailable',
  ),
  NGSI_TOO_MANY: defineError('DOSI_ERR_NGSI_TOO_MANY', 403, '{detail}', 'TooManyResults'),
  // config and storage
  CONFIG_INVALID: defineError(
    'DOSI_ERR_CONFIG_INVALID',
    500,
    'Invalid configuration: {detail}',
    'InternalError',
  ),
  STORAGE_UNAVAILABLE: defineError(
    'DOSI_ERR_STORAGE_UNAVAILABLE',
    503,
    'The database is not reachable: {detail}',
    'InternalError',
  ),
  // ingestion
  INGEST_REJECTED: defineError(
    'DOSI_ERR_INGEST_REJECTED',
    400,
    'The reading was refused ({reason}): {detail}. It is kept in the dead-letter store.',
    'BadRequestData',
  ),
  INGEST_UNAUTHENTICATED: defineError(
    'DOSI_ERR_INGEST_UNAUTHENTICATED',
    401,
    'Device authentication failed ({reason}): {detail}',
    'InvalidRequest',
  ),
  DEAD_LETTER_NOT_FOUND: defineError(
    'DOSI_ERR_INGEST_DEAD_LETTER_NOT_FOUND',
    404,
    'No dead letter {id}',
    'ResourceNotFound',
  ),
  // device registry
  DEVICE_PROFILE_INVALID: defineError(
    'DOSI_ERR_DEVICE_PROFILE_INVALID',
    400,
    'Invalid device profile: {detail}',
    'BadRequestData',
  ),
  DEVICE_PROFILE_NOT_FOUND: defineError(
    'DOSI_ERR_DEVICE_PROFILE_NOT_FOUND',
    404,
    'Device profile {id} does not exist in tenant {tenant}',
    'ResourceNotFound',
  ),
  DEVICE_PROFILE_EXISTS: defineError(
    'DOSI_ERR_DEVICE_PROFILE_EXISTS',
    409,
    'Device profile {id} already exists in tenant {tenant}',
    'AlreadyExists',
  ),
  DEVICE_PROFILE_IN_USE: defineError(
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
  DEVICE_DEVEUI_TAKEN: defineError(
    'DOSI_ERR_DEVICE_DEVEUI_TAKEN',
    409,
    'DevEUI {devEui} is already used by device {other} in tenant {tenant}',
    'AlreadyExists',
  ),
  DEVICE_CSV_INVALID: defineError(
    'DOSI_ERR_DEVICE_CSV_INVALID',
    400,
    'Invalid device CSV: {detail}',
    'BadRequestData',
  ),
} as const;
