// Generated articles for the end-to-end tests that need many incidents:
// short reports we write from templates, each naming ten towns of Syria
// and Iraq from the embedded GeoNames table, dated over the year 2024,
// so that `incidentmap ingest` stores thousands of distinct incidents
// through the real pipeline. They report nothing that happened.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const GAZETTEER = path.join(repoDir, 'geo/gazetteer/embedded/data/geonames-cities500.tsv.gz');

// One sentence per incident type; {town} is the place.
const TEMPLATES = [
  'شنت طائرات حربية اليوم غارة جوية على مدينة {town} ما أسفر عن مقتل {n} أشخاص.',
  'سقطت قذائف مدفعية اليوم على مدينة {town} ما أدى إلى إصابة {n} مدنيين.',
  'اندلعت اليوم اشتباكات عنيفة في مدينة {town} وقتل فيها {n} مسلحين.',
  'انفجرت اليوم عبوة ناسفة في مدينة {town} ما أسفر عن مقتل {n} أشخاص.',
];

/** towns are the Arabic names of the towns of 5,000 people or more in
 * Syria and Iraq, one word each (so that none is read as two places). */
export async function towns() {
  const rows = gunzipSync(await readFile(GAZETTEER)).toString('utf8').split('\n').slice(1);
  const out = [];
  for (const line of rows) {
    const c = line.split('\t');
    if ((c[7] === 'SY' || c[7] === 'IQ') && c[3] && !c[3].includes(' ') && Number(c[12]) >= 5000) out.push(c[3]);
  }
  return out;
}

/**
 * writeArticles writes n articles of ten incidents each as JSON Lines to
 * file, dated a day apart through 2024 (a town comes back only weeks
 * later, so no two reports merge).
 */
export async function writeArticles(file, n) {
  const names = await towns();
  const lines = [];
  let t = 0;
  for (let a = 0; a < n; a++) {
    const published = new Date(Date.UTC(2024, 0, 1) + (a % 366) * 86_400_000).toISOString().slice(0, 10);
    const sentences = [];
    for (let i = 0; i < 10; i++) {
      const town = names[t++ % names.length];
      sentences.push(TEMPLATES[(a + i) % TEMPLATES.length].replace('{town}', town).replace('{n}', String(2 + ((a + i) % 7))));
    }
    lines.push(JSON.stringify({
      title: `حوادث أمنية في عدة مدن (${a + 1})`,
      text: sentences.join('\n'),
      url: `https://example.org/e2e/generated/${a + 1}`,
      source: 'incidentmap e2e',
      published,
    }));
  }
  await writeFile(file, `${lines.join('\n')}\n`);
  return names.length;
}
