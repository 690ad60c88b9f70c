/**
 * Why a flow was blocked (or alerted): the deciding alert (the first blocked one, else the first one)
 * with its signature, SID, category and `verdict.action`, and, when the SID is one of NFW's default-action
 * rules (`aws:drop_established action` and its kin), what that means in words.
 */
import type { EventRow } from '../api/types.ts';
import { h } from '../dom.ts';
import { fmtTime } from '../format.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import { actionBadge } from './badges.ts';

const DEFAULT_ACTION = /^aws:(alert|drop|reject)_(established|strict)\b/;

/** The alert that decided the flow's verdict: the first blocked one, else the first one. */
export function decidingAlert(alerts: readonly EventRow[]): EventRow | null {
  return alerts.find((a) => a.alert_action === 'blocked') ?? alerts[0] ?? null;
}

/** For a default-action signature, the sentence that says what it is (null for a rule of the policy's own). */
export function defaultActionText(signature: unknown, action: unknown): string | null {
  const m = typeof signature === 'string' ? DEFAULT_ACTION.exec(signature.trim()) : null;
  if (!m) return null;
  const scope = t(m[2] === 'strict' ? 'why.scopeStrict' : 'why.scopeEstablished');
  const key: MessageKey = action === 'blocked' ? 'why.defaultBlocked' : 'why.defaultAlerted';
  return t(key, { scope, rule: `aws:${m[1]}_${m[2]}` });
}

function kv(label: string, value: string | Node, cls = ''): HTMLElement {
  return h('div', { class: 'kv' }, h('dt', null, label), h('dd', { class: cls }, value));
}

export function whyBlocked(alerts: readonly EventRow[]): HTMLElement | null {
  const a = decidingAlert(alerts);
  if (!a) return null;
  const explained = defaultActionText(a.alert_signature, a.alert_action);
  const sid = a.alert_signature_id;
  return h(
    'div',
    { class: 'why', 'data-testid': 'flow-why-body' },
    h(
      'p',
      { class: 'why-head' },
      actionBadge(a.alert_action),
      ' ',
      h('strong', null, String(a.alert_signature || t('why.noSignature'))),
    ),
    explained ? h('p', { class: 'why-default', 'data-testid': 'why-default' }, explained) : null,
    h(
      'dl',
      { class: 'kvs' },
      kv('SID', sid === null || sid === undefined ? '' : String(sid), 'mono'),
      a.alert_rev === null || a.alert_rev === undefined
        ? null
        : kv(t('why.rev'), String(a.alert_rev), 'mono'),
      a.alert_category ? kv(t('why.category'), String(a.alert_category)) : null,
      a.verdict_action ? kv('verdict.action', String(a.verdict_action), 'mono') : null,
      kv(t('col.time'), fmtTime(a.ts), 'num'),
    ),
  );
}
