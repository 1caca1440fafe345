#!/usr/bin/env python3
"""mapisync against mbsync and OfflineIMAP on one Dovecot mailbox (see bench/imap-bench.sh).

Starts Dovecot on 127.0.0.1 with a configuration of its own, generates a seeded mailbox straight
into its Maildir++, then measures, contestants alternating: the initial full sync, a resync with
no change, a resync after flag changes and new messages. mapisync runs through its real path:
the runnable host (runtime/target/mapisync.jar) with an IMAP account file in etc/, syncing into
the default store, driven through the dashboard's JSON API. After each mapisync run the replica
is compared with the server (messages per folder, flags, content hash); a mismatch fails the run.
"""
import argparse, base64, datetime, hashlib, imaplib, json, os, random, re, shutil, signal, socket, subprocess, sys, time
import urllib.request
from pathlib import Path

USER, PASSWORD = "bench", "bench-only-password"
FOLDERS = ["INBOX", "Sent", "Entwürfe", "Projekte/Überblick", "Réunions"]
FLAG_LETTERS = "DFRS"  # Maildir letters, in the order Maildir wants them


def mutf7(name):
    """RFC 3501 modified UTF-7, as Dovecot names Maildir++ folders."""
    out, buf = [], ""
    def flush():
        nonlocal buf
        if buf:
            b = base64.b64encode(buf.encode("utf-16-be")).decode().rstrip("=").replace("/", ",")
            out.append("&" + b + "-")
            buf = ""
    for ch in name:
        if 0x20 <= ord(ch) <= 0x7e:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            buf += ch
    flush()
    return "".join(out)


def maildir_dir(root, folder):
    if folder == "INBOX":
        return root
    return root / ("." + ".".join(mutf7(level) for level in folder.split("/")))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


# ---------------------------------------------------------------- the server

