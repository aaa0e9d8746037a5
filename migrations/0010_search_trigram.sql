-- Search that scales: `q` on the lists matches with ILIKE '%text%', which no B-tree index can
-- serve. pg_trgm's GIN indexes can: PostgreSQL looks up the trigrams of the text and reads only
-- the rows that hold them all (docs/architecture.md, "Search"). pg_trgm is a trusted extension:
-- a database owner may create it; the embedded database loads it at start (database.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX documents_title_trgm_idx ON documents USING gin (title gin_trgm_ops);
CREATE INDEX tmf_artifacts_name_trgm_idx ON tmf_artifacts USING gin (name gin_trgm_ops);
CREATE INDEX people_full_name_trgm_idx ON people USING gin (full_name gin_trgm_ops);

CREATE INDEX sites_name_trgm_idx ON sites USING gin (name gin_trgm_ops);
CREATE INDEX sites_city_trgm_idx ON sites USING gin (city gin_trgm_ops);
CREATE INDEX sites_principal_investigator_trgm_idx ON sites USING gin (principal_investigator gin_trgm_ops);

CREATE INDEX studies_protocol_number_trgm_idx ON studies USING gin (protocol_number gin_trgm_ops);
CREATE INDEX studies_short_name_trgm_idx ON studies USING gin (short_name gin_trgm_ops);
CREATE INDEX studies_title_trgm_idx ON studies USING gin (title gin_trgm_ops);
CREATE INDEX studies_indication_trgm_idx ON studies USING gin (indication gin_trgm_ops);

CREATE INDEX participants_subject_number_trgm_idx ON participants USING gin (subject_number gin_trgm_ops);
CREATE INDEX identities_full_name_trgm_idx ON identities USING gin (full_name gin_trgm_ops);

CREATE INDEX users_full_name_trgm_idx ON users USING gin (full_name gin_trgm_ops);
CREATE INDEX users_email_trgm_idx ON users USING gin (email gin_trgm_ops);

-- The documents filed under the artifacts whose name matches, looked up by artifact number.
CREATE INDEX documents_artifact_idx ON documents (artifact_number);
