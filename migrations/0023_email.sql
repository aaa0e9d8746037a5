-- E-mail of the messages notifyUsers stores (docs/decisions/0021-email.md).

-- How each user wants each kind of message by e-mail. No row: 'immediately'.
CREATE TABLE email_preferences (
  user_id uuid NOT NULL REFERENCES users (id),
  kind text NOT NULL,
  setting text NOT NULL CHECK (setting IN ('immediately', 'digest', 'never')),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, kind)
);

-- One daily digest e-mail per user and day (UTC): its Message-ID is fixed when it is made, so
-- a retry after a crash between the server's accept and the mark carries the same one.
CREATE TABLE email_digests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  digest_on date NOT NULL,
  message_id text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  UNIQUE (user_id, digest_on)
);

-- One e-mail per stored message (and so per recipient): the unique message is what makes a
-- message e-mailed at most once; sent_at is set once the SMTP server accepted it. A digest
-- delivery is sent as part of its digest.
CREATE TABLE email_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  notification_id uuid NOT NULL UNIQUE REFERENCES user_notifications (id),
  user_id uuid NOT NULL REFERENCES users (id),
  mode text NOT NULL CHECK (mode IN ('immediately', 'digest')),
  message_id text NOT NULL UNIQUE,
  digest_id uuid REFERENCES email_digests (id),
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  CHECK (mode = 'digest' OR digest_id IS NULL)
);

-- The digest job looks for each user's messages not yet in a digest.
CREATE INDEX email_deliveries_waiting_digest_idx ON email_deliveries (user_id, created_at) WHERE mode = 'digest' AND digest_id IS NULL;
