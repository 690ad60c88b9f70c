/** The API's error messages in Japanese, by message code (`src/schema/error-codes.ts`), `{param}` filled in. */
import type { ErrorMessageCode } from '../../../src/schema/error-codes.ts';

export const errorsJa: Record<ErrorMessageCode, string> = {
  'query.syntax': 'クエリの構文が正しくありません（{line} 行 {column} 列目）{expectedText}',
  'query.unknown_field': '不明なフィールド「{field}」です（{column} 列目）{suggestionsText}',
  'query.bad_value': 'フィールドに合わない値です（{line} 行 {column} 列目）',
  'query.too_long': 'クエリが長すぎます（最大 {max} 文字）',
  'query.too_many_terms': '条件が多すぎます（最大 {max} 個）。クエリを絞り込んでください',
  'query.too_deep': '"not" と括弧の入れ子が深すぎます（最大 {max} 段）',
  'param.integer': '{param} は整数で指定してください（指定値: "{value}"）',
  'param.out_of_range': '{param} は {min} から {max} の範囲で指定してください',
  'param.time':
    '{param} の時刻 "{value}" が正しくありません（2024-01-01T00:00:00Z のような ISO 8601、または -24h、-7d、now）',
  'param.choice': '{param} は {allowed} のいずれかで指定してください',
  'param.required': '{param} を指定してください',
  'param.invalid': '{param} の指定が正しくありません',
  'param.cursor': '{param} が無効になりました。最初のページからやり直してください',
  'range.invalid': '期間の終わりが始まりより前です（{from} 〜 {to}）',
  'report.not_found': 'レポート「{name}」はありません',
  'report.unknown_dimension': '不明な集計軸「{field}」です{suggestionsText}',
  'report.time_zone': '不明なタイムゾーン「{tz}」です。Asia/Tokyo や UTC などの IANA 名で指定してください',
  'report.invalid': 'レポートの指定が正しくありません（{detail}）',
  'search.invalid': '検索の指定が正しくありません（{detail}）',
  'saved.not_found': '保存済み検索「{name}」はありません',
  'export.too_many_rows':
    'この階層は {total} 行あり、エクスポートできる上限（{limit} 行）を超えています。期間やフィルターを絞るか、さらにドリルダウンしてください',
  'event.not_found': 'ID {id} のイベントはありません',
  'request.not_found': '見つかりません',
  'auth.required': 'ログインしてください（有効なアクセストークンが必要です）',
  'auth.wrong_token': 'アクセストークンが違います',
  'auth.loopback_only': 'このサーバーはループバックホスト宛てのリクエストにのみ応答します',
  'auth.ingest_key': 'サーバーのロックファイルにある取り込みキーが必要です',
  'ingest.unavailable': 'このサーバーは取り込みを受け付けていません',
  'request.invalid': 'リクエストが正しくありません（{detail}）',
  'request.too_large': 'リクエストが大きすぎます（クエリは最大 {max} 文字）',
  'request.timeout': 'リクエストがタイムアウトしました',
  'request.cancelled': 'リクエストは取り消されました',
  'query.timeout':
    'クエリが制限時間（{seconds} 秒）を超えたため停止しました。フィールド条件や短い期間で絞り込んでください',
  internal: 'サーバー内部エラー',
};
