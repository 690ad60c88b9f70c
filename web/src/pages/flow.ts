/** One flow's whole story: its session, both netflow halves, its alerts and TLS/HTTP details. */
import { ApiError, getJson } from '../api/client.ts';
import type { EventRow, FlowAnswer, Session } from '../api/types.ts';
import { href } from '../app/context.ts';
import { navigate, type PageInstance } from '../app/router.ts';
import { bytesSplitBar, verdictBadge } from '../components/badges.ts';
import { breadcrumbs } from '../components/breadcrumbs.ts';
import { recordsTable } from '../components/records-table.ts';
import { emptyState, errorState, notFoundState, skeletonRows } from '../components/states.ts';
import { decidingAlert, whyBlocked } from '../components/why-blocked.ts';
import { h } from '../dom.ts';
import { fmtBytes, fmtDuration, fmtEndpoint, fmtInt, fmtTime, sessionSeconds } from '../format.ts';
import { t, tn } from '../i18n/index.ts';

const DETAIL_FIELDS = [
  'tls_sni',
  'tls_version',
  'tls_subject',
  'tls_issuerdn',
  'tls_ja3_hash',
  'tls_ja3s_hash',
  'tls_error_message',
  'revocation_status',
  'http_hostname',
  'http_method',
  'http_url',
  'http_status',
  'http_user_agent',
  'http_content_type',
  'aws_category',
];

function kv(label: string, value: unknown, cls = ''): HTMLElement {
  return h('div', { class: 'kv' }, h('dt', null, label), h('dd', { class: cls }, value as string));
}

const pkts = (n: number) => tn('unit.pkts', n, fmtInt(n));

function sessionCard(s: Session): HTMLElement {
  const max = Math.max(s.bytes_to_server, s.bytes_to_client);
  return h(
    'div',
    { class: 'session-card' },
    h(
      'div',
      { class: 'session-pair mono' },
      h('span', null, fmtEndpoint(s.client_ip, s.client_port)),
      h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'),
      h('span', null, fmtEndpoint(s.server_ip, s.server_port)),
      verdictBadge(s.alert_action, s.alert_count),
    ),
    bytesSplitBar(s.bytes_to_server, s.bytes_to_client, max),
    h(
      'dl',
      { class: 'kvs' },
      kv(t('col.proto'), [s.proto, s.app_proto].filter(Boolean).join(' / ')),
      kv(t('sessions.start'), fmtTime(s.start), 'num'),
      kv(t('sessions.duration'), fmtDuration(sessionSeconds(s)), 'num'),
      kv(t('series.sent'), `${fmtBytes(s.bytes_to_server)} · ${pkts(s.pkts_to_server)}`, 'num'),
      kv(t('series.received'), `${fmtBytes(s.bytes_to_client)} · ${pkts(s.pkts_to_client)}`, 'num'),
      kv(t('col.firewall'), `${s.firewall_name ?? ''} (${s.availability_zone ?? ''})`),
      s.paired ? null : kv('', t('sessions.unpaired')),
    ),
  );
}

function details(records: readonly EventRow[]): HTMLElement {
  const seen = new Map<string, Set<string>>();
  for (const r of records) {
    for (const f of DETAIL_FIELDS) {
      const v = r[f];
      if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
      const set = seen.get(f) ?? new Set<string>();
      set.add(Array.isArray(v) ? v.join(', ') : String(v));
      seen.set(f, set);
    }
  }
  if (seen.size === 0) return emptyState(t('flow.noDetails'));
  return h(
    'dl',
    { class: 'kvs wide-keys', 'data-testid': 'flow-details' },
    [...seen].map(([f, vals]) => kv(f, [...vals].join(' · '), 'mono')),
  );
}

function section(title: string, testId: string, ...content: (HTMLElement | null)[]): HTMLElement {
  return h(
    'section',
    { class: 'panel wide', 'data-testid': testId },
    h('header', { class: 'panel-toolbar' }, h('h2', null, title)),
    h('div', { class: 'table-wrap' }, content),
  );
}

