import type { Express } from 'express';
import type { CourtHierarchy } from '@jir/rules';
import { serviceHttpApp, type ServiceAppDeps } from '@jir/service-kit';
import type { CalendarService } from './calendar/calendar.service.js';
import type { DeadlineDB } from './db/schema.js';
import type { ObligationsService } from './obligations/obligations.service.js';
import { deadlineRoutes } from './routes.js';

/** What the HTTP app is built from. */
export interface DeadlineAppDeps extends ServiceAppDeps<DeadlineDB> {
  courts: CourtHierarchy;
  obligations: ObligationsService;
  calendar: CalendarService;
}

/** The deadline monitor's HTTP app, without listening. */
export function createApp(deps: DeadlineAppDeps): Express {
  return serviceHttpApp({
    ...deps,
    info: {
      title: '过问案件记录系统 · deadline monitor',
      version: '1',
      description: 'Duties with legal deadlines, the legal calendar in force, and compliance.',
    },
    routes: deadlineRoutes(deps),
  });
}
