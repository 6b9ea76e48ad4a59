import { Router } from 'express';
import type { AppDeps } from '../app.ts';

/** Metrics, import and export routes (METRICS.md §3). */
export function metricsRouter(_deps: AppDeps): Router {
  return Router();
}
