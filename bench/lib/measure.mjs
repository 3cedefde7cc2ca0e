/**
 * Runs a command as a child process and measures it from the outside: wall
 * clock (performance.now from spawn to exit) and peak resident memory of the
 * whole process tree.
 *
 * Memory, on Linux: every ~20 ms the tree under the child is walked through
 * /proc/<pid>/task/<tid>/children and each process's VmHWM (its own peak RSS)
 * is read from /proc/<pid>/status; the tree's peak is the largest sum of the
 * VmHWM of the processes alive at one poll. Worker threads share their
 * process's memory, so they are counted once. Elsewhere, when a GNU
 * /usr/bin/time exists, the command runs under `/usr/bin/time -f %M`, which
 * reports the largest single process of the tree instead.
 *
 * CPU time (Linux only): the same polls read utime + stime of every process of
 * the tree from /proc/<pid>/stat; the sum of each process's last reading is
 * the tree's CPU time (short of at most one poll interval per process). It
 * shows how much work a run did, which other load on the machine disturbs less
 * than the wall clock.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const POLL_MS = 20;
const STDERR_TAIL = 4000;

/** How peak memory is measured on this machine: 'proc', 'time' or 'none'. */
export const RSS_METHOD = (() => {
  if (existsSync('/proc/self/status') && /VmHWM/.test(readFileSync('/proc/self/status', 'utf8'))) return 'proc';
  const which = spawnSync('sh', ['-c', 'command -v /usr/bin/time'], { encoding: 'utf8' });
  if (which.status === 0 && spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0) return 'time';
  return 'none';
})();

/** Clock ticks per second of /proc/<pid>/stat times. */
const CLK_TCK = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(r.stdout?.trim()) || 100;
})();

/** utime + stime of one process (its threads included) in seconds, or undefined when it is gone. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return undefined;
  }
}

/** VmHWM of one process in bytes, or undefined when it is gone (or a zombie). */
function vmHwm(pid) {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The pid and all its descendants, via /proc/<pid>/task/<tid>/children. */
function processTree(root) {
  const out = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    out.push(pid);
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ')) if (child.trim()) stack.push(Number(child));
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  }
  return out;
}

/**
 * Runs `cmd args` in `cwd`. Returns
 * { command, exitCode, signal, error, wallSeconds, peakRssBytes, cpuSeconds, rssMethod, stdout, stderrTail, stderrLines }.
 * `stdout` is kept only with keepStdout (it can be large); stderr is counted by lines and its tail kept.
 */
export function measure({ cmd, args, cwd, env = process.env, keepStdout = false }) {
  return new Promise((resolvePromise) => {
    let timeFile;
    let spawnCmd = cmd;
    let spawnArgs = args;
    if (RSS_METHOD === 'time') {
      const dir = mkdtempSync(join(tmpdir(), 'rubric-bench-time-'));
      timeFile = join(dir, 'maxrss');
      spawnCmd = '/usr/bin/time';
      spawnArgs = ['-f', '%M', '-o', timeFile, cmd, ...args];
    }
    const stdoutChunks = [];
    let stderrTail = '';
    let stderrLines = 0;
    let peak = 0;
    const cpuByPid = new Map();
    let error;
    const t0 = performance.now();
    const child = spawn(spawnCmd, spawnArgs, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => {
      if (keepStdout) stdoutChunks.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) stderrLines++;
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL);
    });
    const poll = () => {
      if (RSS_METHOD !== 'proc' || child.pid === undefined) return;
      let sum = 0;
      for (const pid of processTree(child.pid)) {
        sum += vmHwm(pid) ?? 0;
        const cpu = cpuSeconds(pid);
        if (cpu !== undefined) cpuByPid.set(pid, cpu);
      }
      if (sum > peak) peak = sum;
    };
    const timer = setInterval(poll, POLL_MS);
    poll();
    child.on('error', (e) => {
      error = e.message;
    });
    // 'exit' fires when the process ends; 'close' after its pipes are drained too.
    let wallSeconds;
    child.on('exit', () => {
      wallSeconds = (performance.now() - t0) / 1000;
      clearInterval(timer);
    });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      wallSeconds ??= (performance.now() - t0) / 1000;
      if (timeFile) {
        try {
          peak = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) * 1024;
        } catch {
          peak = 0;
        }
        rmSync(join(timeFile, '..'), { recursive: true, force: true });
      }
      resolvePromise({
        command: [cmd, ...args].join(' '),
        exitCode: code,
        signal,
        error,
        wallSeconds,
        peakRssBytes: peak || undefined,
        cpuSeconds: cpuByPid.size ? [...cpuByPid.values()].reduce((a, b) => a + b, 0) : undefined,
        rssMethod: RSS_METHOD,
        stdout: keepStdout ? Buffer.concat(stdoutChunks).toString('utf8') : undefined,
        stderrTail,
        stderrLines,
      });
    });
  });
}
