export { jsonRoute, type JsonCall, type JsonRoute } from '@jir/service-kit';
