// Finding a place name in a sentence the way a reader would: the
// sentence may spell it with hamza, diacritics or tatweel the name lacks,
// and may attach proclitics to it (بسراقب, والرقة).

const DROP = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/; // diacritics, tatweel
const FOLD = { 'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ى': 'ي', 'ة': 'ه', 'ؤ': 'و', 'ئ': 'ي' };
const LETTER = /[\p{L}\p{N}]/u;
// Proclitics a mention may carry before the name itself.
const PROCLITICS = new Set(['و', 'ف', 'ب', 'ل', 'ك']);

/** fold returns the folded form of s and, for each of its characters,
 * the index of the character of s it came from. */
function fold(s) {
  let out = '';
  const from = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (DROP.test(c)) continue;
    out += (FOLD[c] ?? c).toLowerCase();
    from.push(i);
  }
  from.push(s.length);
  return { out, from };
}

/**
 * findName returns the [start, end) UTF-16 ranges where one of names
 * occurs in text as a whole word (proclitics allowed before it), trying
 * the names in order and keeping the first that occurs.
 */
export function findName(text, names) {
  const t = fold(text);
  for (const name of names) {
    const n = fold((name ?? '').trim()).out.replace(/^ال/, '');
    if (n.length < 2) continue;
    const ranges = [];
    let at = t.out.indexOf(n);
    while (at >= 0) {
      const end = at + n.length;
      let start = wordStart(t.out, at);
      if (start >= 0 && !LETTER.test(t.out[end] ?? '')) {
        ranges.push([t.from[start], t.from[end - 1] + 1]);
      }
      at = t.out.indexOf(n, end);
    }
    if (ranges.length) return ranges;
  }
  return [];
}

// wordStart returns where the word holding a match at i starts, when only
// proclitics and the article precede the match within it, else -1.
function wordStart(s, i) {
  let j = i;
  if (s.slice(j - 2, j) === 'ال') j -= 2;
  else if (s.slice(j - 1, j) === 'ل' && s.slice(j - 2, j) === 'لل') j -= 1; // لل = ل + ال
  for (let k = 0; k < 2 && j > 0 && PROCLITICS.has(s[j - 1]); k++) j--;
  if (j > 0 && LETTER.test(s[j - 1])) return -1;
  return j;
}
