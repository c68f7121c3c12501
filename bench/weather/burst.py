#!/usr/bin/env python3
"""Fires N concurrent GETs (one thread each, released together) and prints status counts as JSON."""
import json
import sys
import threading
import urllib.request
from collections import Counter

urls = sys.argv[1:]
start = threading.Barrier(len(urls))
statuses = Counter()
lock = threading.Lock()


def get(url):
    start.wait()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            status = response.status
    except urllib.error.HTTPError as e:
        status = e.code
    except Exception:  # noqa: BLE001 - counted, not raised: the figure is what matters
        status = "error"
    with lock:
        statuses[str(status)] += 1


threads = [threading.Thread(target=get, args=(u,)) for u in urls]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(json.dumps(statuses))
