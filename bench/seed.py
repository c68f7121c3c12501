#!/usr/bin/env python3
"""Seed a running Atrium server with a realistic Conduit data set, through the public API only.

Usage: bench/seed.py BASE_URL [--out FILE] [--seed N] [--users N] [--articles N]
                              [--favorites N] [--comments N] [--follows N] [--workers N]

BASE_URL is the server root (e.g. http://127.0.0.1:5000); requests go to BASE_URL/api/...

What it creates (defaults): 50 users, each following 10 others; 500 articles by those users
(a few prolific authors, many occasional ones), each with a title, a one-line description, a
markdown body of a few paragraphs and 1-4 tags from a pool of 30; 1500 favorites (distinct
user/article pairs) and 1000 comments.

Everything is planned up front from one seeded random generator, so the data set is the same on
every run; the requests are then sent by a pool of worker threads, so creation order (and with it
the server-side ids and timestamps) may differ between runs. Running it twice against the same
server logs the existing users in instead of registering them, and adds a second set of articles.

The --out file is JSON for the load scripts:
  slugs          every article slug created
  feed_user      {username, token}: a user who follows others who wrote articles (for /articles/feed)
  writer         {username, token}: a user for POST /api/articles
  counts         what was created
Standard library only (urllib); exits non-zero if any request failed.
"""

import argparse
import concurrent.futures
import json
import random
import sys
import threading
import time
import urllib.error
import urllib.request

PASSWORD = "bench-password-1234"

FIRST_NAMES = [
    "alice", "bruno", "chen", "dara", "elif", "farid", "greta", "hiro", "ines", "jonas",
    "kavya", "lars", "maya", "nadia", "oskar", "priya", "quinn", "rosa", "samir", "tove",
    "umar", "vera", "wei", "ximena", "yusuf", "zoe", "amara", "bjorn", "carmen", "dmitri",
]
LAST_NAMES = [
    "martin", "okafor", "lindqvist", "tanaka", "moreau", "silva", "novak", "kowalski", "haddad",
    "fischer", "nguyen", "romero", "patel", "jensen", "costa", "ivanova", "murphy", "weber",
]
BIOS = [
    "Backend engineer. Writes about databases and the things that break them.",
    "Frontend developer who secretly loves SQL.",
    "Site reliability, on-call survivor, coffee enthusiast.",
    "Building small tools for big teams.",
    "Data engineer. Pipelines by day, sourdough by night.",
    "Open source maintainer. Opinions are my own, bugs are everyone's.",
    "",
]

TAGS = [
    "dotnet", "csharp", "aspnetcore", "efcore", "postgres", "sqlite", "performance", "testing",
    "architecture", "devops", "docker", "kubernetes", "security", "api", "rest", "graphql",
    "frontend", "javascript", "typescript", "react", "css", "career", "productivity", "opensource",
    "linux", "observability", "caching", "concurrency", "databases", "cloud",
]

TITLE_TEMPLATES = [
    "How we cut {metric} by {pct}% with {tech}",
    "A practical guide to {topic}",
    "What I learned from {count} years of {topic}",
    "{tech} in production: lessons from the trenches",
    "Why {topic} is harder than it looks",
    "Stop worrying about {topic} and start measuring",
    "The hidden cost of {topic}",
    "Migrating from {tech} to {tech2} without downtime",
    "{count} mistakes everyone makes with {tech}",
    "Understanding {topic}, one diagram at a time",
    "A field guide to {topic} for busy teams",
    "When {tech} is the wrong answer",
    "Debugging {topic} at 3 a.m.",
    "Notes on {topic} after a year with {tech}",
]
TOPICS = [
    "connection pooling", "database migrations", "structured logging", "API versioning",
    "integration testing", "feature flags", "query planning", "background jobs", "rate limiting",
    "schema design", "incident reviews", "code review", "dependency injection", "caching",
    "pagination", "authentication", "zero-downtime deploys", "load testing", "observability",
    "error handling", "monorepos", "type safety", "technical debt", "event sourcing",
]
TECHS = [
    "PostgreSQL", "SQLite", "ASP.NET Core", "EF Core", "Redis", "Kubernetes", "OpenTelemetry",
    "Nginx", "GitHub Actions", "TypeScript", "React", "gRPC", "Kafka", "Terraform", "systemd",
]
METRICS = ["p99 latency", "cloud spend", "build time", "memory use", "error rate", "cold starts"]

