-- A GIN index gathers new entries in a pending list, merged into the index by (auto)vacuum or
-- once the list passes gin_pending_list_limit (4 MB). Every search reads the whole pending list
-- and rechecks its rows: after a bulk load, a name search read hundreds of pending pages. The
-- embedded database runs no autovacuum, so its lists stay full. Searches come first here: each
-- insert updates the trigram indexes at once (fastupdate off), and the lists are emptied now.
ALTER INDEX documents_title_trgm_idx SET (fastupdate = off);
ALTER INDEX tmf_artifacts_name_trgm_idx SET (fastupdate = off);
ALTER INDEX people_full_name_trgm_idx SET (fastupdate = off);
ALTER INDEX sites_name_trgm_idx SET (fastupdate = off);
ALTER INDEX sites_city_trgm_idx SET (fastupdate = off);
ALTER INDEX sites_principal_investigator_trgm_idx SET (fastupdate = off);
ALTER INDEX studies_protocol_number_trgm_idx SET (fastupdate = off);
ALTER INDEX studies_short_name_trgm_idx SET (fastupdate = off);
ALTER INDEX studies_title_trgm_idx SET (fastupdate = off);
ALTER INDEX studies_indication_trgm_idx SET (fastupdate = off);
ALTER INDEX participants_subject_number_trgm_idx SET (fastupdate = off);
ALTER INDEX identities_full_name_trgm_idx SET (fastupdate = off);
ALTER INDEX users_full_name_trgm_idx SET (fastupdate = off);
ALTER INDEX users_email_trgm_idx SET (fastupdate = off);

SELECT gin_clean_pending_list(indexrelid::regclass)
FROM pg_index
WHERE indexrelid IN (SELECT oid FROM pg_class WHERE relname LIKE '%\_trgm\_idx' AND relam = (SELECT oid FROM pg_am WHERE amname = 'gin'));
