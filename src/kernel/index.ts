export * from './errors.ts';
export { E } from './codes.ts';
export * from './clock.ts';
export * from './logger.ts';
