import { expect, it } from 'vitest';
import { messageLink } from './message-link.js';

it('links a message to the page of its record: a participant, an SAE report; nothing for a record without a page', () => {
  expect(messageLink('participant', 'p-1')).toBe('/participants/p-1');
  expect(messageLink('sae_report', 'r-1')).toBe('/safety/reports/r-1');
  expect(messageLink('user_notification', 'n-1')).toBeNull();
  expect(messageLink(null, null)).toBeNull();
  expect(messageLink('participant', null)).toBeNull();
});
