"""Uploads refused files to a running server and reports its peak memory while it reads them."""
import sys, re, time, threading, urllib.request, urllib.parse, http.cookiejar, uuid, os, json
base, pid, DIR, BUDGET = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
def rss():
    st = open(f'/proc/{pid}/status').read()
    return int(re.search(r'VmRSS:\s+(\d+)', st).group(1)) // 1024
peak = [0]; stop = [False]
def sampler():
    while not stop[0]:
        peak[0] = max(peak[0], rss()); time.sleep(0.02)
jar = http.cookiejar.CookieJar()
op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k): return None
op2 = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
def get(path):
    try: return op.open(base + path).read().decode()
    except urllib.error.HTTPError as e: return e.read().decode()
page = get('/login')
token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
try: op2.open(base + '/login', urllib.parse.urlencode({'username': 'clb.hanhtien', 'password': 'demo-ishc-2025', 'csrf': token}).encode())
except urllib.error.HTTPError as e: unit = e.headers['Location']
club = re.search(r'/units/([0-9A-F-]+)', unit).group(1)
form = get(f'/units/{club}/members/import')
action = re.search(r'action="(/units/[^"]+/members/import\?csrf=[^"]+)"', form).group(1)
def upload(name, data, action=action, cookies=True):
    b = '----m' + uuid.uuid4().hex
    body = (f'--{b}\r\nContent-Disposition: form-data; name="consent"\r\n\r\non\r\n--{b}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f'Content-Type: application/octet-stream\r\n\r\n').encode() + data + f'\r\n--{b}--\r\n'.encode()
    req = urllib.request.Request(base + action, data=body, headers={'Content-Type': f'multipart/form-data; boundary={b}'})
    opener = op2 if cookies else urllib.request.build_opener(NoRedirect)
    t = time.time()
    try: r = opener.open(req); status, text = r.status, r.read().decode()
    except urllib.error.HTTPError as e: status, text = e.code, e.read().decode()
    return status, time.time() - t, re.sub(r'<[^>]+>', ' ', text)
threading.Thread(target=sampler, daemon=True).start()
time.sleep(0.5)
print(f'idle after login: {rss()} MB')
overall, ok = [], []
for name in ['liar.xlsx', 'bomb-1g.xlsx', 'rows-200k.csv', 'big-9mb.csv']:
    data = open(DIR + '/' + name, 'rb').read()
    peak[0] = rss()
    status, secs, text = upload(name, data)
    msg = next((m for m in ['quá lớn', 'quá nhiều dòng', 'giải nén'] if m in text), '?')
    overall.append(peak[0])
    ok.append(status in (413, 422))
    print(f'{name} ({len(data)//1024} KB): {status} in {secs:.2f} s, peak {peak[0]} MB, message: {msg}')
# 40 concurrent logged-out 8 MB multipart posts, and how long a page takes meanwhile.
data = b'a' * (8 * 1024 * 1024 - 4096)
peak[0] = rss()
times = []
def anon(): times.append(upload('a.csv', data, action=action, cookies=False)[:2])
threads = [threading.Thread(target=anon) for _ in range(40)]
t0 = time.time()
for t in threads: t.start()
t = time.time(); get(f'/units/{club}'); page_secs = time.time() - t
for t in threads: t.join()
statuses = sorted(set(s for s, _ in times))
print(f'40 logged-out 8 MB uploads at once: statuses {statuses}, all answered in {time.time()-t0:.2f} s, '
      f'slowest {max(s for _, s in times):.2f} s; the club page meanwhile in {page_secs:.2f} s; peak {peak[0]} MB')
overall.append(peak[0])
if not all(ok): print('a file was not refused'); sys.exit(1)
stop[0] = True
worst = max(overall)
print(f'peak memory while refusing: {worst} MB (budget {BUDGET} MB)')
sys.exit(0 if worst < BUDGET and statuses == [401] else 1)
