"""Latency of the web app's person page and dashboard, beside a trivial endpoint, over one keep-alive connection.

  python3 webpages.py BASE_URL EMAIL PASSWORD PEOPLE [REQUESTS]

Signs in through the form, warms the dashboard once (its population snapshot is counted on first use; that time is
printed too), then times REQUESTS person pages of people picked at random (the generator's ids), REQUESTS/4 dashboards,
the people list in every order (first and second page), a people search, the gift list and the task inbox, and
REQUESTS requests of /readyz, and prints p50 and p95 of each and the p95 ratio to /readyz.
"""
import http.client
import random
import re
import sys
import time
import urllib.parse

base, email, password, people = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
requests = int(sys.argv[5]) if len(sys.argv) > 5 else 200
url = urllib.parse.urlparse(base)
connection = http.client.HTTPConnection(url.hostname, url.port)
cookies = {}


def call(method, path, body=None, headers=None):
    headers = dict(headers or {})
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode()
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";")[0]
    return response.status, text


status, page = call("GET", "/sign-in")
token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
form = urllib.parse.urlencode({"_csrf": token, "email": email, "password": password})
status, _ = call("POST", "/sign-in", form, {"Content-Type": "application/x-www-form-urlencoded"})
assert status == 303, f"sign-in answered {status}"


def timed(paths):
    times = []
    for path in paths:
        started = time.perf_counter()
        status, _ = call("GET", path)
        times.append(time.perf_counter() - started)
        assert status == 200, f"{path} answered {status}"
    times.sort()
    return times[len(times) // 2] * 1000, times[min(len(times) - 1, int(len(times) * 0.95))] * 1000


started = time.perf_counter()
call("GET", "/")
first_dashboard = (time.perf_counter() - started) * 1000
rng = random.Random(7)
person = timed(f"/people/00000000-0000-7000-8000-{rng.randrange(people):012x}" for _ in range(requests))
dashboard = timed(["/"] * max(1, requests // 4))
trivial = timed(["/readyz"] * requests)


def second_page(path):
    """The list's second page (its "next page" link), so keyset paging is timed too."""
    _, text = call("GET", path)
    link = re.search(r'href="([^"]+)" rel="next"', text)
    return link.group(1).replace("&amp;", "&") if link else path


lists = {f"people {order}": [f"/people?sort={order}"] * 5 + [second_page(f"/people?sort={order}")] * 5
         for order in ["added", "newest", "name", "name_desc", "last_gift", "total_given"]}
lists["people search"] = [f"/people?q={urllib.parse.quote(name)}" for name in ["jans", "de vr", "bakker", "peter", "anna"]] * 2
lists["gifts"] = ["/gifts"] * 5 + [second_page("/gifts")] * 5
lists["tasks"] = ["/tasks?scope=all"] * 10
started = time.perf_counter()
call("GET", "/duplicates")
first_duplicates = (time.perf_counter() - started) * 1000
lists["duplicates"] = ["/duplicates"] * 5 + ["/duplicates?page=2"] * 5
rows = [("person page", person), ("dashboard", dashboard)] + [(name, timed(paths)) for name, paths in lists.items()]
for name, (p50, p95) in rows + [("/readyz", trivial)]:
    print(f"web {name:<18} p50 {p50:8.2f} ms   p95 {p95:8.2f} ms   p95 ratio to /readyz {p95 / trivial[1]:8.1f}")
print(f"web dashboard first request (counts the population snapshot) {first_dashboard:.0f} ms")
print(f"web duplicates first request (scans unless the background jobs already have) {first_duplicates:.0f} ms")
