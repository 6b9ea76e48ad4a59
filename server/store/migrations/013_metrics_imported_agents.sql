-- Agents of an imported history (METRICS.md §1) are records, not accounts: they have no password
-- and cannot sign in. Only accounts that can sign in need a unique email, so that a history
-- exported from one Parley imports into another whose owner has the same email.
DROP INDEX agents_email;
CREATE UNIQUE INDEX agents_email ON agents (email COLLATE NOCASE) WHERE password_hash IS NOT NULL;