export function mount(root: HTMLElement, url: URL): PageInstance {
  let ctrl = new AbortController();
  const load = (u: URL) => {
    ctrl.abort();
    ctrl = new AbortController();
    const sig = ctrl.signal;
    const p = u.searchParams;
    const flowId = p.get('flow_id') ?? '';
    const body = h(
      'div',
      { class: 'flow', 'data-testid': 'flow' },
      h('section', { class: 'panel wide' }, skeletonRows(10)),
    );
    root.replaceChildren(
      h('h1', { class: 'sr-only' }, t('flow.title', { id: flowId })),
      breadcrumbs([
        { label: t('nav.sessions'), href: href('/sessions') },
        { label: t('flow.title', { id: flowId }) },
      ]),
      body,
    );
    const open = (r: EventRow) => navigate(href('/record', { id: r.id, q: `flow_id:${flowId}` }));
    getJson<FlowAnswer>(
      '/api/flows',
      {
        firewall_name: p.get('firewall_name'),
        availability_zone: p.get('availability_zone'),
        flow_id: flowId,
      },
      sig,
    )
      .then((f) => {
        if (f.sessions.length === 0 && f.records.length === 0) {
          body.replaceChildren(notFoundState(t('flow.notFound', { id: flowId })));
          body.dataset.ready = 'true';
          body.dataset.state = 'not-found';
          return;
        }
        const halves = f.records.filter((r) => r.log_type === 'flow');
        const other = f.records.filter((r) => r.log_type !== 'flow');
        // Only the alerts of these conversations decide their verdict; an alert that merely carries
        // the flow id, between other endpoints, is listed apart.
        const joined = f.alerts.filter((a) => (a.joined_sessions ?? []).length > 0);
        const unrelated = f.alerts.filter((a) => (a.joined_sessions ?? []).length === 0);
        const alertColumns = [
          'ts',
          'alert_action',
          'alert_signature_id',
          'alert_signature',
          'alert_category',
          'alert_severity',
        ];
        body.replaceChildren(
          section(t('flow.session'), 'flow-session', ...f.sessions.map(sessionCard)),
          joined.length
            ? section(
                t(decidingAlert(joined)?.alert_action === 'blocked' ? 'flow.why' : 'flow.whyAlerted'),
                'flow-why',
                whyBlocked(joined),
              )
            : '',
          section(
            t('flow.halves'),
            'flow-halves',
            recordsTable(
              halves,
              [
                'ts',
                'src_ip',
                'src_port',
                'dest_ip',
                'dest_port',
                'netflow_pkts',
                'netflow_bytes',
                'tcp_flags',
              ],
              open,
            ),
          ),
          section(
            t('flow.alerts'),
            'flow-alerts',
            joined.length ? recordsTable(joined, alertColumns, open) : emptyState(t('flow.noAlerts')),
          ),
          unrelated.length
            ? section(
                t('flow.otherAlerts'),
                'flow-other-alerts',
                h('p', { class: 'muted' }, t('flow.otherAlertsNote')),
                recordsTable(unrelated, alertColumns, open),
              )
            : '',
          section(t('flow.details'), 'flow-tls-http', details([...f.alerts, ...other])),
          h(
            'p',
            { class: 'flow-links' },
            h('a', { href: href('/search', { q: `flow_id:${flowId}` }) }, t('flow.searchAll')),
          ),
        );
        body.dataset.ready = 'true';
        if (performance.getEntriesByName('nfw:flow:start', 'mark').length > 0) {
          performance.measure('nfw:flow', 'nfw:flow:start');
          performance.clearMarks('nfw:flow:start');
        }
      })
      .catch((err) => {
        if (sig.aborted) return;
        // a flow id the API refuses (not a whole number) names no flow either
        const bad = err instanceof ApiError && err.status === 400;
        body.replaceChildren(bad ? notFoundState(t('flow.notFound', { id: flowId })) : errorState(err));
        if (bad) body.dataset.state = 'not-found';
      });
  };
  load(url);
  return { update: load, destroy: () => ctrl.abort() };
}
