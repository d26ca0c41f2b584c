-- rasd store, version 4: no index on documents(hash). Nothing looks documents up by their
-- text's hash (re-ingest compares the hash of the row found by id), and its random keys
-- cost a page of every commit per article once the corpus outgrows a commit's pages.
DROP INDEX IF EXISTS documents_hash;
