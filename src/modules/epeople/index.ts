import { fileURLToPath } from 'node:url';
import type { Kernel } from '../../kernel/kernel.js';
import type { ModuleManifest } from '../../kernel/module.js';
import { registerOpen311Routes } from './epeople.open311.js';
import { registerEpeopleRoutes } from './epeople.routes.js';
import { registerLiveRoutes } from './epeople.live.routes.js';
import { registerStatisticsRoutes } from './epeople.statistics.routes.js';
import { createEpeopleService } from './epeople.service.js';
import { CLOCK_SWEEP_JOB, registerClockSweep } from './epeople.sweep.js';
import { DEFAULT_EPEOPLE_SETTINGS, type EpeopleSettings } from './epeople.types.js';
import './epeople.tables.js';

export { CLOCK_SWEEP_JOB };
export { seedEpeopleDemo } from './epeople.seed.js';
export { KOREA_CALENDAR, KOREA_HOLIDAYS_2026_2027, withHolidays, type WorkingCalendar } from './epeople.calendar.js';
export { DEFAULT_CASE_TYPES, DEFAULT_EPEOPLE_SETTINGS, type CaseTypeRule, type EpeopleSettings } from './epeople.types.js';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * e-People: one window for complaints, proposals, inquiries, reports and appeals to any agency,
 * routed to the competent one and answered against the statutory clock. A deployment passes its
 * own case types, periods, calendar and triage body.
 */
export function createEpeopleManifest(settings: Partial<EpeopleSettings> = {}): ModuleManifest {
  const merged: EpeopleSettings = { ...DEFAULT_EPEOPLE_SETTINGS, ...settings };
  return {
    name: 'epeople',
    migrations: { owner: 'epeople', dir: here('./migrations') },
    messages: { owner: 'epeople', dir: here('./messages'), locales: ['en', 'ko', 'vi', 'zh-Hans', 'ja', 'id'] },
    create(kernel: Kernel) {
      const service = createEpeopleService(kernel, merged);
      registerClockSweep(kernel, merged);
      return {
        name: 'epeople',
        register: (app) => {
          registerEpeopleRoutes(app, service);
          registerOpen311Routes(app, service);
          registerStatisticsRoutes(app, kernel);
          registerLiveRoutes(app, service);
        },
        serviceLinks: [{ href: '/epeople', titleKey: 'ui.area.complaints.title', descriptionKey: 'ui.area.complaints.description' }],
      };
    },
  };
}

export const epeopleModule: ModuleManifest = createEpeopleManifest();
