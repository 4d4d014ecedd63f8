-- The reference for Benchmarks/import.sh: the same file into the same schema, set-based by the sqlite3 CLI, with
-- Kindred's page cache: .import into a staging table, then the donors (with email and donor role), campaigns, the
-- gifts (in donor order) and the per-donor rollups and months in Kindred's tables, in one transaction.
-- FILE is replaced by the CSV's path.
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
PRAGMA foreign_keys=ON;
PRAGMA temp_store=MEMORY;
PRAGMA cache_size=-32768;
CREATE TEMP TABLE gifts_file (constituent_external_id TEXT, received_at TEXT, amount TEXT, currency TEXT, first_name TEXT,
  last_name TEXT, email TEXT, campaign TEXT, external_id TEXT);
.import --csv --skip 1 FILE gifts_file
BEGIN;
CREATE TEMP TABLE donors AS
  SELECT constituent_external_id AS external_id, first_name, last_name, email FROM gifts_file GROUP BY constituent_external_id;
ALTER TABLE donors ADD COLUMN id TEXT;
UPDATE donors SET id = printf('00000000-0000-7000-8000-%012x', rowid);
CREATE INDEX temp.donors_external ON donors (external_id);
INSERT INTO constituents (id, kind, given_name, family_name, display_name, search_name, preferred_language, is_donor,
    created_at, updated_at, source, external_id, name_key)
  SELECT id, 'person', first_name, last_name, first_name || ' ' || last_name, lower(first_name || ' ' || last_name), 'en', 1,
    strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ'), 'import', external_id, lower(last_name || ' ' || first_name)
  FROM donors;
INSERT INTO constituent_emails (constituent_id, position, email) SELECT id, 0, email FROM donors;
INSERT INTO constituent_roles (constituent_id, role) SELECT id, 'donor' FROM donors;
INSERT INTO campaigns (id, name, created_at, updated_at, source, external_id)
  SELECT printf('00000001-0000-7000-8000-%012x', min(rowid)), campaign, strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ'), 'import', campaign
  FROM gifts_file WHERE campaign <> '' GROUP BY campaign;
INSERT INTO gifts (id, constituent_id, amount_minor, currency, received_at, channel, device, campaign_id, status,
    created_at, updated_at, source, external_id)
  SELECT printf('00000002-0000-7000-8000-%012x', f.rowid), d.id, CAST(round(f.amount * 100) AS INTEGER), f.currency, f.received_at || 'T00:00:00.000Z',
    'other', 'unknown', c.id, 'completed', strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ'), 'import', f.external_id
  FROM gifts_file f JOIN donors d ON d.external_id = f.constituent_external_id
  LEFT JOIN campaigns c ON c.source = 'import' AND c.external_id = f.campaign ORDER BY d.id;
INSERT INTO constituent_rollups (constituent_id, currency, gift_count, total_minor, first_gift_at, first_gift_minor,
    last_gift_at, last_gift_minor, largest_gift_at, largest_gift_minor)
  SELECT constituent_id, currency, count(*), sum(amount_minor), min(received_at), 0, max(received_at), 0, max(received_at), max(amount_minor)
  FROM gifts GROUP BY constituent_id, currency;
INSERT INTO constituent_giving_months (constituent_id, currency, month, total_minor, gift_count)
  SELECT constituent_id, currency, substr(received_at, 1, 7), sum(amount_minor), count(*)
  FROM gifts GROUP BY constituent_id, currency, substr(received_at, 1, 7);
COMMIT;
