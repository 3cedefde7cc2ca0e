/** @rubric/registry: the publishing service (app, server, stores, domain). */
export * from './domain.js';
export type * from './store/types.js';
export { openStore, parseStoreUrl, redactStoreUrl } from './store/index.js';
export { createApp, type AppDeps } from './app.js';
export { createServer, startRegistry, type RegistryServer, type RunningRegistry, type StartOptions } from './server.js';
export { loadConfig, ConfigError, DEFAULT_CONFIG, CONFIG_ENV, CONFIG_FILE_ENV, type RegistryConfig, type LoadConfigOptions } from './config.js';
export { generateToken, hashToken, tokenId, TOKEN_PATTERN, type Principal } from './auth.js';
export { HttpProblem, PROBLEM_CODES, type ProblemCode, type ProblemError } from './errors.js';
export { createLogger, silentLogger, type Logger } from './logger.js';
export { openApiDocument } from './openapi.js';
export type { RenderFunction, RenderContext } from './routes/common.js';
export { signWebhook, verifyWebhookSignature, WEBHOOK_HEADERS, DEFAULT_TOLERANCE_SECONDS, type WebhookVerification } from './delivery/signature.js';
export { Dispatcher, type DispatcherDeps } from './delivery/dispatcher.js';
export { QualityService, type PulledQuality } from './quality/service.js';
export { qualityHistory, type QualityHistory, type LabelSeries, type VersionQuality } from './quality/history.js';
export * from './delivery/label-studio.js';
export { exportersValidator, type AnnotationValidator, type AnnotationError } from './annotations.js';
