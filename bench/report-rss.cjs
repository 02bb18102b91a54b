// Preloaded (`node --require`) by bench/run.mjs where GNU time is missing: writes the process's peak RSS in KB to
// $BENCH_RSS_FILE on exit, so a Node child can report its own memory.
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) require('node:fs').writeFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS}\n`);
});
