export * from './envelope.js';
export * from './events.js';
export * from './streams.js';
export * from './problems.js';
export * from './validation.js';
export * from './openapi.js';
export * from './http/intake.js';
export * from './http/evidence.js';
