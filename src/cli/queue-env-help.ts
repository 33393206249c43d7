/** What `submit`, `results` and `rejected` read from the environment, for their --help. */
export const QUEUE_ENV_HELP = `
Environment:
  REDIS_URL     Redis to use (default redis://127.0.0.1:6379; user, password, rediss:// for TLS)
  QUEUE_PREFIX  key prefix of the queues (default targeting), the one the workers use`;
