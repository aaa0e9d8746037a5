import { expect, it } from 'vitest';
import { digestEmail, messageEmail } from './email-content.js';

const url = 'https://trials.example.org';

it('makes the subject the title, and links the record in the app, in text and in escaped HTML', () => {
  const email = messageEmail(
    { title: 'Missed visit: 101-003 V4 (AURORA)', body: 'Reason: <script> & "quotes"', entity_type: 'participant', entity_id: 'p-1' },
    url,
  );
  expect(email.subject).toBe('Missed visit: 101-003 V4 (AURORA)');
  expect(email.text).toContain('Reason: <script> & "quotes"');
  expect(email.text).toContain(`Open it in Trialdesk: ${url}/participants/p-1`);
  expect(email.html).toContain('Reason: &lt;script&gt; &amp; &quot;quotes&quot;');
  expect(email.html).not.toContain('<script>');
  expect(email.html).toContain(`<a href="${url}/participants/p-1">`);
});

it('links the app itself when the message is about no record it can open', () => {
  const email = messageEmail({ title: 'Note', body: 'Body', entity_type: null, entity_id: null }, url);
  expect(email.text).toContain(`Open Trialdesk: ${url}/`);
  expect(email.html).toContain(`<a href="${url}/">Open Trialdesk</a>`);
});

it('lists a digest’s messages in order, each with its link, and counts them in the subject', () => {
  const email = digestEmail(
    '2026-12-07',
    [
      { title: 'First', body: 'One', entity_type: 'participant', entity_id: 'a' },
      { title: 'Second', body: 'Two', entity_type: null, entity_id: null },
    ],
    url,
  );
  expect(email.subject).toBe('Trialdesk daily digest, 2026-12-07 (UTC): 2 messages');
  expect(email.text.indexOf('* First')).toBeLessThan(email.text.indexOf('* Second'));
  expect(email.text).toContain(`${url}/participants/a`);
  expect(email.html).toContain(`<a href="${url}/participants/a">First</a>`);
});
