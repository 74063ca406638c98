/**
 * Schema migrations, one entry per version, in both dialects side by side so the stores never
 * drift apart. Applied in order inside a transaction; `schema_migrations` records each version.
 * Telemetry is append-only: triggers refuse UPDATE and DELETE.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'telemetry, alerts and webhooks',
    sqlite: `
      CREATE TABLE telemetry (
        id TEXT PRIMARY KEY,
        facility TEXT NOT NULL,
        kind TEXT NOT NULL,
        time INTEGER NOT NULL,
        series TEXT NOT NULL,
        value REAL,
        received INTEGER NOT NULL,
        payload TEXT NOT NULL
      );
      CREATE INDEX telemetry_facility_kind_time ON telemetry (facility, kind, time);
      CREATE TRIGGER telemetry_no_update BEFORE UPDATE ON telemetry BEGIN SELECT RAISE(ABORT, 'telemetry is append-only'); END;
      CREATE TRIGGER telemetry_no_delete BEFORE DELETE ON telemetry BEGIN SELECT RAISE(ABORT, 'telemetry is append-only'); END;
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL,
        status TEXT NOT NULL,
        facility TEXT,
        acknowledged INTEGER NOT NULL,
        last_time INTEGER NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX alerts_status_time ON alerts (status, last_time);
      CREATE TABLE webhooks (id TEXT PRIMARY KEY, url TEXT NOT NULL, min_severity TEXT NOT NULL, created INTEGER NOT NULL);
    `,
    postgres: `
      CREATE TABLE telemetry (
        id TEXT PRIMARY KEY,
        facility TEXT NOT NULL,
        kind TEXT NOT NULL,
        time BIGINT NOT NULL,
        series TEXT NOT NULL,
        value DOUBLE PRECISION,
        received BIGINT NOT NULL,
        payload TEXT NOT NULL
      );
      CREATE INDEX telemetry_facility_kind_time ON telemetry (facility, kind, time);
      CREATE FUNCTION telemetry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'telemetry is append-only'; END $$;
      CREATE TRIGGER telemetry_no_update BEFORE UPDATE OR DELETE ON telemetry FOR EACH ROW EXECUTE FUNCTION telemetry_append_only();
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL,
        status TEXT NOT NULL,
        facility TEXT,
        acknowledged BOOLEAN NOT NULL,
        last_time BIGINT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX alerts_status_time ON alerts (status, last_time);
      CREATE TABLE webhooks (id TEXT PRIMARY KEY, url TEXT NOT NULL, min_severity TEXT NOT NULL, created BIGINT NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'project stages (issue 9: stage changes survive restarts)',
    sqlite: `
      CREATE TABLE project_stages (
        model TEXT NOT NULL,
        project TEXT NOT NULL,
        status TEXT NOT NULL,
        status_since TEXT NOT NULL,
        changed INTEGER NOT NULL,
        changed_by TEXT NOT NULL,
        PRIMARY KEY (model, project)
      );
    `,
    postgres: `
      CREATE TABLE project_stages (
        model TEXT NOT NULL,
        project TEXT NOT NULL,
        status TEXT NOT NULL,
        status_since TEXT NOT NULL,
        changed BIGINT NOT NULL,
        changed_by TEXT NOT NULL,
        PRIMARY KEY (model, project)
      );
    `,
  },
];

/** The newest schema version. */
export const LATEST_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
