-- A REDCap data dictionary marks the fields that identify a person ("Identifier?" = y). ODM 1.3.2
-- has no such flag, so the item keeps it here: data entry and exports will keep these values
-- from sponsor and CRO users (issue 12, item 2: identity stays apart). ODM imports leave it false.
ALTER TABLE crf_items ADD COLUMN identifying boolean NOT NULL DEFAULT false;
