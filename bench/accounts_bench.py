#!/usr/bin/env python3
"""Many accounts on one host (see bench/accounts-bench.sh): what an account costs, and how a round scales.

For each N: Dovecot on 127.0.0.1 with N users, each with a seeded Maildir of 100 to 200 small messages
(INBOX and Archive); the runnable host as shipped (./mapisync's JVM options, -Xmx128m) started with no
account, its heap measured after a full GC; then N IMAP account files dropped into etc/, a Send/Receive
round for all (POST /mapisync/api/sync), and a second round with no change. Per round: wall time (the
request to the last run's end as the host records it), the host's CPU, peak RSS, most threads, most
connections to Dovecot (sampled every 500 ms), and how the runs ended. Then a full GC and the heap again:
(heap - heap without accounts) / N is what an idle account costs. Dovecot's own limits are raised so that
the server is not what is measured.
"""
import argparse, json, os, random, re, subprocess, sys, threading, time, urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from imap_bench import free_port, instant, launcher_java_opts, serve_dovecot  # noqa: E402

PASSWORD = "bench-only-password"


def generate(users_root, n, seed):
    rng = random.Random(seed)
    total = 0
    for u in range(n):
        maildir = users_root / f"user{u}" / "Maildir"
        for folder in ("", ".Archive"):
            for part in ("cur", "new", "tmp"):
                (maildir / folder / part).mkdir(parents=True, exist_ok=True)
        count = rng.randint(100, 200)
        for i in range(count):
            folder = ".Archive" if i % 4 == 3 else ""
            body = "\r\n".join(f"line {k} of message {i} for user {u}: {rng.getrandbits(64):x}" for k in range(rng.randint(3, 40)))
            text = (f"From: sender{rng.randint(1, 50)}@example.org\r\nTo: user{u}@example.org\r\nSubject: message {i}\r\n"
                    f"Message-ID: <acct-{u}-{i}@example.org>\r\n\r\n{body}\r\n")
            flags = "S" if rng.random() < 0.7 else ""
            (maildir / folder / "cur" / f"{1700000000 + i}.M{i}P{u}.bench:2,{flags}").write_text(text)
        total += count
    return total


def start_dovecot(work, users_root, n):
    process, port, _ = serve_dovecot(
        work, lambda uid, gid: "".join(f"user{u}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{users_root}/user{u}::\n" for u in range(n)),
        "maildir:~/Maildir:LAYOUT=maildir++", [users_root], [work, users_root],
        # Raised so that the server is not what is measured: many processes at once, and Dovecot's "high-performance"
        # login (a login process serves many logins, imap processes are reused and some wait ready): with a process
        # forked per login (Dovecot's default) this machine's Dovecot logs in about 80 users a second, whatever the client.
        ["default_process_limit = 3000", "default_client_limit = 6000", "default_vsz_limit = 0",
         "service imap-login {", "  service_count = 0", "  process_min_avail = 2", "}",
         "service imap {", "  process_limit = 3000", "  service_count = 1000", "  process_min_avail = 8", "}"])
    return process, port


class EventStream:
    """The dashboard's event stream read as a page reads it: bytes and events counted from a mark."""

    def __init__(self, url):
        self.response = urllib.request.urlopen(url, timeout=3600)
        self.bytes = 0
        self.events = {}
        self.largest = 0
        self.lock = threading.Lock()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        try:
            for line in self.response:
                with self.lock:
                    self.bytes += len(line)
                    if line.startswith(b"event: "):
                        name = line[7:].strip().decode()
                        self.events[name] = self.events.get(name, 0) + 1
                    elif line.startswith(b"data: "):
                        self.largest = max(self.largest, len(line))
        except OSError:
            pass

    def mark(self):
        with self.lock:
            self.bytes, self.events, self.largest = 0, {}, 0

    def counted(self):
        with self.lock:
            return {"bytes": self.bytes, "events": dict(self.events), "largest": self.largest}


