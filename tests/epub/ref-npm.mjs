// ref-npm.mjs FILE.epub...: run the npm EPUBCheck port (@likecoin/epubcheck-ts)
// over each file in one process; print "CASE<TAB>valid|invalid<TAB>IDS", IDS
// the sorted distinct IDs of fatal, error and warning messages ("-" if none).
// The package is found through $WQ_EPUBCHECK_TS or the repository's .deps.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
const top = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = process.env.WQ_EPUBCHECK_TS ||
	join(top, '.deps', 'node_modules', '@likecoin', 'epubcheck-ts');
const { EpubCheck } = await import(pathToFileURL(join(pkg, 'dist', 'index.js')).href);
for (const f of process.argv.slice(2)) {
	const r = await EpubCheck.validate(new Uint8Array(await readFile(f)));
	const ids = [...new Set(r.messages
		.filter((m) => /^(fatal|error|warning)$/i.test(m.severity))
		.map((m) => m.id || m.ID))].sort();
	console.log(`${basename(f, '.epub')}\t${r.valid ? 'valid' : 'invalid'}\t${ids.join(',') || '-'}`);
}
