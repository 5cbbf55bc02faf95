import { z } from 'zod';

/** The insights page's periods: ratings of the last N days, or all of them. */
export const INSIGHT_PERIODS = ['all', '365d', '90d', '30d'] as const;
export type InsightPeriod = (typeof INSIGHT_PERIODS)[number];

/** Search params arrive as strings (repeated ones as arrays); an unknown or blank period means all. */
export const InsightsQuery = z.object({
  period: z.preprocess(
    (value) => (Array.isArray(value) ? (value as unknown[])[0] : value),
    z.enum(INSIGHT_PERIODS, { error: 'Choose one of the listed periods.' }).catch('all'),
  ),
});
export type InsightsQuery = z.infer<typeof InsightsQuery>;
