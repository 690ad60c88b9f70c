/** The query syntax cheat sheet: examples that fill the query box when chosen. */
import { h } from '../dom.ts';
import { currentLang, t } from '../i18n/index.ts';

const EXAMPLES: { q: string; en: string; ja: string }[] = [
  {
    q: 'action:blocked',
    en: 'field equals value (case-insensitive)',
    ja: 'フィールドが値と等しい（大文字小文字を区別しない）',
  },
  {
    q: 'sni:*.example.com',
    en: 'wildcards: * any run, ? one character',
    ja: 'ワイルドカード: * は任意の文字列、? は 1 文字',
  },
  { q: 'dest_port>=1024 bytes<100', en: 'comparisons on numbers and times', ja: '数値・時刻の比較' },
  { q: 'src_ip:10.0.0.0/8', en: 'CIDR, IPv4 and IPv6', ja: 'CIDR（IPv4・IPv6）' },
  { q: 'signature:/^ET\\s+POLICY/i', en: 'RE2 regex on one field', ja: '1 フィールドに対する RE2 正規表現' },
  { q: '"session in progress"', en: 'phrase anywhere in the record', ja: 'レコード全体からフレーズを検索' },
  { q: '/zebra-\\w+/', en: 'regex over the whole record', ja: 'レコード全体に対する正規表現' },
  {
    q: 'type:alert and not proto:udp',
    en: 'and, or, not, -term, ( … )',
    ja: 'and・or・not・-語・( … ) で組み合わせ',
  },
  { q: 'ts>-1h', en: 'relative times: -30m, -24h, -7d', ja: '相対時刻: -30m、-24h、-7d' },
];

export function syntaxHelp(choose: (q: string) => void): HTMLElement {
  const ja = currentLang() === 'ja';
  return h(
    'details',
    { class: 'syntax-help' },
    h('summary', { class: 'btn' }, t('search.help')),
    h(
      'div',
      { class: 'syntax-pop' },
      h(
        'table',
        null,
        h(
          'tbody',
          null,
          EXAMPLES.map((e) =>
            h(
              'tr',
              null,
              h(
                'td',
                null,
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'linklike mono',
                    onclick: (ev: Event) => {
                      (ev.currentTarget as HTMLElement).closest('details')?.removeAttribute('open');
                      choose(e.q);
                    },
                  },
                  e.q,
                ),
              ),
              h('td', { class: 'muted' }, ja ? e.ja : e.en),
            ),
          ),
        ),
      ),
    ),
  );
}
