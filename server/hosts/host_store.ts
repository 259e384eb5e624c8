/** Owns the stored list of remote hosts (workers) in maestro.db. Tokens never leave the manager. */

import type { Database } from "../db/database.ts";

export interface HostRecord {
  readonly id: string;
  readonly name: string;
  /** Base URL of the worker, e.g. http://10.0.0.5:23000 or https://mini.tail1234.ts.net:23000 */
  readonly url: string;
  /** The worker's token (never sent to browsers). */
  readonly token: string;
  readonly enabled: boolean;
  readonly createdAt: number;
  /** PEM certificate(s) to trust for an https worker (self-signed or private CA). */
  readonly caCert: string | null;
}

interface Row {
  id: string;
  name: string;
  url: string;
  token: string;
  enabled: number;
  created_at: number;
  ca_cert: string | null;
}

function toRecord(row: Row): HostRecord {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    token: row.token,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    caCert: row.ca_cert,
  };
}

/** CRUD over the `hosts` table; every write is durable when it returns. */
export class HostStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  list(): HostRecord[] {
    return (this.#db.prepare("SELECT * FROM hosts ORDER BY name").all() as unknown as Row[])
      .map(toRecord);
  }

  get(id: string): HostRecord | null {
    const row = this.#db.prepare("SELECT * FROM hosts WHERE id = ?").get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  findByName(name: string): HostRecord | null {
    const row = this.#db.prepare("SELECT * FROM hosts WHERE name = ?").get(name) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  add(record: HostRecord): void {
    this.#db.prepare(
      "INSERT INTO hosts (id, name, url, token, enabled, created_at, ca_cert) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ).run(
      record.id,
      record.name,
      record.url,
      record.token,
      record.enabled ? 1 : 0,
      record.createdAt,
      record.caCert,
    );
  }

  update(record: HostRecord): void {
    this.#db.prepare(
      "UPDATE hosts SET name = ?, url = ?, token = ?, enabled = ?, ca_cert = ? WHERE id = ?",
    ).run(record.name, record.url, record.token, record.enabled ? 1 : 0, record.caCert, record.id);
  }

  remove(id: string): boolean {
    return Number(this.#db.prepare("DELETE FROM hosts WHERE id = ?").run(id).changes) > 0;
  }
}
