/** `/api/status`, fetched once per page load and shared (firewall picker, dashboard, status page). */
import { getJson } from '../api/client.ts';
import type { Status } from '../api/types.ts';

let pending: Promise<Status> | null = null;

export function loadStatus(fresh = false): Promise<Status> {
  if (!pending || fresh) {
    pending = getJson<Status>('/api/status');
    pending.catch(() => {
      pending = null;
    });
  }
  return pending;
}