class Host:
    def __init__(self, home, jar, options, log):
        self.home = home
        (home / "etc").mkdir(parents=True, exist_ok=True)
        (home / "etc" / "dev.mapisync.host.cfg").write_text("defaultIntervalSeconds = 0\n")
        http = free_port()
        self.api = f"http://127.0.0.1:{http}/mapisync/api/"
        self.process = subprocess.Popen(["java", f"-Dorg.osgi.service.http.port={http}", *options, "-jar", str(jar)],
                                        cwd=home, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)
        self.until("the host answers", lambda: self.get("stores") is not None, 60)

    def get(self, path):
        try:
            with urllib.request.urlopen(self.api + path, timeout=30) as r:
                return json.load(r)
        except OSError:
            return None

    def until(self, what, condition, seconds, every=0.2):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(every)
        raise SystemExit(f"{what}: not within {seconds} s")

    def status(self, key):
        line = next(l for l in Path(f"/proc/{self.process.pid}/status").read_text().splitlines() if l.startswith(key))
        return int(line.split()[1])

    def cpu(self):
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def connections(self, port):
        """The host's TCP connections to 127.0.0.1:port: its socket inodes matched with /proc/net/tcp."""
        inodes = set()
        for fd in Path(f"/proc/{self.process.pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
        wanted = f"0100007F:{port:04X}"  # 127.0.0.1:port, also as an IPv4-mapped address in tcp6
        count = 0
        for table in ("tcp", "tcp6"):
            for line in Path(f"/proc/{self.process.pid}/net/{table}").read_text().splitlines()[1:]:
                parts = line.split()
                if parts[2].endswith(wanted) and parts[3] == "01" and parts[9] in inodes:
                    count += 1
        return count

    def histogram(self, top):
        """The classes holding the most heap (jcmd GC.class_histogram, after a full collection)."""
        lines = subprocess.check_output(["jcmd", str(self.process.pid), "GC.class_histogram"], text=True).splitlines()
        return "\n".join(lines[1:top + 3])

    def heap_kb(self):
        """Heap in use after a full collection (jcmd GC.run, then GC.heap_info's 'used' figures summed)."""
        subprocess.run(["jcmd", str(self.process.pid), "GC.run"], check=True, stdout=subprocess.DEVNULL)
        info = subprocess.check_output(["jcmd", str(self.process.pid), "GC.heap_info"], text=True)
        return sum(int(k) for k in re.findall(r"used (\d+)K", info.split("Metaspace")[0]))

    def round(self, n, dovecot_port, stream=None):
        rows = {r["id"]: r for r in self.get("stores")}
        before = {i: (r.get("lastRun") or {}).get("started") for i, r in rows.items()}
        Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")
        cpu = self.cpu()
        most = {"threads": 0, "connections": 0}
        done = threading.Event()

        def sample():
            while not done.is_set():
                most["threads"] = max(most["threads"], self.status("Threads"))
                most["connections"] = max(most["connections"], self.connections(dovecot_port))
                time.sleep(0.5)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        if stream:
            stream.mark()
        asked = time.time()
        request = urllib.request.Request(self.api + "sync", method="POST", data=b"", headers={"X-Mapisync-Request": "bench"})
        urllib.request.urlopen(request, timeout=30).read()
        imap = [i for i in rows if i.startswith("imap:")]

        idle = {"cpu": self.cpu()}

        def ended():
            # The rows are read only once the host has been all but idle for the last look (under 2 % of a CPU):
            # reading 1,000 rows costs the host about a tenth of a second of CPU, which the round would share.
            cpu, idle["cpu"] = idle["cpu"], self.cpu()
            if idle["cpu"] - cpu > 0.02 * 0.5:
                return False
            now = self.get("stores")
            if now is None:
                return False
            current = {r["id"]: r for r in now}
            self.last = current
            return all(current[i]["state"] == "IDLE" and current[i].get("lastRun")
                       and current[i]["lastRun"]["started"] != before[i] for i in imap)
        # The wall time is the host's record of the runs, not when the bench saw them end.
        self.until(f"a round of {n} accounts ends", ended, 3600, every=0.5)
        done.set()
        sampler.join()
        runs = [self.last[i]["lastRun"] for i in imap]
        end = max(instant(r["started"]) + r["durationMillis"] / 1000 for r in runs)
        statuses = {}
        for r in runs:
            statuses[r["status"]] = statuses.get(r["status"], 0) + 1
        return {"wall": end - asked, "cpu": self.cpu() - cpu, "rss_mb": self.status("VmHWM") / 1024,
                "threads": most["threads"], "connections": most["connections"], "statuses": statuses,
                "stream": stream.counted() if stream else None}

    def snapshot_bytes(self):
        with urllib.request.urlopen(self.api + "status", timeout=30) as r:
            return len(r.read())

    def page(self, n):
        """Debian's Chromium (python3-selenium, Debian's chromedriver) opens the page: ms until all rows show."""
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
            options.add_argument(flag)
        browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            browser.get(self.api.replace("api/", ""))
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                shown = browser.execute_script(
                    "return document.querySelectorAll('#tasks tbody tr').length >= arguments[0] ? performance.now() : null;", n)
                if shown is not None:
                    return shown
                time.sleep(0.01)
            raise SystemExit(f"the page did not show {n} rows within 60 s")
        finally:
            browser.quit()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def logins(work):
    """Logins Dovecot logged so far."""
    path = work / "dovecot.log"
    return path.read_text(errors="replace").count("Login: user=<") if path.exists() else 0


def measure(n, work, jar, options, seed, histogram, idle_wait, page, quiet_rounds, profile):
    work.mkdir(parents=True, exist_ok=True)
    users = work / "users"
    messages = generate(users, n, seed)
    dovecot, port = start_dovecot(work, users, n)
    log = open(work / "mapisync.log", "w")
    host = Host(work / "home", jar, options, log)
    try:
        time.sleep(2)  # the host's start settles (bundles resolved, FileInstall's first scan) before the baseline
        baseline = host.heap_kb()
        for u in range(n):
            (host.home / "etc" / f"dev.mapisync.store.imap-user{u}.cfg").write_text("\n".join([
                f"account = user{u}", "host = 127.0.0.1", f"port = {port}", "security = NONE", f"user = user{u}",
                f"password = {PASSWORD}", "mapisync.sync.interval = 0", ""]))
        host.until(f"{n} IMAP stores serve", lambda: len([r for r in (host.get("stores") or []) if r["id"].startswith("imap:")]) == n, 600)
        stream = EventStream(host.api.replace("api/", "events")) if page else None
        counted = logins(work)
        full = host.round(n, port, stream)
        full["logins"], counted = logins(work) - counted, logins(work)
        quiet = None
        if profile:
            # Execution samples of the no-change rounds only (JFR's profile settings), read with `jfr print`.
            subprocess.run(["jcmd", str(host.process.pid), "JFR.start", "name=quiet", "settings=profile"], check=True,
                           stdout=subprocess.DEVNULL)
        for _ in range(quiet_rounds):
            # The best of the no-change rounds is reported (the first may still meet what the full round left).
            again = host.round(n, port, stream)
            again["logins"], counted = logins(work) - counted, logins(work)
            print(f"N={n:5d} no-change round: {again['wall']:.3f} s, cpu {again['cpu']:.2f} s, {again['logins']} logins",
                  flush=True)
            quiet = again if quiet is None or again["wall"] < quiet["wall"] else quiet
        if profile:
            subprocess.run(["jcmd", str(host.process.pid), "JFR.dump", "name=quiet", f"filename={profile}"], check=True,
                           stdout=subprocess.DEVNULL)
        shown = {"snapshot_bytes": host.snapshot_bytes(), "page_ms": host.page(n)} if page else None
        busy = host.heap_kb()
        # Idle accounts: the replicas' indexes are parked after 2 s unused (checked every 0.5 s), kept connections
        # are closed by the server's or the host's idle rules later; the heap is measured again once parked.
        time.sleep(idle_wait)
        heap = host.heap_kb()
        if histogram:
            print(host.histogram(histogram), flush=True)
        return {"n": n, "messages": messages, "full": full, "quiet": quiet, "page": shown, "baseline_kb": baseline, "heap_kb": heap,
                "per_account_kb": (heap - baseline) / n, "busy_per_account_kb": (busy - baseline) / n}
    finally:
        host.stop()
        log.close()
        dovecot.terminate()
        dovecot.wait(30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", default="10,100,1000")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--work", default="/tmp/mapisync-accounts-bench")
    parser.add_argument("--histogram", type=int, default=0, help="print the top classes of the heap after the rounds")
    parser.add_argument("--idle-wait", type=int, default=20, help="seconds idle before the heap is measured again")
    parser.add_argument("--java-opts", default="", help="JVM options added to the launcher's (a profiler, say)")
    parser.add_argument("--quiet-rounds", type=int, default=1, help="no-change rounds after the full one (the best is reported)")
    parser.add_argument("--profile", help="a JFR recording of the no-change rounds goes to this file")
    parser.add_argument("--page", action="store_true", help="also measure the dashboard: snapshot, event stream, Chromium")
    args = parser.parse_args()
    root = Path(args.work)
    subprocess.run(["rm", "-rf", str(root)], check=True)
    jar = Path(__file__).resolve().parent.parent / "runtime" / "target" / "mapisync.jar"
    options = launcher_java_opts().split() + args.java_opts.split()
    print(f"JVM options: {' '.join(options)}")
    results = []
    for n in [int(x) for x in args.accounts.split(",")]:
        r = measure(n, root / f"n{n}", jar, options, args.seed, args.histogram, args.idle_wait, args.page, args.quiet_rounds, args.profile)
        results.append(r)
        for name in ("full", "quiet"):
            x = r[name]
            print(f"N={n:5d} {name:5s} round  wall {x['wall']:8.3f} s  cpu {x['cpu']:7.2f} s  peak RSS {x['rss_mb']:6.1f} MB  "
                  f"threads {x['threads']:4d}  connections {x['connections']:4d}  logins {x['logins']:5d}  {x['statuses']}", flush=True)
        if r["page"]:
            for name in ("full", "quiet"):
                c = r[name]["stream"]
                print(f"N={n:5d} {name:5s} round  event stream {c['bytes']:,} bytes in {c['events']}, largest event "
                      f"{c['largest']:,} bytes", flush=True)
            print(f"N={n:5d} page: snapshot {r['page']['snapshot_bytes']:,} bytes; Chromium shows all rows "
                  f"{r['page']['page_ms']:.0f} ms after navigation", flush=True)
        print(f"N={n:5d} heap after a full GC: {r['heap_kb'] / 1024:.1f} MB idle ({r['busy_per_account_kb']:.0f} KB per account "
              f"right after the rounds), without accounts {r['baseline_kb'] / 1024:.1f} MB: {r['per_account_kb']:.0f} KB per "
              f"idle account ({r['messages']} messages)", flush=True)
    print()
    print("| accounts | messages | full round s | full CPU s | no-change round s | peak RSS MB | threads | connections | KB per account after the rounds / idle | statuses |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        f, q = r["full"], r["quiet"]
        print(f"| {r['n']:,} | {r['messages']:,} | {f['wall']:.2f} | {f['cpu']:.1f} | {q['wall']:.2f} | "
              f"{max(f['rss_mb'], q['rss_mb']):.0f} | {max(f['threads'], q['threads'])} | "
              f"{max(f['connections'], q['connections'])} | {r['busy_per_account_kb']:.0f} / {r['per_account_kb']:.0f} | "
              f"{f['statuses']} / {q['statuses']} |")


if __name__ == "__main__":
    main()
