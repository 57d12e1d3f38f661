// Preloaded into the binary by a test: plants a symlink at the temp name the writer used to take
// for this process (`.<file>.planloop-<pid>.tmp`), pointing outside, as an attacker who guessed it.
import * as fs from 'node:fs';
import * as path from 'node:path';

const file = process.env.PLANLOOP_PLANT_FILE;
const target = process.env.PLANLOOP_PLANT_TARGET;
if (file && target) fs.symlinkSync(target, path.join(path.dirname(file), `.${path.basename(file)}.planloop-${process.pid}.tmp`));
