/**
 * The ClickHouse store's URL (`clickhouse://USER:PASS@HOST:8123/DB`, `clickhouses://` for HTTPS) and
 * its error type. Kept apart from the store so that the configuration can check a URL without
 * loading the ClickHouse client.
 */

export class ClickHouseStoreError extends Error {
  override name = 'ClickHouseStoreError';
}

/** Where a `clickhouse://USER:PASS@HOST:8123/DB` (or `clickhouses://` for HTTPS) store lives. */
export interface ClickHouseTarget {
  url: string;
  username: string;
  password: string;
  database: string;
}

/** Parses a store URL; the error names what is wrong with it. */
export function parseClickHouseUrl(text: string): ClickHouseTarget {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new ClickHouseStoreError(
      `invalid store URL "${text}": use clickhouse://USER:PASS@HOST:8123/DATABASE`,
    );
  }
  if (u.protocol !== 'clickhouse:' && u.protocol !== 'clickhouses:') {
    throw new ClickHouseStoreError(
      `invalid store URL "${redactClickHouseUrl(text)}": the scheme must be clickhouse:// or clickhouses://`,
    );
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'nfwlens';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(database)) {
    throw new ClickHouseStoreError(
      `invalid database name "${database}" in the store URL: letters, digits and _`,
    );
  }
  const scheme = u.protocol === 'clickhouses:' ? 'https' : 'http';
  const port = u.port || (scheme === 'https' ? '8443' : '8123');
  return {
    url: `${scheme}://${u.hostname}:${port}`,
    username: decodeURIComponent(u.username) || 'default',
    password: decodeURIComponent(u.password),
    database,
  };
}

/** The URL with its password replaced by `***`, for messages and logs. */
export function redactClickHouseUrl(text: string): string {
  try {
    const u = new URL(text);
    if (u.password === '') return text;
    u.password = '***';
    return u.toString();
  } catch {
    return text;
  }
}
