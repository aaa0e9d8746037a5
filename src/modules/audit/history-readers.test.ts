import { expect, it } from 'vitest';
import { entityTypes } from '../../platform/audit/audit-events.js';
import { entityIsVisible } from './audit.repo.js';

it('every kind of audited record says who may read its history', () => {
  const missing = entityTypes.filter((type) => !entityIsVisible[type]);
  expect(missing).toEqual([]);
});
