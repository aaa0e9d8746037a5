-- Search by a text of two letters ("ko"): a trigram index cannot serve it (migration 0010: the
-- pattern yields no trigram), so the list was walked in its sort order and every row filtered;
-- with few matches among the rows a user sees, that read the whole list (issue 10). These
-- indexes hold each text's pairs of adjacent characters, lower-cased: a text that contains
-- "ko" holds the pair "ko", so the rows holding every pair of the search text are the
-- candidates, and ILIKE then keeps those that contain it (the match stays "contains the text,
-- in any case"). Used for texts of two characters or more without a run of three letters or
-- digits (platform/db/like.ts); longer texts keep the trigram indexes.
CREATE FUNCTION search_bigrams(text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
    SELECT coalesce(array_agg(DISTINCT substr(t.s, i, 2)), '{}')
    FROM (SELECT lower($1) AS s) t, generate_series(1, length(t.s) - 1) AS i
  $$;

CREATE INDEX documents_title_bigram_idx ON documents USING gin (search_bigrams(title)) WITH (fastupdate = off);
CREATE INDEX people_full_name_bigram_idx ON people USING gin (search_bigrams(full_name)) WITH (fastupdate = off);
CREATE INDEX participants_subject_number_bigram_idx ON participants USING gin (search_bigrams(subject_number)) WITH (fastupdate = off);
CREATE INDEX identities_full_name_bigram_idx ON identities USING gin (search_bigrams(full_name)) WITH (fastupdate = off);
