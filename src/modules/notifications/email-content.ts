import { messageLink } from './message-link.js';

/** What an e-mail is made of: only what the stored message already holds (blinding: callers keep arms and names out of it). */
export interface EmailedMessage {
  title: string;
  body: string;
  entity_type: string | null;
  entity_id: string | null;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

function linkOf(message: EmailedMessage, publicUrl: string): string | null {
  const path = messageLink(message.entity_type, message.entity_id);
  return path ? `${publicUrl}${path}` : null;
}

const footer =
  'You receive this because of your e-mail settings in Trialdesk (your name at the top of the app, then E-mail notifications).';

/** One message as its own e-mail: subject = its title, body = its body and a link to the record. */
export function messageEmail(message: EmailedMessage, publicUrl: string): EmailContent {
  const link = linkOf(message, publicUrl);
  const text = [message.body, link ? `Open it in Trialdesk: ${link}` : `Open Trialdesk: ${publicUrl}/`, '', footer].join('\n\n');
  const html = [
    `<p>${escapeHtml(message.body)}</p>`,
    `<p><a href="${escapeHtml(link ?? `${publicUrl}/`)}">${link ? 'Open it in Trialdesk' : 'Open Trialdesk'}</a></p>`,
    `<p style="color:#666;font-size:12px">${escapeHtml(footer)}</p>`,
  ].join('\n');
  return { subject: message.title, text, html };
}

/** The day's digest: each message's title, body and link, oldest first. */
export function digestEmail(day: string, messages: EmailedMessage[], publicUrl: string): EmailContent {
  const subject = `Trialdesk daily digest, ${day} (UTC): ${messages.length} message${messages.length === 1 ? '' : 's'}`;
  const textItems = messages.map((m) => {
    const link = linkOf(m, publicUrl);
    return [`* ${m.title}`, `  ${m.body}`, ...(link ? [`  ${link}`] : [])].join('\n');
  });
  const htmlItems = messages.map((m) => {
    const link = linkOf(m, publicUrl);
    const title = link ? `<a href="${escapeHtml(link)}">${escapeHtml(m.title)}</a>` : escapeHtml(m.title);
    return `<li><strong>${title}</strong><br>${escapeHtml(m.body)}</li>`;
  });
  return {
    subject,
    text: [subject, textItems.join('\n\n'), footer].join('\n\n'),
    html: [
      `<p>${escapeHtml(subject)}</p>`,
      `<ul>${htmlItems.join('\n')}</ul>`,
      `<p style="color:#666;font-size:12px">${escapeHtml(footer)}</p>`,
    ].join('\n'),
  };
}
