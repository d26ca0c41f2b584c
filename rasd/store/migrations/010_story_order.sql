-- rasd store, version 10: a new article's candidate stories are each of its actors' most
-- recently reported stories, and among stories last reported the same day the newest first
-- (rasd.stories.stories._recent_stories). This index gives that order on both backends;
-- before, ties were broken by each backend's own row order, so SQLite and PostgreSQL could
-- put one article in different stories.
DROP INDEX story_actors_recent;
CREATE INDEX story_actors_recent ON story_actors(actor, last_date, story)
