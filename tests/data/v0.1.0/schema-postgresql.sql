-- The schema that scheduler v0.1.0 (commit 13c576c) created with SQLModel.metadata.create_all on postgresql.

CREATE TABLE organisation (
	id SERIAL NOT NULL, 
	key VARCHAR, 
	name VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (key), 
	UNIQUE (name)
);

CREATE TABLE revision (
	id SERIAL NOT NULL, 
	entity VARCHAR NOT NULL, 
	entity_id INTEGER NOT NULL, 
	field VARCHAR NOT NULL, 
	"old" TEXT, 
	"new" TEXT, 
	at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	reason VARCHAR, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_revision_at ON revision (at);

CREATE INDEX ix_revision_entity ON revision (entity, entity_id);

CREATE TABLE person (
	id SERIAL NOT NULL, 
	key VARCHAR, 
	name VARCHAR NOT NULL, 
	email VARCHAR, 
	organisation_id INTEGER, 
	PRIMARY KEY (id), 
	UNIQUE (key), 
	UNIQUE (email), 
	FOREIGN KEY(organisation_id) REFERENCES organisation (id)
);

CREATE INDEX ix_person_name ON person (name);

CREATE TABLE series (
	id SERIAL NOT NULL, 
	key VARCHAR, 
	name VARCHAR NOT NULL, 
	location VARCHAR, 
	start_time VARCHAR, 
	end_time VARCHAR, 
	secretary_id INTEGER, 
	PRIMARY KEY (id), 
	UNIQUE (key), 
	UNIQUE (name), 
	FOREIGN KEY(secretary_id) REFERENCES person (id)
);

CREATE TABLE meeting (
	id SERIAL NOT NULL, 
	uid VARCHAR NOT NULL, 
	key VARCHAR, 
	title VARCHAR NOT NULL, 
	series_id INTEGER, 
	organizer_id INTEGER, 
	start TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	"end" TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	all_day BOOLEAN NOT NULL, 
	end_approximate BOOLEAN NOT NULL, 
	tzid VARCHAR NOT NULL, 
	location VARCHAR, 
	online VARCHAR, 
	description TEXT, 
	status VARCHAR NOT NULL, 
	sequence INTEGER NOT NULL, 
	external BOOLEAN NOT NULL, 
	rrule VARCHAR, 
	master_id INTEGER, 
	recurrence_id TIMESTAMP WITHOUT TIME ZONE, 
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (master_id, recurrence_id), 
	UNIQUE (uid), 
	UNIQUE (key), 
	FOREIGN KEY(series_id) REFERENCES series (id), 
	FOREIGN KEY(organizer_id) REFERENCES person (id), 
	FOREIGN KEY(master_id) REFERENCES meeting (id)
);

CREATE INDEX ix_meeting_master_id ON meeting (master_id);

CREATE INDEX ix_meeting_series_id ON meeting (series_id);

CREATE INDEX ix_meeting_span ON meeting (start, "end");

CREATE TABLE seriesmember (
	id SERIAL NOT NULL, 
	series_id INTEGER NOT NULL, 
	person_id INTEGER NOT NULL, 
	role VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (series_id, person_id), 
	FOREIGN KEY(series_id) REFERENCES series (id), 
	FOREIGN KEY(person_id) REFERENCES person (id)
);

CREATE INDEX ix_seriesmember_series_id ON seriesmember (series_id);

CREATE TABLE agendaitem (
	id SERIAL NOT NULL, 
	meeting_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	title VARCHAR NOT NULL, 
	window_from VARCHAR, 
	window_to VARCHAR, 
	presenter_id INTEGER, 
	PRIMARY KEY (id), 
	UNIQUE (meeting_id, position), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id), 
	FOREIGN KEY(presenter_id) REFERENCES person (id)
);

CREATE INDEX ix_agendaitem_meeting_id ON agendaitem (meeting_id);

CREATE TABLE deadline (
	id SERIAL NOT NULL, 
	uid VARCHAR NOT NULL, 
	key VARCHAR, 
	sequence INTEGER NOT NULL, 
	title VARCHAR NOT NULL, 
	due_from DATE NOT NULL, 
	due DATE NOT NULL, 
	precision VARCHAR NOT NULL, 
	phrase VARCHAR, 
	owner_id INTEGER, 
	kind VARCHAR NOT NULL, 
	matter VARCHAR, 
	meeting_id INTEGER, 
	meeting_occurrence DATE, 
	working_days_before INTEGER, 
	done BOOLEAN NOT NULL, 
	done_at TIMESTAMP WITHOUT TIME ZONE, 
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (uid), 
	UNIQUE (key), 
	FOREIGN KEY(owner_id) REFERENCES person (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id)
);

CREATE INDEX ix_deadline_due ON deadline (due);

CREATE INDEX ix_deadline_meeting_id ON deadline (meeting_id);

CREATE TABLE document (
	id SERIAL NOT NULL, 
	meeting_id INTEGER NOT NULL, 
	url VARCHAR NOT NULL, 
	title VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id)
);

CREATE INDEX ix_document_meeting_id ON document (meeting_id);

CREATE TABLE invitation (
	id SERIAL NOT NULL, 
	meeting_id INTEGER NOT NULL, 
	recurrence_id TIMESTAMP WITHOUT TIME ZONE, 
	person_id INTEGER, 
	email VARCHAR, 
	method VARCHAR NOT NULL, 
	sequence INTEGER NOT NULL, 
	issued_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	channel VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id), 
	FOREIGN KEY(person_id) REFERENCES person (id)
);

CREATE INDEX ix_invitation_meeting_id ON invitation (meeting_id);

CREATE TABLE participation (
	id SERIAL NOT NULL, 
	meeting_id INTEGER NOT NULL, 
	person_id INTEGER NOT NULL, 
	role VARCHAR NOT NULL, 
	mode VARCHAR NOT NULL, 
	window_from VARCHAR, 
	window_to VARCHAR, 
	agenda_item_id INTEGER, 
	rsvp VARCHAR NOT NULL, 
	note VARCHAR, 
	PRIMARY KEY (id), 
	UNIQUE (meeting_id, person_id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id), 
	FOREIGN KEY(person_id) REFERENCES person (id), 
	FOREIGN KEY(agenda_item_id) REFERENCES agendaitem (id)
);

CREATE INDEX ix_participation_meeting_id ON participation (meeting_id);

CREATE INDEX ix_participation_person_id ON participation (person_id);