SENTENCE_TEMPLATES = [
    "The first thing we noticed was that {topic} behaved very differently under real traffic.",
    "Most guides on {topic} skip the part where {tech} meets production data.",
    "We started with the simplest thing that could possibly work, and measured it.",
    "It turned out that {metric} was dominated by a single query nobody had looked at in months.",
    "Adding an index helped, but the real fix was changing how we thought about {topic}.",
    "{tech} gives you sensible defaults, yet every default is a decision someone made for you.",
    "If you only remember one thing, remember to write down what you expected before you measure.",
    "The team agreed to treat {topic} as a product feature rather than an afterthought.",
    "We rolled the change out behind a flag and watched {metric} for a week.",
    "None of this is new; it is just easy to forget when deadlines get close.",
    "Our dashboards told a comforting story that the raw logs quickly contradicted.",
    "A small reproduction in a test made the problem obvious in minutes instead of days.",
    "The trade-off is more moving parts, which you should only accept when the numbers demand it.",
    "Reading the source of {tech} answered questions the documentation never raised.",
    "We wrote a short runbook so the next person on call would not have to rediscover all this.",
    "In hindsight, the warning signs were in {metric} for weeks before anyone complained.",
    "Benchmarks on a laptop are a starting point, not a verdict.",
    "The boring solution won again, and we were happy to let it.",
]
COMMENT_TEMPLATES = [
    "Great write-up, thanks for sharing!",
    "We hit exactly the same problem with {tech} last quarter.",
    "Did you try measuring {metric} before and after the change?",
    "This matches my experience with {topic}, especially the part about defaults.",
    "I'd love a follow-up post on how you tested this.",
    "Bookmarked. The section on {topic} is going straight into our team wiki.",
    "Interesting. How does this hold up with more traffic?",
    "Nice. Small reproductions are underrated.",
    "Counterpoint: sometimes {tech} really is the right answer.",
    "Thanks, this saved me an afternoon.",
]


# ---------------------------------------------------------------- planning (deterministic)

def fill(rng, template):
    tech = rng.choice(TECHS)
    return template.format(
        topic=rng.choice(TOPICS), tech=tech, tech2=rng.choice([t for t in TECHS if t != tech]),
        metric=rng.choice(METRICS), pct=rng.choice([20, 30, 40, 50, 60, 70, 80, 90]),
        count=rng.choice([3, 5, 7, 10, 12]))


def plan_body(rng):
    paragraphs = []
    for p in range(rng.randint(3, 6)):
        sentences = [fill(rng, rng.choice(SENTENCE_TEMPLATES)) for _ in range(rng.randint(3, 6))]
        text = " ".join(sentences)
        # Some markdown, as real posts have: a heading and the occasional code span or list.
        if p == 1 and rng.random() < 0.5:
            text = "## " + fill(rng, "What changed with {topic}") + "\n\n" + text
        if rng.random() < 0.2:
            text += "\n\n```\nSELECT count(*) FROM articles WHERE author_id = $1;\n```"
        if rng.random() < 0.15:
            text += "\n\n- measure first\n- change one thing\n- measure again"
        paragraphs.append(text)
    return "\n\n".join(paragraphs)


def plan(args):
    rng = random.Random(args.seed)
    users = []
    for i in range(args.users):
        name = f"{FIRST_NAMES[i % len(FIRST_NAMES)]}_{LAST_NAMES[(i * 7) % len(LAST_NAMES)]}{i}"
        users.append({"username": name, "email": f"{name}@example.com", "bio": rng.choice(BIOS)})

    follows = []
    for i in range(args.users):
        others = [j for j in range(args.users) if j != i]
        for j in rng.sample(others, min(args.follows, len(others))):
            follows.append((i, j))

    # Authors are skewed (a few prolific writers, a long tail), as on any real blog.
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(args.users)]
    author_order = list(range(args.users))
    rng.shuffle(author_order)
    articles = []
    for n in range(args.articles):
        author = rng.choices(author_order, weights=weights)[0]
        title = fill(rng, rng.choice(TITLE_TEMPLATES))
        articles.append({
            "author": author,
            # Titles repeat across 500 articles; the number keeps each distinct for a human reader.
            "title": f"{title} (part {n % 7 + 1})" if n % 3 == 0 else title,
            "description": fill(rng, rng.choice([
                "Notes on {topic} from a team running {tech}.",
                "What {metric} taught us about {topic}.",
                "A short, opinionated take on {topic}.",
                "Everything we got wrong about {tech}, and how we fixed it.",
            ])),
            "body": plan_body(rng),
            "tags": rng.sample(TAGS, rng.randint(1, 4)),
        })

    # Popular articles get more favorites and comments (again skewed).
    article_weights = [1.0 / (rank + 1) ** 0.5 for rank in range(args.articles)]
    article_order = list(range(args.articles))
    rng.shuffle(article_order)
    favorites = set()
    max_favorites = min(args.favorites, args.users * args.articles)
    for _ in range(max_favorites * 20):  # bounded: skewed sampling repeats pairs
        if len(favorites) >= max_favorites:
            break
        favorites.add((rng.randrange(args.users), rng.choices(article_order, weights=article_weights)[0]))
    favorites = sorted(favorites)

    comments = []
    for _ in range(args.comments):
        body = fill(rng, rng.choice(COMMENT_TEMPLATES))
        comments.append((rng.randrange(args.users), rng.choices(article_order, weights=article_weights)[0], body))

    return users, follows, articles, favorites, comments


# ---------------------------------------------------------------- HTTP

