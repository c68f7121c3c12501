"""Thumbnails per second and peak memory: Atrium's image service over HTTP vs vipsthumbnail vs Pillow.

Run by bench/images/run.sh (which builds and starts the server); this file generates the images,
drives the three contenders through the same work and prints the figures and ratios.
Work: N generated 12 MP JPEGs -> 300x300 centre-cropped WebP, quality 80, C at a time.
"""
import base64, concurrent.futures, hashlib, hmac, json, os, subprocess, sys, threading, time, urllib.request, uuid
from pathlib import Path

from PIL import Image, ImageOps

WORK = Path(sys.argv[1])
BASE = sys.argv[2]            # http://127.0.0.1:PORT
SERVER_PID = int(sys.argv[3])
KEY = base64.b64decode(sys.argv[4])
COUNT = int(os.environ.get("IMAGES", "24"))
PASSES = int(os.environ.get("PASSES", "3"))
ROUNDS = int(os.environ.get("ROUNDS", "3"))
CONCURRENCY = int(os.environ.get("CONCURRENCY", str(os.cpu_count() or 2)))
W, H, SIZE, Q = 4000, 3000, 300, 80


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class PeakRss:
    """Samples the summed RSS of a set of processes every 10 ms; keeps the peak."""

    def __init__(self, pids):
        self.pids, self.peak, self._stop = pids, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(rss_kb(p) for p in list(self.pids)))
            time.sleep(0.01)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._stop.set()
        self._thread.join()


def generate():
    folder = WORK / "src"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(COUNT):
        path = folder / f"img{i:03d}.jpg"
        if not path.exists():
            red = Image.linear_gradient("L").resize((W, H))
            green = Image.radial_gradient("L").resize((W, H))
            blue = Image.effect_noise((W, H), 40 + i)
            Image.merge("RGB", (red, green, blue)).save(path, quality=90)
        files.append(path)
    return files


def request(method, path, body=None, headers=None):
    req = urllib.request.Request(BASE + path, data=body, method=method, headers=headers or {})
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.status, r.read()


def upload_all(files):
    name = "bench" + uuid.uuid4().hex[:8]
    _, body = request("POST", "/api/users", json.dumps({"user": {"username": name, "email": name + "@example.com", "password": "password123"}}).encode(),
                      {"Content-Type": "application/json"})
    token = json.loads(body)["user"]["token"]
    ids = []
    for path in files:
        boundary = uuid.uuid4().hex
        data = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\nContent-Type: image/jpeg\r\n\r\n").encode() \
            + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        _, body = request("POST", "/api/images", data, {"Authorization": "Token " + token, "Content-Type": f"multipart/form-data; boundary={boundary}"})
        ids.append(json.loads(body)["image"]["id"].replace("-", ""))
    return ids


def signed(options, file):
    path = f"/{options}/{file}"
    sig = base64.urlsafe_b64encode(hmac.new(KEY, path.encode(), hashlib.sha256).digest()).rstrip(b"=").decode()
    return f"/img/{sig}{path}"


def atrium(ids, quality, clients=None):
    # A distinct quality per pass: every request is a cache miss, i.e. real work.
    urls = [signed(f"rs:fill:{SIZE}:{SIZE}/q:{quality}", f"{i}.webp") for i in ids]
    with concurrent.futures.ThreadPoolExecutor(clients or CONCURRENCY) as pool:
        results = list(pool.map(lambda u: request("GET", u), urls))
    assert all(status == 200 and body[8:12] == b"WEBP" for status, body in results)


def vipsthumbnail(files, out):
    out.mkdir(parents=True, exist_ok=True)
    batches = [files[i::CONCURRENCY] for i in range(CONCURRENCY)]
    procs = [subprocess.Popen(["vipsthumbnail", *map(str, b), "-s", f"{SIZE}x{SIZE}", "-m", "centre", "-o", f"{out}/%s.webp[Q={Q}]"]) for b in batches if b]
    return procs


def pillow_one(args):
    src, dst, draft = args
    with Image.open(src) as im:
        if draft:
            im.draft("RGB", (SIZE, SIZE))  # Pillow's own shrink-on-load (JPEG DCT scaling)
        ImageOps.fit(im.convert("RGB"), (SIZE, SIZE), Image.Resampling.LANCZOS).save(dst, "WEBP", quality=Q)
    return os.getpid()


