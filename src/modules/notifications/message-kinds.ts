/**
 * The kinds of message notifyUsers stores, each with how a person reads it on the e-mail
 * settings. A module that tells users of something new adds its kind here (the compiler then
 * accepts it in notifyUsers), and everyone may choose how it reaches them by e-mail.
 */
export const messageKinds = {
  emergency_unblinding: 'Emergency unblinding of a participant at your site',
  missed_visit: 'A visit missed at your site',
  sae_submitted: 'A serious adverse event report submitted by a site (to acknowledge)',
} as const;

export type MessageKind = keyof typeof messageKinds;

export const emailSettings = ['immediately', 'digest', 'never'] as const;
export type EmailSetting = (typeof emailSettings)[number];

/** Without a choice of their own, a user is e-mailed each message as it comes. */
export const defaultEmailSetting: EmailSetting = 'immediately';
