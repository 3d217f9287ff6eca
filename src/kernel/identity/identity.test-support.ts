import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.js';
import type { Kernel } from '../kernel.js';

/**
 * Test helpers for the identity kernel (imported only by tests): a cookie jar that follows
 * Set-Cookie, a browser-like client that carries the CSRF token, and a small seeded world.
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly app: OpenAPIHono<AppEnv>) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await this.app.request(path, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return res;
  }

  async csrf(): Promise<string> {
    if (!this.cookies.has('nara_csrf')) await this.request('/sign-in');
    return this.cookies.get('nara_csrf')!;
  }

  async postForm(path: string, fields: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams({ _csrf: await this.csrf(), ...fields });
    return this.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async postJson(path: string, json: unknown, method = 'POST'): Promise<Response> {
    return this.request(path, {
      method,
      body: JSON.stringify(json),
      headers: { 'content-type': 'application/json', 'x-csrf-token': await this.csrf() },
    });
  }

  async signInAsDemo(personId: string): Promise<Response> {
    return this.postForm('/sign-in/demo', { personId, next: '/account' });
  }
}

export interface SmallWorld {
  ministry: string;
  province: string;
  city: string;
  otherProvince: string;
  business: string;
  citizen: string;
  officialA: string;
  adminA: string;
  officialB: string;
  vendor: string;
  auditor: string;
  platformAdmin: string;
}

/** Two provinces (A with a city under it), a business, and one person per role. */
export async function seedSmallWorld(kernel: Kernel): Promise<SmallWorld> {
  const id = kernel.identity;
  const ministry = await id.createOrganisation({ kind: 'central_ministry', code: 'MOIS', nameEn: 'Ministry of the Interior', nameKo: '행정안전부' });
  const province = await id.createOrganisation({ kind: 'province', parentId: ministry, code: 'P-A', nameEn: 'Province A', nameKo: '가도' });
  const city = await id.createOrganisation({ kind: 'city_district', parentId: province, code: 'C-A1', nameEn: 'City A1', nameKo: '가시' });
  const otherProvince = await id.createOrganisation({ kind: 'province', parentId: ministry, code: 'P-B', nameEn: 'Province B', nameKo: '나도' });
  const business = await id.createOrganisation({ kind: 'business', code: 'BIZ-1', nameEn: 'Acme Ltd', nameKo: '애크미', businessRegistrationNumber: '123-45-67890' });
  const person = (given: string, family: string, nin: string) => id.createPerson({ givenName: given, familyName: family, nin, email: `${given.toLowerCase()}@example.test` });
  const citizen = await person('Minji', 'Kim', '900101-2345678');
  const officialA = await person('Jisoo', 'Lee', '850505-1234567');
  const adminA = await person('Hyun', 'Park', '800303-1234567');
  const officialB = await person('Seo', 'Choi', '820202-2234567');
  const vendor = await person('Dae', 'Jung', '790909-1234567');
  const auditor = await person('Ara', 'Han', '770707-2234567');
  const platformAdmin = await person('Root', 'Yoon', '750505-1234567');
  await id.grantRoles([citizen, officialA, adminA, officialB, vendor, auditor, platformAdmin].map((p) => ({ personId: p, role: 'citizen' as const, organisationId: null })));
  await id.appointOfficials([
    { personId: officialA, organisationId: province, title: 'Officer', unit: 'Civil affairs' },
    { personId: adminA, organisationId: province, title: 'Director', unit: 'General affairs' },
    { personId: officialB, organisationId: otherProvince, title: 'Officer', unit: 'Roads' },
  ]);
  await id.grantRole(adminA, 'agency_admin', province);
  await id.addBusinessMember(vendor, business);
  await id.grantRole(auditor, 'auditor', null);
  await id.grantRole(platformAdmin, 'platform_admin', null);
  return { ministry, province, city, otherProvince, business, citizen, officialA, adminA, officialB, vendor, auditor, platformAdmin };
}
