-- Schema 11: the reference data's English names, shown when the desk runs in English
-- (`--lang en`). The Chinese name stays the name; an English one is optional. After this
-- script the migration fills them in for the shipped stations, units and categories whose
-- Chinese name is still the shipped one (see `store/english_names.rs`).

ALTER TABLE stations ADD COLUMN name_en TEXT;
ALTER TABLE units ADD COLUMN name_en TEXT;
ALTER TABLE categories ADD COLUMN name_en TEXT;
