// Preloaded into a dosi process under test (NODE_OPTIONS="--import tsx --import <this file>") when
// the benchmark runs with --profile: Node 20 refuses --cpu-prof in NODE_OPTIONS, so the V8 sampling
// profiler is driven through the inspector instead. The profile is written to
// $DOSI_BENCH_PROFILE_DIR/dosi-<pid>.cpuprofile when the process exits (open it in Chrome DevTools,
// or summarise it with bench/lib/profile-summary.ts).
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.DOSI_BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  // A same-thread inspector session answers synchronously, so this works inside 'exit'.
  process.on('exit', () => {
    session.post('Profiler.stop', (err, res) => {
      if (!err) writeFileSync(join(dir, `dosi-${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    });
  });
}
