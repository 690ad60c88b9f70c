/**
 * Names RE2 accepts in `\p{...}` and `[[:...:]]`. The Unicode list is the one every RE2 release
 * knows (general categories and the scripts of Unicode 6.0); a newer script name is refused here
 * rather than risking an engine whose RE2 predates it.
 */

export const UNICODE_GROUPS: ReadonlySet<string> = new Set(
  [
    'Any',
    'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs',
    'Arabic Armenian Avestan Balinese Bamum Bengali Bopomofo Braille Buginese Buhid Canadian_Aboriginal',
    'Carian Cham Cherokee Common Coptic Cuneiform Cypriot Cyrillic Deseret Devanagari',
    'Egyptian_Hieroglyphs Ethiopic Georgian Glagolitic Gothic Greek Gujarati Gurmukhi Han Hangul Hanunoo',
    'Hebrew Hiragana Imperial_Aramaic Inherited Inscriptional_Pahlavi Inscriptional_Parthian Javanese',
    'Kaithi Kannada Katakana Kayah_Li Kharoshthi Khmer Lao Latin Lepcha Limbu Linear_B Lisu Lycian Lydian',
    'Malayalam Meetei_Mayek Mongolian Myanmar New_Tai_Lue Nko Ogham Ol_Chiki Old_Italic Old_Persian',
    'Old_South_Arabian Old_Turkic Oriya Osmanya Phags_Pa Phoenician Rejang Runic Samaritan Saurashtra',
    'Shavian Sinhala Sundanese Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Tamil',
    'Telugu Thaana Thai Tibetan Tifinagh Ugaritic Vai Yi',
  ]
    .join(' ')
    .split(' '),
);

export const POSIX_CLASSES: ReadonlySet<string> = new Set(
  'alnum alpha ascii blank cntrl digit graph lower print punct space upper word xdigit'.split(' '),
);
