/**
 * Every table, one file per entity or small group, with its relations and row types beside it.
 * Import from here ('@/db/schema'); drizzle-kit reads the whole folder. The stored vocabularies
 * live in db/enums.ts and are re-exported here. Shared columns (timestamps, version) are in
 * ./columns.ts.
 */
export * from '../enums';
export * from './users';
export * from './sources';
export * from './claims';
export * from './appearances';
export * from './evidence';
export * from './assessments';
export * from './claim-links';
export * from './disagreements';
export * from './verdicts';
export * from './api-keys';
export * from './webhooks';
export * from './audit';
export * from './settings';
export * from './sign-in-counters';
export * from './claim-relations';
export * from './external-factchecks';
export * from './duplicate-moves';
export * from './security-events';
export * from './sentence-vectors';
