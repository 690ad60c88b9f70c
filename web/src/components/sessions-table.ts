/** The paired view of sessions: client → server, bytes each way, verdict; a row opens the flow. */
import type { Session } from '../api/types.ts';
import { href } from '../app/context.ts';
import { navigate } from '../app/router.ts';
import { h } from '../dom.ts';
import { fmtDuration, fmtEndpoint, fmtTime, sessionSeconds } from '../format.ts';
import { t } from '../i18n/index.ts';
import { bytesSplitBar, verdictBadge } from './badges.ts';
import { dataTable } from './table.ts';

export function flowHref(s: Pick<Session, 'firewall_name' | 'availability_zone' | 'flow_id'>): string {
  return href('/flow', {
    firewall_name: s.firewall_name ?? undefined,
    availability_zone: s.availability_zone ?? undefined,
    flow_id: s.flow_id === null ? undefined : String(s.flow_id),
  });
}

export function sessionsTable(rows: readonly Session[]): HTMLTableElement {
  const max = rows.reduce((m, r) => Math.max(m, r.bytes_to_server, r.bytes_to_client), 0);
  return dataTable<Session>({
    testId: 'sessions-table',
    className: 'sessions',
    rows,
    onRow: (s) => {
      performance.mark('nfw:flow:start');
      navigate(flowHref(s));
    },
    rowLabel: (s) =>
      `${fmtEndpoint(s.client_ip, s.client_port)} → ${fmtEndpoint(s.server_ip, s.server_port)}`,
    columns: [
      {
        key: 'start',
        label: t('sessions.start'),
        className: 'nowrap',
        render: (s) => fmtTime(s.start ?? s.ts),
      },
      {
        key: 'client',
        label: `${t('sessions.client')} → ${t('sessions.server')}`,
        className: 'mono',
        render: (s) =>
          h(
            'span',
            { class: 'pair' },
            h('span', null, fmtEndpoint(s.client_ip, s.client_port)),
            h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'),
            h('span', null, fmtEndpoint(s.server_ip, s.server_port)),
          ),
      },
      {
        key: 'proto',
        label: t('col.proto'),
        render: (s) => h('span', { class: 'proto' }, [s.proto, s.app_proto].filter(Boolean).join(' / ')),
      },
      {
        key: 'bytes',
        label: t('sessions.bytes'),
        className: 'split-cell',
        render: (s) => bytesSplitBar(s.bytes_to_server, s.bytes_to_client, max),
      },
      {
        key: 'age',
        label: t('sessions.duration'),
        align: 'right',
        render: (s) => fmtDuration(sessionSeconds(s)),
      },
      {
        key: 'verdict',
        label: t('sessions.verdict'),
        render: (s) =>
          h(
            'span',
            { class: 'verdict' },
            verdictBadge(s.alert_action, s.alert_count),
            s.paired ? null : h('span', { class: 'muted small' }, t('sessions.unpaired')),
          ),
      },
    ],
  });
}
