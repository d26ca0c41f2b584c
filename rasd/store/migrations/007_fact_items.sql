-- rasd store, version 7: a fact has an item, the category of what was transferred, used or
-- tested (NULL until a mention names one; vague ones such as "weapons" do not count), and
-- mentions of different items are different facts. Facts merged before across items are
-- derived again from the stored events: the `rederive` table asks `Store.migrate` to do
-- it once every migration has run, in a transaction of its own.
ALTER TABLE facts ADD COLUMN item TEXT;
CREATE TABLE rederive (what TEXT PRIMARY KEY);
INSERT INTO rederive VALUES ('facts');