class Api:
    def __init__(self, base_url):
        self.base = base_url.rstrip("/") + "/api"
        self.lock = threading.Lock()
        self.failures = []

    def call(self, method, path, body=None, token=None, ok=(200, 201)):
        """One request; returns (status, parsed JSON or None). Retries only connection errors, 3 times."""
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        for attempt in range(3):
            req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
            try:
                with urllib.request.urlopen(req, timeout=30) as resp:
                    raw = resp.read()
                    return resp.status, (json.loads(raw) if raw else None)
            except urllib.error.HTTPError as e:
                raw = e.read()
                try:
                    parsed = json.loads(raw) if raw else None
                except ValueError:
                    parsed = raw[:200].decode(errors="replace")
                if e.code not in ok:
                    return e.code, parsed
            except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
                if attempt == 2:
                    return 0, str(e)
                time.sleep(0.5 * (attempt + 1))
        return 0, "unreachable"

    def expect(self, what, status, payload, ok=(200, 201)):
        if status in ok:
            return True
        with self.lock:
            self.failures.append(f"{what}: HTTP {status} {payload}")
        return False


def run_pool(workers, fn, items):
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(fn, items))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("--out", default="bench-seed.json")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--follows", type=int, default=10, help="users each user follows")
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--favorites", type=int, default=1500)
    parser.add_argument("--comments", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    if args.users < 2:
        parser.error("--users must be at least 2 (the feed needs someone to follow)")

    users, follows, articles, favorites, comments = plan(args)
    api = Api(args.base_url)
    started = time.monotonic()

    # Users: register, or log in when a previous run already registered them.
    def register(u):
        status, body = api.call("POST", "/users", {"user": {
            "username": u["username"], "email": u["email"], "password": PASSWORD}})
        if status not in (200, 201):
            status, body = api.call("POST", "/users/login", {"user": {"email": u["email"], "password": PASSWORD}})
        if not api.expect(f"register/login {u['username']}", status, body):
            return None
        token = body["user"]["token"]
        if u["bio"]:
            status, body = api.call("PUT", "/user", {"user": {"bio": u["bio"]}}, token)
            api.expect(f"update bio {u['username']}", status, body)
        return token

    tokens = run_pool(args.workers, register, users)
    if any(t is None for t in tokens):
        return fail(api, "could not create every user")

    def follow(pair):
        i, j = pair
        status, body = api.call("POST", f"/profiles/{users[j]['username']}/follow", None, tokens[i])
        return api.expect(f"follow {users[i]['username']} -> {users[j]['username']}", status, body)

    run_pool(args.workers, follow, follows)

    def create(a):
        status, body = api.call("POST", "/articles", {"article": {
            "title": a["title"], "description": a["description"], "body": a["body"], "tagList": a["tags"]}},
            tokens[a["author"]])
        return body["article"]["slug"] if api.expect(f"create article '{a['title']}'", status, body) else None

    slugs = run_pool(args.workers, create, articles)

    def favorite(pair):
        i, n = pair
        if slugs[n] is None:
            return False
        status, body = api.call("POST", f"/articles/{slugs[n]}/favorite", None, tokens[i])
        return api.expect(f"favorite {slugs[n]}", status, body)

    def comment(c):
        i, n, text = c
        if slugs[n] is None:
            return False
        status, body = api.call("POST", f"/articles/{slugs[n]}/comments", {"comment": {"body": text}}, tokens[i])
        return api.expect(f"comment on {slugs[n]}", status, body)

    favorited = sum(run_pool(args.workers, favorite, favorites))
    commented = sum(run_pool(args.workers, comment, comments))

    # The feed user: whoever follows the most written articles, so the feed is full.
    written = [0] * len(users)
    for a in articles:
        written[a["author"]] += 1
    feed_size = [0] * len(users)
    for i, j in follows:
        feed_size[i] += written[j]
    feed_user = max(range(len(users)), key=lambda i: (feed_size[i], -i))
    writer = next(i for i in range(len(users)) if i != feed_user)

    counts = {
        "users": len(users), "follows": len(follows), "articles": sum(s is not None for s in slugs),
        "favorites": favorited, "comments": commented, "tags": len({t for a in articles for t in a["tags"]}),
        "feed_user_articles": feed_size[feed_user],
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({
            "base_url": args.base_url,
            "seed": args.seed,
            "slugs": [s for s in slugs if s is not None],
            "feed_user": {"username": users[feed_user]["username"], "token": tokens[feed_user]},
            "writer": {"username": users[writer]["username"], "token": tokens[writer]},
            "counts": counts,
        }, f, indent=1)

    elapsed = time.monotonic() - started
    print(f"seeded in {elapsed:.1f}s: " + ", ".join(f"{v} {k}" for k, v in counts.items() if k != "feed_user_articles")
          + f"; feed user {users[feed_user]['username']} follows authors of {feed_size[feed_user]} articles")
    print(f"wrote {args.out}")
    if api.failures:
        return fail(api, f"{len(api.failures)} request(s) failed")
    return 0


def fail(api, message):
    print(f"seed FAILED: {message}", file=sys.stderr)
    for line in api.failures[:20]:
        print(f"  {line}", file=sys.stderr)
    if len(api.failures) > 20:
        print(f"  ... and {len(api.failures) - 20} more", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
