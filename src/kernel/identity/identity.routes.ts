import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.js';
import type { Kernel } from '../kernel.js';
import { registerAccountPages } from './account.pages.js';
import { registerMeRoutes } from './me.routes.js';
import { registerOfficialPages } from './official.pages.js';
import { registerPasskeyRoutes } from './passkeys.routes.js';
import { registerSignInPages } from './sign-in.pages.js';

/** Mounts the identity kernel's API routes and pages. */
export function registerIdentityRoutes(app: OpenAPIHono<AppEnv>, kernel: Kernel): void {
  registerPasskeyRoutes(app, kernel);
  registerMeRoutes(app, kernel);
  registerSignInPages(app, kernel);
  registerAccountPages(app, kernel);
  registerOfficialPages(app, kernel);
}
