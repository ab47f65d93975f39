/** The Redis version tredis reproduces and reports (INFO, HELLO, redis-cli checks it). */
export const REDIS_VERSION_STRING = '7.0.15';
/** tredis's own version, reported beside it in INFO server. */
export const TREDIS_VERSION = '0.1.0';
