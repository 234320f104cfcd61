import { type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Queryable } from './client.js';

const dialect = new PgDialect();

/**
 * A hot statement compiled once: its SQL is built (with `sql.placeholder(name)` for every value)
 * the first time it runs, and PostgreSQL parses and plans it once per connection under its name.
 * Building a large drizzle SQL tree and having the server parse it again cost more than the
 * statement itself on the busiest write paths (creating a ticket); everything else keeps using
 * ordinary queries.
 */
export class PreparedStatement<Row = Record<string, unknown>> {
  private query: ReturnType<PgDialect['sqlToQuery']> | undefined;

  constructor(
    private readonly name: string,
    private readonly build: () => SQL,
  ) {}

  async rows(db: Queryable, values: Record<string, unknown>): Promise<Row[]> {
    this.query ??= dialect.sqlToQuery(this.build());
    const prepared = db._.session.prepareQuery(this.query, undefined, this.name, false);
    const result = (await prepared.execute(values)) as unknown as { rows: Row[] };
    return result.rows;
  }
}
