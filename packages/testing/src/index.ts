export * from './infra.js';
export * from './databases.js';
export * from './names.js';
export * from './clocks.js';
export * from './wait-for.js';
export * from './nats-server.js';
export * from './object-store-server.js';
export * from './openapi-tools.js';
