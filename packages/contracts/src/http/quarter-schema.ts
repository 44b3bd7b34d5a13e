import { z } from 'zod';

/** A quarter as every route takes it, e.g. 2026-Q2 (R-RP-1, R-BX-1, R-BX-3). */
export const quarterSchema = z
  .string()
  .regex(/^\d{4}-Q[1-4]$/, { message: '季度格式应为 YYYY-Qn / a quarter is written YYYY-Qn' });
