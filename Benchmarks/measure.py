#!/usr/bin/env python3
"""Measures a running ishc server filled by `ishc generate`: dashboard times, club-page and
trivial-route throughput with wrk at 32 connections, and the server's peak memory. Prints JSON."""
import argparse, http.cookiejar, json, re, statistics, subprocess, time, urllib.parse, urllib.request

PASSWORD = "demo-ishc-2025"


def login(base, username):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    res = opener.open(base + "/login", data=urllib.parse.urlencode(
        {"csrf": csrf, "username": username, "password": PASSWORD}).encode())
    home = urllib.parse.urlparse(res.geturl()).path.rstrip("/")
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    return opener, home, cookies


def median_ms(opener, url, runs=5, warm=1):
    for _ in range(warm):
        opener.open(url).read()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        body = opener.open(url).read()
        times.append((time.perf_counter() - t) * 1000)
    assert len(body) > 1000, url
    return round(statistics.median(times), 1)


def national_report(opener, base, nation):
    """Starts (or opens) this year's national six-month report; its page computes it from the data."""
    page = opener.open(base + nation + "/reports?ky=6t").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    res = opener.open(base + nation + "/reports", data=urllib.parse.urlencode(
        {"csrf": csrf, "kind": "6t", "year": str(time.localtime().tm_year)}).encode())
    return urllib.parse.urlparse(res.geturl()).path


def wrk(url, cookies, seconds):
    args = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", url]
    if cookies:
        args[1:1] = ["-H", f"Cookie: {cookies}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    m = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    assert not non2xx, f"{url}: {non2xx.group(0)}"
    return rps, round(p99, 1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--generate-s", type=float)
    a = p.parse_args()
    admin, nation, _ = login(a.base, "admin")
    officer, province, _ = login(a.base, "gen.tinh")
    _, club, club_cookies = login(a.base, "gen.clb")
    # The first request of each computes every club's facts (the server runs without its warmer);
    # the medians after it read the facts kept since.
    t = time.perf_counter()
    report = national_report(admin, a.base, nation)
    national_report_cold = round((time.perf_counter() - t) * 1000, 1)
    province_cold = median_ms(officer, a.base + province + "/dashboard", runs=1, warm=0)
    national_cold = median_ms(admin, a.base + nation + "/dashboard", runs=1, warm=0)
    result = {
        "national_report_ms": median_ms(admin, a.base + report),
        "national_dashboard_ms": median_ms(admin, a.base + nation + "/dashboard"),
        "province_dashboard_ms": median_ms(officer, a.base + province + "/dashboard"),
        "national_report_cold_ms": national_report_cold,
        "national_dashboard_cold_ms": national_cold,
        "province_dashboard_cold_ms": province_cold,
    }
    club_rps, club_p99 = wrk(a.base + club, club_cookies, a.seconds)
    hello_rps, hello_p99 = wrk(a.base + "/ping", "", a.seconds)
    status = open(f"/proc/{a.pid}/status").read()
    peak_kb = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))
    result.update({
        "club_page_rps": round(club_rps, 1), "club_page_p99_ms": club_p99,
        "hello_rps": round(hello_rps, 1), "hello_p99_ms": hello_p99,
        "club_page_ratio": round(club_rps / hello_rps, 3),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "generate_s": a.generate_s,
    })
    print(json.dumps(result))


if __name__ == "__main__":
    main()