def serve_dovecot(work, passwd, mail_location, owned, opened, extra=()):
    """Dovecot 2.3 on 127.0.0.1 with a configuration of its own: passwd(uid, gid) gives the passwd-file's lines,
    owned are chowned to Dovecot's user, opened made 0755 (its processes pass through), extra lines added."""
    uid = int(subprocess.check_output(["id", "-u", "dovecot"]))
    gid = int(subprocess.check_output(["id", "-g", "dovecot"]))
    run = work / "dovecot-run"
    run.mkdir(parents=True, exist_ok=True)
    users = work / "passwd"
    users.write_text(passwd(uid, gid))
    port = free_port()
    conf = work / "dovecot.conf"
    conf.write_text("\n".join([
        f"base_dir = {run}", f"state_dir = {run}", f"log_path = {work}/dovecot.log", f"info_log_path = {work}/dovecot.log",
        "protocols = imap", "listen = 127.0.0.1", "ssl = no", "disable_plaintext_auth = no", "auth_mechanisms = plain login",
        "default_login_user = dovenull", "default_internal_user = dovecot", f"first_valid_uid = {uid}", f"first_valid_gid = {gid}",
        f"mail_location = {mail_location}", "namespace inbox {", "  inbox = yes", "  separator = /", "}",
        "passdb {", "  driver = passwd-file", f"  args = scheme=PLAIN username_format=%u {users}", "}",
        "userdb {", "  driver = passwd-file", f"  args = username_format=%u {users}", "}",
        "service imap-login {", "  inet_listener imap {", "    address = 127.0.0.1", f"    port = {port}", "  }",
        "  inet_listener imaps {", "    port = 0", "  }", "  chroot =", "}", "service anvil {", "  chroot =", "}",
        "mail_max_userip_connections = 50", *extra, ""]))
    for path in owned:
        subprocess.run(["chown", "-R", f"{uid}:{gid}", str(path)], check=True)
    for d in opened:
        os.chmod(d, 0o755)
    process = subprocess.Popen(["/usr/sbin/dovecot", "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    wait_port(port)
    return process, port, (uid, gid)


def start_dovecot(work, maildir):
    return serve_dovecot(work, lambda uid, gid: f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{maildir}::\n",
                         f"maildir:{maildir}:LAYOUT=maildir++", [maildir], [work, maildir.parent])


def generate(maildir, count, seed):
    """Seeded mailbox: count messages over the folders, 5% with a 0.1-2 MB attachment, mixed flags."""
    rng = random.Random(seed)
    words = ("mail sync folder server client replica message flag outbox store transport provider host bundle "
             "update deploy version schedule report progress error done cancel retry queue").split()
    for folder in FOLDERS:
        for part in ("cur", "new", "tmp"):
            (maildir_dir(maildir, folder) / part).mkdir(parents=True, exist_ok=True)
    for i in range(count):
        folder = FOLDERS[i % len(FOLDERS)]
        subject = " ".join(rng.choice(words) for _ in range(rng.randint(3, 8)))
        body = "\r\n".join(" ".join(rng.choice(words) for _ in range(12)) for _ in range(rng.randint(5, 60)))
        headers = (f"From: sender{rng.randint(1, 300)}@example.org\r\nTo: {USER}@example.org\r\n"
                   f"Subject: {subject} #{i}\r\nDate: Mon, 2 Nov 2026 10:{i // 60 % 60:02d}:{i % 60:02d} +0000\r\n"
                   f"Message-ID: <bench-{seed}-{i}@example.org>\r\nMIME-Version: 1.0\r\n")
        if rng.random() < 0.05:
            size = rng.randint(100_000, 2_000_000)
            blob = base64.encodebytes(rng.randbytes(size)).decode().replace("\n", "\r\n")
            text = (headers + 'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n'
                    + body + '\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n'
                    + f'Content-Disposition: attachment; filename="file{i}.bin"\r\n\r\n' + blob + "--b--\r\n")
        else:
            text = headers + "Content-Type: text/plain\r\n\r\n" + body + "\r\n"
        flags = "".join(l for l in FLAG_LETTERS if rng.random() < {"D": 0.02, "F": 0.1, "R": 0.2, "S": 0.7}[l])
        name = f"{1700000000 + i}.M{i}P1.bench:2,{flags}"
        (maildir_dir(maildir, folder) / "cur" / name).write_bytes(text.encode())


def imap(port):
    client = imaplib.IMAP4("127.0.0.1", port)
    client.login(USER, PASSWORD)
    return client


def quoted(folder):
    return '"' + mutf7(folder) + '"'


def raw_fetch(port):
    """The raw limit: one plain client fetching every message once (BODY.PEEK[], 200 per command)."""
    client, total = imap(port), 0
    for folder in FOLDERS:
        client.select(quoted(folder), readonly=True)
        uids = client.uid("SEARCH", None, "ALL")[1][0].split()
        for start in range(0, len(uids), 200):
            chunk = b",".join(uids[start:start + 200]).decode()
            typ, data = client.uid("FETCH", chunk, "(BODY.PEEK[])")
            total += sum(1 for d in data if isinstance(d, tuple))
    client.logout()
    return total


def change(port, flag_changes, new_messages, seed):
    """flag_changes messages get a flag toggled, new_messages are appended, spread over the folders."""
    rng = random.Random(seed + 1)
    client = imap(port)
    for i, folder in enumerate(FOLDERS):
        client.select(quoted(folder))
        uids = client.uid("SEARCH", None, "ALL")[1][0].split()
        share = flag_changes // len(FOLDERS) + (1 if i < flag_changes % len(FOLDERS) else 0)
        for uid in rng.sample(uids, share):
            flag = rng.choice(["\\Seen", "\\Flagged", "\\Answered"])
            current = client.uid("FETCH", uid, "(FLAGS)")[1][0].decode()
            client.uid("STORE", uid, "-FLAGS" if flag in current else "+FLAGS", f"({flag})")
        for j in range(new_messages // len(FOLDERS) + (1 if i < new_messages % len(FOLDERS) else 0)):
            msg = (f"From: new@example.org\r\nTo: {USER}@example.org\r\nSubject: new {i}-{j}\r\n"
                   f"Message-ID: <new-{seed}-{i}-{j}@example.org>\r\n\r\nnew message body {i} {j}\r\n").encode()
            client.append(quoted(folder), None, None, msg)
    client.logout()


def local_change(folder_dir, flag_changes, deletions, seed):
    """In a contestant's own Maildir, as a mail client would: flag_changes files renamed to toggle a flag letter,
    deletions files removed, spread over the folders. The same messages for every contestant: each folder's files are
    taken in the order of their content's digest, so equal replicas get equal changes."""
    rng = random.Random(seed + 2)
    for i, folder in enumerate(FOLDERS):
        d = folder_dir(folder)
        files = sorted((f for part in ("cur", "new") for f in (d / part).iterdir()),
                       key=lambda f: hashlib.sha256(re.sub(rb"(?<!\r)\n", b"\r\n", f.read_bytes())).hexdigest())
        flags = flag_changes // len(FOLDERS) + (1 if i < flag_changes % len(FOLDERS) else 0)
        deleted = deletions // len(FOLDERS) + (1 if i < deletions % len(FOLDERS) else 0)
        chosen = rng.sample(range(len(files)), flags + deleted)
        for k in chosen[:flags]:
            f = files[k]
            base, _, letters = f.name.partition(":2,")
            letter = rng.choice("SFR")
            letters = letters.replace(letter, "") if letter in letters else letters + letter
            f.rename(f.parent.parent / "cur" / (base + ":2," + "".join(sorted(letters))))
        for k in chosen[flags:]:
            files[k].unlink()


# ---------------------------------------------------------------- measuring

def timed(command, env=None, cwd=None):
    """Runs a command under GNU time: wall and CPU seconds, peak RSS."""
    start = time.monotonic()
    result = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *command], capture_output=True, text=True, env=env, cwd=cwd)
    wall = time.monotonic() - start
    if result.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    user, system, rss_kb = result.stderr.strip().splitlines()[-1].split()
    return {"wall": wall, "cpu": float(user) + float(system), "rss_mb": int(rss_kb) / 1024}


class Mbsync:
    name = "mbsync"

    def __init__(self, work, port):
        self.local = work / "mbsync-mail"
        self.local.mkdir(parents=True, exist_ok=True)
        self.conf = work / "mbsyncrc"
        self.conf.write_text("\n".join([
            "IMAPAccount bench", "Host 127.0.0.1", f"Port {port}", f"User {USER}", f"Pass {PASSWORD}", "SSLType None",
            "AuthMechs LOGIN", "", "IMAPStore remote", "Account bench", "",
            "MaildirStore local", f"Path {self.local}/", f"Inbox {self.local}/INBOX", "SubFolders Verbatim", "",
            "Channel bench", "Far :remote:", "Near :local:", "Patterns *", "Create Near", "Sync All", "Expunge Both",
            "SyncState *", ""]))

    def folder_dir(self, folder):
        return self.local.joinpath(*[mutf7(level) for level in folder.split("/")])

    def sync(self):
        return timed(["mbsync", "-q", "-c", str(self.conf), "bench"])


class OfflineImap:
    name = "offlineimap"

    def __init__(self, work, port):
        self.local = work / "offlineimap-mail"
        self.local.mkdir(parents=True, exist_ok=True)
        self.conf = work / "offlineimaprc"
        self.conf.write_text("\n".join([
            "[general]", "accounts = bench", f"metadata = {work}/offlineimap-meta", "ui = quiet", "",
            "[Account bench]", "localrepository = local", "remoterepository = remote", "",
            "[Repository local]", "type = Maildir", f"localfolders = {self.local}", "",
            "[Repository remote]", "type = IMAP", "remotehost = 127.0.0.1", f"remoteport = {port}", "ssl = no",
            "starttls = no", f"remoteuser = {USER}", f"remotepass = {PASSWORD}", ""]))

    def sync(self):
        return timed(["offlineimap", "-c", str(self.conf), "-o", "-u", "quiet"])


class Mapisync:
    """The runnable host, one JVM for all runs, an IMAP account from etc/, syncs asked through the JSON API."""
    name = "mapisync"

    def __init__(self, work, port, jar, options=()):
        self.home = work / "mapisync-home"
        (self.home / "etc").mkdir(parents=True, exist_ok=True)
        (self.home / "etc" / "dev.mapisync.store.imap-bench.cfg").write_text("\n".join([
            "account = bench", "host = 127.0.0.1", f"port = {port}", "security = NONE", f"user = {USER}",
            f"password = {PASSWORD}", "mapisync.sync.interval = 0", ""]))
        self.command = ["java", *options, "-jar", str(jar)]
        self.log = open(work / "mapisync.log", "w")
        self.start()

    def start(self):
        """Starts the host in its home (again, after a stop: the replica is what the last one left)."""
        http = free_port()
        self.api = f"http://127.0.0.1:{http}/mapisync/api/"
        self.process = subprocess.Popen(self.command[:1] + [f"-Dorg.osgi.service.http.port={http}"] + self.command[1:],
                                        cwd=self.home, stdin=subprocess.PIPE, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if any(s["id"] == "imap:bench" for s in self.get("stores")):
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise SystemExit("the mapisync host did not offer imap:bench within 60 s; see " + str(work / "mapisync.log"))

    def get(self, path):
        with urllib.request.urlopen(self.api + path, timeout=10) as r:
            return json.load(r)

    def cpu(self):
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def row(self):
        return next(s for s in self.get("stores") if s["id"] == "imap:bench")

    def sync(self):
        before = (self.row()["lastRun"] or {}).get("started")
        Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")  # peak RSS from here on
        cpu = self.cpu()
        asked = time.time()
        request = urllib.request.Request(self.api + "sync?store=imap:bench", method="POST", data=b"",
                                         headers={"X-Mapisync-Request": "bench"})
        urllib.request.urlopen(request, timeout=10).read()
        deadline = time.monotonic() + 3600
        while time.monotonic() < deadline:
            # Seldom, so that the asking costs the host next to nothing; the wall time comes from the host's own
            # record of the run (start and duration), not from when this loop noticed it.
            time.sleep(0.1)
            row = self.row()
            if row["state"] == "IDLE" and row["lastRun"] and row["lastRun"]["started"] != before:
                break
        else:
            raise SystemExit("mapisync did not finish within an hour")
        run = row["lastRun"]
        if run["status"] != "SUCCESS":
            raise SystemExit("mapisync ended " + run["status"] + ": " + json.dumps(row["errors"]))
        ended = instant(run["started"]) + run["durationMillis"] / 1000
        rss = int(next(l for l in Path(f"/proc/{self.process.pid}/status").read_text().splitlines()
                       if l.startswith("VmHWM")).split()[1])
        return {"wall": ended - asked, "cpu": self.cpu() - cpu, "rss_mb": rss / 1024}

    def folder_dir(self, folder):
        return maildir_dir(self.replica(), folder)

    def replica(self):
        replicas = self.home / "data" / "replicas"
        dirs = [d for d in replicas.iterdir() if d.is_dir()]
        if len(dirs) != 1:
            raise SystemExit(f"expected one replica under {replicas}, found {dirs}")
        return dirs[0]

    def stop(self, kill=False):
        """SIGTERM (the host stops its framework, the stores close cleanly) or SIGKILL (nothing closes)."""
        if kill:
            self.process.kill()
        else:
            self.process.terminate()  # also lets a profiler write its recording
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def close(self):
        self.stop()
        self.log.close()


def launcher_java_opts():
    """The JVM options ./mapisync starts the host with, so that the benchmark runs the host as shipped."""
    script = Path(__file__).resolve().parent.parent / "mapisync"
    found = re.search(r'^default_java_opts="([^"]*)"', script.read_text(), re.M)
    if not found:
        raise SystemExit(f"no default_java_opts=\"...\" line in {script}")
    return found.group(1)


def instant(text):
    """Seconds since the epoch of an ISO-8601 instant as Java prints it (2026-11-25T14:47:01.123456789Z)."""
    whole, _, fraction = text.rstrip("Z").partition(".")
    return datetime.datetime.fromisoformat(whole).replace(tzinfo=datetime.timezone.utc).timestamp() + float("0." + (fraction or "0"))


def contents(maildir):
    """folder -> sorted [(content sha256, flags)], from a Maildir++ tree as Dovecot or mapisync lays it out."""
    result = {}
    for folder in FOLDERS:
        entries = []
        d = maildir_dir(maildir, folder)
        for part in ("cur", "new"):
            for f in (d / part).iterdir() if (d / part).is_dir() else []:
                info = f.name.split(":2,", 1)
                flags = "".join(sorted(c for c in (info[1] if len(info) > 1 else "") if c in FLAG_LETTERS))
                # IMAP serves CRLF lines; Dovecot keeps what it was given (APPEND: LF), so compare as served.
                data = re.sub(rb"(?<!\r)\n", b"\r\n", f.read_bytes())
                entries.append((hashlib.sha256(data).hexdigest(), flags))
        result[folder] = sorted(entries)
    return result


def check(server_maildir, replica):
    server, local = contents(server_maildir), contents(replica)
    for folder in FOLDERS:
        if server[folder] != local[folder]:
            missing = len(set(server[folder]) - set(local[folder]))
            extra = len(set(local[folder]) - set(server[folder]))
            raise SystemExit(f"replica differs from the server in {folder}: {len(server[folder])} vs {len(local[folder])} "
                             f"messages, {missing} missing or with other flags, {extra} extra")
    return sum(len(v) for v in server.values())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--flag-changes", type=int, default=500)
    parser.add_argument("--new-messages", type=int, default=100)
    parser.add_argument("--local-flag-changes", type=int, default=500)
    parser.add_argument("--local-deletions", type=int, default=100)
    parser.add_argument("--jar", default="runtime/target/mapisync.jar")
    parser.add_argument("--java-opts", default=launcher_java_opts(),
                        help="the mapisync host's JVM options (default: those ./mapisync starts it with)")
    parser.add_argument("--host-opts", default="", help="more JVM options for the mapisync host (a profiler, say)")
    parser.add_argument("--work", default="/tmp/mapisync-imap-bench")
    parser.add_argument("--only", default="mbsync,offlineimap,mapisync")
    parser.add_argument("--repeat-no-change", type=int, default=0, metavar="N",
                        help="then N more no-change resyncs of mapisync: their least, median and most wall time")
    parser.add_argument("--restarts", action="store_true",
                        help="then, mapisync only: the first no-change resync after a SIGTERM and after a kill -9 "
                             "(the replica's indexes checked against its files), and the one after it")
    args = parser.parse_args()
    work = Path(args.work)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    server_maildir = work / "server" / "Maildir"
    print(f"generating {args.messages} messages (seed {args.seed}) ...", flush=True)
    t = time.monotonic()
    generate(server_maildir, args.messages, args.seed)
    size = sum(f.stat().st_size for f in server_maildir.rglob("*") if f.is_file())
    print(f"  {size / 1e6:.0f} MB in {time.monotonic() - t:.1f} s", flush=True)
    dovecot, port, _ = start_dovecot(work, server_maildir)
    contestants = []
    try:
        t = time.monotonic()
        fetched = raw_fetch(port)  # also lets Dovecot build its indexes before anyone is timed
        raw = {"wall": time.monotonic() - t}
        print(f"raw limit: one client fetched {fetched} messages in {raw['wall']:.2f} s", flush=True)
        makers = {"mbsync": lambda: Mbsync(work, port), "offlineimap": lambda: OfflineImap(work, port),
                  "mapisync": lambda: Mapisync(work, port, Path(args.jar).resolve(), args.java_opts.split() + args.host_opts.split())}
        contestants = [makers[n]() for n in args.only.split(",")]
        results = {}
        phases = [("full sync", None, None), ("no-change resync", None, None),
                  (f"resync after {args.flag_changes} flag changes, {args.new_messages} new",
                   lambda: change(port, args.flag_changes, args.new_messages, args.seed), None),
                  (f"resync after {args.local_flag_changes} local flag changes, {args.local_deletions} local deletions",
                   None, lambda c: local_change(c.folder_dir, args.local_flag_changes, args.local_deletions, args.seed))]
        for phase, before, each in phases:
            if before:
                before()
            for c in contestants:
                if each and not hasattr(c, "folder_dir"):
                    continue  # a contestant whose Maildir layout this bench does not know
                if each:
                    each(c)
                r = c.sync()
                if isinstance(c, Mapisync):
                    r["checked"] = check(server_maildir, c.replica())
                results.setdefault(phase, {})[c.name] = r
                print(f"{phase:45s} {c.name:12s} wall {r['wall']:8.3f} s  cpu {r['cpu']:7.2f} s  "
                      f"peak RSS {r['rss_mb']:7.1f} MB" + (f"  replica = server ({r['checked']} messages)" if "checked" in r else ""),
                      flush=True)
        host = next((c for c in contestants if isinstance(c, Mapisync)), None)
        if args.repeat_no_change and host:
            walls = sorted(host.sync()["wall"] for _ in range(args.repeat_no_change))
            print(f"{args.repeat_no_change} more no-change resyncs    {host.name:12s} least {walls[0]:.3f} s  "
                  f"median {walls[len(walls) // 2]:.3f} s  most {walls[-1]:.3f} s", flush=True)
        if args.restarts and host:
            total = args.messages + args.new_messages
            for kill in (True, False):  # kill -9 first: the index has not been saved since the full sync
                stop = "kill -9" if kill else "SIGTERM"
                host.stop(kill=kill)
                host.start()
                for which in ("first", "second"):
                    phase = f"{which} no-change resync after {stop} and restart"
                    r = host.sync()
                    r["checked"] = check(server_maildir, host.replica())
                    results.setdefault(phase, {})[host.name] = r
                    print(f"{phase:45s} {host.name:12s} wall {r['wall']:8.3f} s  cpu {r['cpu']:7.2f} s  "
                          f"peak RSS {r['rss_mb']:7.1f} MB  replica = server ({r['checked']} messages)", flush=True)
            if "mbsync" in results.get("no-change resync", {}):
                # The peer starts from its state files at every run: its no-change resync is the like for like.
                for phase in [p for p in results if "restart" in p]:
                    results[phase]["mbsync"] = results["no-change resync"]["mbsync"]
        print()
        print("| run | contestant | wall s | CPU s | peak RSS MB | messages/s | wall / mbsync |")
        print("|---|---|---|---|---|---|---|")
        for phase, rows in results.items():
            base = rows.get("mbsync", {}).get("wall")
            for name, r in rows.items():
                held = args.messages + (args.new_messages if phase != "full sync" else 0)
                held -= args.local_deletions if "local deletions" in phase else 0
                rate = r.get("checked", held) / r["wall"]
                ratio = f"{r['wall'] / base:.2f}" if base else "-"
                print(f"| {phase} | {name} | {r['wall']:.3f} | {r['cpu']:.2f} | {r['rss_mb']:.0f} | {rate:,.0f} | {ratio} |")
        print(f"| raw limit: one IMAP client, BODY.PEEK[] x200 per command | python imaplib | {raw['wall']:.3f} | | | "
              f"{args.messages / raw['wall']:,.0f} | |")
    finally:
        for c in contestants:
            if isinstance(c, Mapisync):
                c.close()
        dovecot.send_signal(signal.SIGTERM)
        dovecot.wait()


if __name__ == "__main__":
    main()
