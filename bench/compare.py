#!/usr/bin/env python3
"""Times `qwenlog analyze` (exact and --approx) side by side with the comparison anchors on the same files.

Usage: python3 bench/compare.py FILE.jsonl [FILE.jsonl ...] [--rounds N] [--qwenlog PATH] [--skip NAME[,NAME]]

Each round runs every tool once, in turn (A B C … A B C …), so a machine whose speed drifts slows all of them alike.
Per tool it prints the median wall time, CPU seconds (user + system) and peak RSS of the whole process (the kernel's
accounting of the finished child, from wait4), MB/s, and the ratio of each anchor's median wall time to qwenlog's
exact run (above 1 means qwenlog is faster). Before timing, every anchor's figures are checked against the
article's script on the same file; disagreements are printed, not hidden (bench/README.md says why each differs).

Tools (names for --skip): qwenlog, qwenlog-approx, article (python3, one thread, the article's own code),
duckdb (2 threads), polars (in-memory engine, 2 threads), polars-streaming (2 threads), chdb (max_threads=2).
Needs python3, node, and `npm ci` in bench/baselines (done here when node_modules is missing).
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BASELINES = os.path.join(HERE, "baselines")
ROOT = os.path.dirname(HERE)
ARTICLE_FIGURES = ["total_requests", "avg_input_tokens", "avg_output_tokens", "success_rate", "empty_response",
                   "contains_sensitive", "malformed_json", "jailbreak_attempt", "p95_latency", "avg_throughput"]


def tools(qwenlog):
    env2 = {"POLARS_MAX_THREADS": "2"}
    return [
        ("qwenlog", [qwenlog, "analyze", "{file}", "--format", "json", "--no-progress"], {}),
        ("qwenlog-approx", [qwenlog, "analyze", "{file}", "--format", "json", "--no-progress", "--approx"], {}),
        ("article", ["python3", os.path.join(BASELINES, "article_analysis.py"), "{file}"], {}),
        ("duckdb", ["node", os.path.join(BASELINES, "duckdb_aggregates.mjs"), "{file}"], {}),
        ("polars", ["node", os.path.join(BASELINES, "polars_aggregates.mjs"), "{file}"], env2),
        ("polars-streaming", ["node", os.path.join(BASELINES, "polars_aggregates.mjs"), "{file}", "--engine", "streaming"], env2),
        ("chdb", ["node", os.path.join(BASELINES, "chdb_aggregates.mjs"), "{file}"], {}),
    ]


def run(argv, extra_env):
    """Runs one process to the end, untimed; returns its standard output (for the figure checks)."""
    proc = subprocess.run(argv, capture_output=True, env=dict(os.environ, **extra_env))
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed with exit code {proc.returncode}:\n{proc.stderr.decode(errors='replace')}")
    return proc.stdout.decode()


def run_measured(argv, extra_env):
    """Runs one process to the end; returns (stdout, wall s, CPU s, peak RSS MiB) from the kernel's accounting.

    The child is reaped with wait4 (not Popen.wait) because only wait4 returns that child's own rusage."""
    env = dict(os.environ, **extra_env)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    chunks = []
    while True:
        chunk = proc.stdout.read(1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed with exit code {proc.returncode}")
    # ru_maxrss is the largest of the child and its reaped descendants, in KiB on Linux.
    return b"".join(chunks).decode(), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def figures_of(name, stdout):
    data = json.loads(stdout)
    if not name.startswith("qwenlog"):
        return {k: data.get(k) for k in ARTICLE_FIGURES}
    summary, flags = data["summary"], data["flags"]
    return {
        "total_requests": summary["total_requests"], "avg_input_tokens": summary["avg_prompt_tokens"],
        "avg_output_tokens": summary["avg_completion_tokens"], "success_rate": summary["success_rate"],
        **{k: flags[k] for k in ("empty_response", "contains_sensitive", "malformed_json", "jailbreak_attempt")},
        "p95_latency": summary["latency_ms"]["p95"], "avg_throughput": summary["throughput_tps"]["mean"],
    }


def differences(expected, actual):
    out = []
    for key in ARTICLE_FIGURES:
        a, b = expected.get(key), actual.get(key)
        if isinstance(a, float) or isinstance(b, float):
            same = a is not None and b is not None and abs(a - b) <= 1e-9 * max(1.0, abs(a))
        else:
            same = a == b
        if not same:
            out.append(f"{key}: article {a}, here {b}")
    return out


def cpu_name():
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--qwenlog", default=os.path.join(ROOT, "out", "qwenlog", "qwenlog"),
                        help="the published CLI (default out/qwenlog/qwenlog; built here when missing)")
    parser.add_argument("--skip", default="", help="comma-separated tool names to leave out")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    if not os.path.isdir(os.path.join(BASELINES, "node_modules", "chdb")):
        # npm 11 refuses `npm ci` here: the lock has only the Linux x64 build of chdb's per-platform libraries (the
        # registry mirror serves no others), and npm 11 wants an entry for each. `npm install` takes the same versions
        # from the same lock and leaves it as it is.
        if subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=BASELINES).returncode != 0:
            subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund"], cwd=BASELINES, check=True)
    if not os.path.exists(args.qwenlog):
        publish = ["dotnet", "publish", os.path.join(ROOT, "src", "QwenLogFunctions.Cli"), "-c", "Release",
                   "-o", os.path.dirname(args.qwenlog)]
        # Native code where the machine allows it (see the CLI's csproj); the ReadyToRun build if linking fails.
        if subprocess.run(publish, stdout=subprocess.DEVNULL).returncode != 0:
            print("native publish failed; timing the ReadyToRun build instead", file=sys.stderr)
            subprocess.run(publish + ["-p:QwenlogNative=false"], check=True, stdout=subprocess.DEVNULL)
    native = not os.path.exists(os.path.join(os.path.dirname(args.qwenlog), "qwenlog.dll"))

    skip = {s for s in args.skip.split(",") if s}
    chosen = [t for t in tools(args.qwenlog) if t[0] not in skip]
    print(f"qwenlog: {args.qwenlog} ({'native code' if native else 'ReadyToRun'})")
    print(f"CPU: {cpu_name()}, {os.cpu_count()} cores; rounds: {args.rounds}; "
          f"load average before: {os.getloadavg()[0]:.2f}")
    for path in args.files:
        size = os.path.getsize(path)
        print(f"\n== {path} ({size / 1e6:,.1f} MB)")
        expected = json.loads(run(["python3", os.path.join(BASELINES, "article_analysis.py"), path], {}))
        for name, argv, env in chosen:
            if name == "article":
                continue
            diff = differences(expected, figures_of(name, run([a.format(file=path) for a in argv], env)))
            print(f"  check {name:<17} {'agrees with the article on every figure' if not diff else '; '.join(diff)}")
        samples = {name: [] for name, _, _ in chosen}
        for _ in range(args.rounds):
            for name, argv, env in chosen:
                _, wall, cpu, rss = run_measured([a.format(file=path) for a in argv], env)
                samples[name].append((wall, cpu, rss))
        base = statistics.median(w for w, _, _ in samples["qwenlog"]) if "qwenlog" in samples else None
        print(f"  {'tool':<17} {'wall s':>8} {'MB/s':>7} {'CPU s':>7} {'peak MiB':>9} {'wall / qwenlog':>15}")
        for name, runs in samples.items():
            wall = statistics.median(w for w, _, _ in runs)
            cpu = statistics.median(c for _, c, _ in runs)
            rss = max(r for _, _, r in runs)
            ratio = f"{wall / base:.2f}x" if base else "-"
            print(f"  {name:<17} {wall:8.2f} {size / 1e6 / wall:7.0f} {cpu:7.2f} {rss:9.0f} {ratio:>15}")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
