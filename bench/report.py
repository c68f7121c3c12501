#!/usr/bin/env python3
"""Turn bench/run.sh's per-endpoint results into a table on stdout and a markdown file.

Usage: bench/report.py --results FILE --markdown OUT [--db NAME] [--threads N] [--connections N]
                       [--duration S] [--warmup S] [--seed-json FILE] [--commit SHA] [--rss-kb N]

FILE has one line per benchmark: NAME <TAB> REQUEST <TAB> JSON <TAB> LOG, where JSON is the
BENCH_RESULT object printed by bench/lua/common.lua's done() and LOG summarises the server's
warn/fail/crit log entries during that run ("COUNT LEVEL CATEGORY; ...", empty when none). Exits 3 when any benchmark saw errors (non-2xx
responses or socket errors), so a caller cannot mistake a broken run for a fast one.
"""

import argparse
import datetime
import json
import os
import platform
import sys


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def ms(us):
    value = us / 1000.0
    if value >= 1000:
        return f"{value / 1000:.2f} s"
    return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--results", required=True)
    p.add_argument("--markdown", required=True)
    p.add_argument("--db", default="?")
    p.add_argument("--threads", default="?")
    p.add_argument("--connections", default="?")
    p.add_argument("--duration", default="?")
    p.add_argument("--warmup", default="?")
    p.add_argument("--seed-json")
    p.add_argument("--commit", default="?")
    p.add_argument("--rss-kb", type=int, default=0)
    p.add_argument("--load", help="1-minute load average before -> after the load phase")
    p.add_argument("--seed-log", default="", help="server warn/fail/crit entries while seeding")
    args = p.parse_args()

    rows = []
    with open(args.results, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            name, request, payload, log = (line.rstrip("\n").split("\t") + [""])[:4]
            r = json.loads(payload)
            socket_errors = r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"]
            rows.append({
                "name": name, "request": request,
                "rps": r["requests"] / (r["duration_us"] / 1e6) if r["duration_us"] else 0.0,
                "p50": ms(r["p50_us"]), "p99": ms(r["p99_us"]),
                "non2xx": r["status_errors"], "socket": socket_errors,
                "socket_detail": f"connect {r['connect_errors']}, read {r['read_errors']}, "
                                 f"write {r['write_errors']}, timeout {r['timeouts']}",
                "requests": r["requests"],
                "log": log,
                "log_count": sum(int(part.split()[0]) for part in log.split("; ") if part.strip()),
            })

    counts = {}
    if args.seed_json:
        with open(args.seed_json, encoding="utf-8") as f:
            counts = json.load(f).get("counts", {})

    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{os.cpu_count()} cores ({cpu_model()}), {platform.system()} {platform.release()}"
    failed = [r for r in rows if r["non2xx"] or r["socket"]]

    # ---- stdout: a fixed-width table
    header = ("endpoint", "req/s", "p50", "p99", "non-2xx", "socket err", "log w/f")
    widths = (34, 9, 10, 10, 8, 10, 7)
    print()
    print(f"Atrium bench: {args.db}, wrk -t{args.threads} -c{args.connections} -d{args.duration}s, {now}"
          + (f", load average {args.load}" if args.load else ""))
    print("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))))
    for r in rows:
        cells = (r["request"], f"{r['rps']:.0f}", r["p50"], r["p99"], str(r["non2xx"]), str(r["socket"]),
                 str(r["log_count"]))
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))))
    for where, what in ([("seeding", args.seed_log)] if args.seed_log else []) + [
            (r["request"], r["log"]) for r in rows if r["log"]]:
        print(f"  server log during {where}: {what}")
    if failed:
        print()
        print("!" * 78)
        for r in failed:
            print(f"!!! ERRORS in '{r['request']}': {r['non2xx']} non-2xx/3xx responses, "
                  f"{r['socket']} socket errors ({r['socket_detail']}) out of {r['requests']} requests")
        print("!!! These figures are NOT a valid benchmark of a healthy server.")
        print("!" * 78)

    # ---- markdown
    md = [f"# Atrium benchmark: {args.db}", ""]
    if failed:
        md += ["> **WARNING: this run had errors; its figures do not describe a healthy server.**", ">"]
        md += [f"> - `{r['request']}`: {r['non2xx']} non-2xx/3xx responses, {r['socket']} socket errors "
               f"({r['socket_detail']}) of {r['requests']} requests" for r in failed]
        md += [""]
    md += [
        f"- When: {now}; commit `{args.commit}`",
        f"- Machine: {machine}; wrk and the server share these cores",
        f"- Load: `wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency`, "
        f"after a {args.warmup}s warm-up of the same request",
    ]
    if counts:
        md.append("- Data set (bench/seed.py): " + ", ".join(
            f"{v} {k}" for k, v in counts.items() if k != "feed_user_articles")
            + f"; the feed user follows the authors of {counts.get('feed_user_articles', '?')} articles")
    if args.load:
        md.append(f"- 1-minute load average, before -> after the load phase: {args.load} (the after value "
                  f"includes the benchmark itself: PostgreSQL's backends alone push it past 10; a before value "
                  f"well above {os.cpu_count()} (seeding just ended) means other work was running)")
    if args.rss_kb:
        md.append(f"- Server peak resident memory (VmHWM): {args.rss_kb / 1024:.0f} MiB")
    md += ["", "| Endpoint | Requests/s | p50 | p99 | Non-2xx | Socket errors | Server log warn/fail |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        md.append(f"| `{r['request']}` | {r['rps']:.0f} | {r['p50']} | {r['p99']} | {r['non2xx']} | {r['socket']} "
                  f"| {r['log_count']} |")
    logged = [(f"seeding", args.seed_log)] if args.seed_log else []
    logged += [(f"`{r['request']}`", r["log"]) for r in rows if r["log"]]
    if logged:
        md += ["", "Server log entries at warn level or above (details in `latest-server.log`):", ""]
        md += [f"- {where}: {what}" for where, what in logged]
    md.append("")
    os.makedirs(os.path.dirname(os.path.abspath(args.markdown)), exist_ok=True)
    with open(args.markdown, "w", encoding="utf-8") as f:
        f.write("\n".join(md))
    print(f"\nwrote {args.markdown}")
    return 3 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
