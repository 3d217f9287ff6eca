import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiClientContext, SessionContext } from '../http/context.js';
import { ACTIONS, can, type Action } from './policy.js';

const person = (roles: SessionContext['roles'], officialOf: string[] = []): SessionContext => ({
  sessionId: 'ses_1',
  personId: 'per_1',
  displayName: 'Test',
  authenticatedAt: new Date(0),
  roles,
  officialOf,
  isDemo: false,
});
const citizen = person([{ role: 'citizen', organisationId: null }]);
const officialA = person([{ role: 'official', organisationId: 'org_a' }], ['org_a']);
const adminA = person([{ role: 'agency_admin', organisationId: 'org_a' }, { role: 'official', organisationId: 'org_a' }], ['org_a']);
const vendor = person([{ role: 'vendor', organisationId: 'org_biz' }]);
const auditor = person([{ role: 'auditor', organisationId: null }]);
const scopedAuditor = person([{ role: 'auditor', organisationId: 'org_a' }]);
const platformAdmin = person([{ role: 'platform_admin', organisationId: null }]);
const client: ApiClientContext = { clientId: 'cli_1', organisationId: 'org_a', scopes: ['me'] };

describe('policy', () => {
  it('denies everything to nobody', () => {
    for (const action of ACTIONS) assert.equal(can(null, action, { organisationId: 'org_a' }), false, action);
  });

  it('denies unknown actions to everyone', () => {
    assert.equal(can(platformAdmin, 'no.such.action' as Action), false);
    assert.equal(can(platformAdmin, 'toString' as Action), false);
  });

  it('account.view: any signed-in person, not an API client', () => {
    assert.equal(can(citizen, 'account.view'), true);
    assert.equal(can(client, 'account.view'), false);
  });

  it('official.start.view: only people holding an official post', () => {
    assert.equal(can(officialA, 'official.start.view'), true);
    assert.equal(can(citizen, 'official.start.view'), false);
    assert.equal(can(platformAdmin, 'official.start.view'), false);
  });

  for (const action of ['agency.admin.view', 'agency.officials.manage'] as const) {
    it(`${action}: that agency's admin or a platform admin; scope does not flow to other or child agencies`, () => {
      assert.equal(can(adminA, action, { organisationId: 'org_a' }), true);
      assert.equal(can(adminA, action, { organisationId: 'org_b' }), false);
      assert.equal(can(adminA, action, { organisationId: 'org_a_child' }), false);
      assert.equal(can(officialA, action, { organisationId: 'org_a' }), false);
      assert.equal(can(platformAdmin, action, { organisationId: 'org_b' }), true);
      assert.equal(can(platformAdmin, action), false, 'needs a resource');
      assert.equal(can(client, action, { organisationId: 'org_a' }), false);
    });
  }

  it('vendor.act: only members of that business', () => {
    assert.equal(can(vendor, 'vendor.act', { organisationId: 'org_biz' }), true);
    assert.equal(can(vendor, 'vendor.act', { organisationId: 'org_other' }), false);
    assert.equal(can(platformAdmin, 'vendor.act', { organisationId: 'org_biz' }), false);
  });

  it('audit.view: auditors (any scope) and platform admins', () => {
    assert.equal(can(auditor, 'audit.view'), true);
    assert.equal(can(scopedAuditor, 'audit.view'), true);
    assert.equal(can(platformAdmin, 'audit.view'), true);
    assert.equal(can(adminA, 'audit.view'), false);
  });

  it('jobs.view: platform admins and platform-wide auditors', () => {
    assert.equal(can(platformAdmin, 'jobs.view'), true);
    assert.equal(can(auditor, 'jobs.view'), true);
    assert.equal(can(scopedAuditor, 'jobs.view'), false);
    assert.equal(can(adminA, 'jobs.view'), false);
  });

  it('platform.admin: only a platform-wide platform_admin grant', () => {
    assert.equal(can(platformAdmin, 'platform.admin'), true);
    assert.equal(can(person([{ role: 'platform_admin', organisationId: 'org_a' }]), 'platform.admin'), false);
    assert.equal(can(adminA, 'platform.admin'), false);
  });

  it('api.me.view: people and API clients', () => {
    assert.equal(can(citizen, 'api.me.view'), true);
    assert.equal(can(client, 'api.me.view'), true);
  });
});
