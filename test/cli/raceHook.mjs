// Preloaded into the planloop binary (node --import) by the race tests: each time planloop takes
// its write lock — after it read the files, before it checks and writes them — another writer
// appends PLANLOOP_RACE_TEXT to PLANLOOP_RACE_FILE, at most PLANLOOP_RACE_TIMES times.
import fs from 'node:fs';

const file = process.env.PLANLOOP_RACE_FILE;
const text = process.env.PLANLOOP_RACE_TEXT ?? '\nedited by another process\n';
let left = Number(process.env.PLANLOOP_RACE_TIMES ?? 1);
const openSync = fs.openSync;
fs.openSync = function (target, flags, ...rest) {
  const fd = openSync.call(this, target, flags, ...rest);
  if (file && left > 0 && flags === 'wx' && String(target).endsWith('.planloop-lock')) {
    left--;
    fs.appendFileSync(file, text);
  }
  return fd;
};
