-- Every statement that writes incidents signals the channel
-- incidentmap_incidents; PostgreSQL delivers one notification per
-- transaction at commit (equal ones are folded), so that every replica's
-- tile index reads the change cursor at once instead of at its next
-- poll.
CREATE FUNCTION incidentmap_notify_incidents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('incidentmap_incidents', '');
	RETURN NULL;
END
$$;

CREATE TRIGGER incidents_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON incidents
	FOR EACH STATEMENT EXECUTE FUNCTION incidentmap_notify_incidents();
