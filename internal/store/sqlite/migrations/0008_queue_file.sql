-- River's tables moved to the queue's own file (PATH-queue, attached as
-- the schema "queue"; see queuefile.go). The jobs left here need no
-- copy: every worker's start processes the articles whose processing is
-- not done, and following requeues the items still to fetch. Names are
-- qualified: unqualified, DROP would find the attached file's tables.
DROP TABLE IF EXISTS main.river_client_queue;
DROP TABLE IF EXISTS main.river_client;
DROP TABLE IF EXISTS main.river_notification;
DROP TABLE IF EXISTS main.river_leader;
DROP TABLE IF EXISTS main.river_queue;
DROP TABLE IF EXISTS main.river_job;
DROP TABLE IF EXISTS main.river_migration;