def timed(label, run, pids):
    with PeakRss(pids) as peak:
        start = time.perf_counter()
        run()
        elapsed = time.perf_counter() - start
    return {"label": label, "seconds": elapsed, "peak_rss_mb": peak.peak / 1024}


def main():
    assert PASSES <= 4 and ROUNDS <= 3, "the distinct qualities per request run out beyond 4 passes x 3 rounds"
    files = generate()
    ids = upload_all(files)
    atrium(ids, 70)  # warm-up: JIT, first libvips calls
    total = COUNT * PASSES
    idle = rss_kb(SERVER_PID) / 1024
    out = WORK / "pillow"
    out.mkdir(exist_ok=True)
    runs = []
    with concurrent.futures.ProcessPoolExecutor(CONCURRENCY) as pool:
        worker_pids = list(set(pool.map(_pid, range(CONCURRENCY * 4))))
        # Rounds interleave the contenders, so a noisy neighbour hurts them alike; medians are reported.
        for rnd in range(ROUNDS):
            # A quality near 80 not used before: every Atrium request is a cache miss, i.e. real work.
            runs.append(timed("atrium-http", lambda: [atrium(ids, 72 + 4 * rnd + p) for p in range(PASSES)], [SERVER_PID]))
            # Four times as many clients as cores: the pool keeps the work (and memory) bounded.
            runs.append(timed(f"atrium-http x{4 * CONCURRENCY} clients", lambda: [atrium(ids, 86 + 4 * rnd + p, 4 * CONCURRENCY) for p in range(PASSES)], [SERVER_PID]))
            pids = []
            def run_vips():
                for p in range(PASSES):
                    procs = vipsthumbnail(files, WORK / f"vips{p}")
                    pids.extend(x.pid for x in procs)
                    for x in procs:
                        assert x.wait() == 0
            runs.append(timed("vipsthumbnail", run_vips, pids))
            jobs = [(f, out / f"{f.stem}-{p}.webp", True) for p in range(PASSES) for f in files]
            runs.append(timed("pillow (draft)", lambda: list(pool.map(pillow_one, jobs)), worker_pids))
            jobs = [(f, out / f"{f.stem}-{p}-full.webp", False) for p in range(PASSES) for f in files]
            runs.append(timed("pillow (full decode)", lambda: list(pool.map(pillow_one, jobs)), worker_pids))

    results = []
    for label in dict.fromkeys(r["label"] for r in runs):
        mine = sorted((r for r in runs if r["label"] == label), key=lambda r: r["seconds"])
        results.append({"label": label, "seconds": mine[len(mine) // 2]["seconds"], "peak_rss_mb": max(r["peak_rss_mb"] for r in mine),
                        "all_seconds": [round(r["seconds"], 3) for r in mine]})

    for r in results:
        r["thumbs_per_s"] = total / r["seconds"]
    by = {r["label"]: r for r in results}
    print(f"median of {ROUNDS} interleaved rounds; peak RSS is the highest sampled in any round")
    print(f"work: {total} thumbnails ({COUNT} x {W}x{H} JPEG -> {SIZE}x{SIZE} WebP q{Q}), {CONCURRENCY} at a time, {os.cpu_count()} cores")
    for r in results:
        print(f"  {r['label']:<22} {r['thumbs_per_s']:7.1f} thumbnails/s   peak RSS {r['peak_rss_mb']:7.1f} MB")
    print(f"  atrium server idle RSS before the run: {idle:.1f} MB")
    a, v, p, pf = by["atrium-http"], by["vipsthumbnail"], by["pillow (draft)"], by["pillow (full decode)"]
    print(f"ratio atrium/pillow (draft)        {a['thumbs_per_s'] / p['thumbs_per_s']:.2f}x   (bar: >= 5x)")
    print(f"ratio atrium/pillow (full decode)  {a['thumbs_per_s'] / pf['thumbs_per_s']:.2f}x")
    print(f"ratio atrium/vipsthumbnail         {a['thumbs_per_s'] / v['thumbs_per_s']:.2f}    (bar: >= 0.80)")
    print(json.dumps(results))


def _pid(_):
    time.sleep(0.05)
    return os.getpid()


if __name__ == "__main__":
    main()
