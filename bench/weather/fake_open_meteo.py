#!/usr/bin/env python3
"""A local stand-in for Open-Meteo's forecast API, for bench/weather/run.sh.

Answers GET /v1/forecast in Open-Meteo's shape (a week of hourly temperature_2m, whatever was asked),
after --delay seconds (so a burst of misses overlaps one slow upstream call), and counts the calls:
GET /calls returns the count. Listens on 127.0.0.1 only.
"""
import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

calls = 0
lock = threading.Lock()


def forecast(query):
    lat = float(query.get("latitude", ["0"])[0].split(",")[0])
    lon = float(query.get("longitude", ["0"])[0].split(",")[0])
    hours = [f"2026-11-{24 + h // 24:02d}T{h % 24:02d}:00" for h in range(168)]
    return {
        "latitude": lat, "longitude": lon, "generationtime_ms": 0.05, "utc_offset_seconds": 0,
        "timezone": "GMT", "timezone_abbreviation": "GMT", "elevation": 38.0,
        "hourly_units": {"time": "iso8601", "temperature_2m": "°C"},
        "hourly": {"time": hours, "temperature_2m": [round(5 + (h % 24) / 3, 1) for h in range(168)]},
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        global calls
        url = urlparse(self.path)
        if url.path == "/calls":
            body = json.dumps({"calls": calls}).encode()
        elif url.path == "/v1/forecast":
            with lock:
                calls += 1
            time.sleep(self.server.delay)
            body = json.dumps(forecast(parse_qs(url.query))).encode()
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--delay", type=float, default=0.2)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.delay = args.delay
    server.serve_forever()


if __name__ == "__main__":
    main()
