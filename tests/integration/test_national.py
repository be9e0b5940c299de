"""kd-national-gen: the places and the month of activity of the national
data set (docs/NATIONAL.md), generated from a small population.  Loading
them at scale is `make national-data`, not part of the tests."""
import collections
import datetime
import subprocess


def tool(stack, name):
    return str(stack.root / "build" / "bin" / name)

CHECKPOINTS, VENUES = 6616, 20000


def national_gen(stack, *args, stdin=None):
    return subprocess.run([tool(stack, "kd-national-gen"), *args, "--data", str(stack.root / "data")],
                          input=stdin, env=stack.env, capture_output=True, timeout=120, check=True)


def tsv(path):
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def test_places_few_busy_many_quiet(stack):
    rows = [r.split("\t") for r in national_gen(stack, "places").stdout.decode().splitlines()]
    assert [int(r[0]) for r in rows] == list(range(1, CHECKPOINTS + VENUES + 1))
    kinds = collections.Counter(r[1] for r in rows)
    assert kinds == {"checkpoint": CHECKPOINTS, "venue": VENUES}
    highway = [r for r in rows if r[2].startswith("Chốt kiểm dịch Quốc lộ") or "Cao tốc" in r[2]]
    assert 30 <= len(highway) <= 60
    assert all(len(r[3]) == 5 or len(r[3]) == 3 for r in rows)


def test_a_month_of_activity(stack, tmp_path):
    gen = subprocess.run([tool(stack, "kd-registry-gen"), "3000", "--seed", "11",
                          "--data", str(stack.root / "data")],
                         env=stack.env, capture_output=True, timeout=60, check=True)
    citizens = gen.stdout.decode().replace(",", "\t").split("\n", 1)[1]
    before = datetime.datetime.utcnow() + datetime.timedelta(hours=7)
    national_gen(stack, "activity", "--out", str(tmp_path), "--declarations", "3000",
                 "--passages", "15000", "--f-cases", "300", "--first-id", "101",
                 stdin=citizens.encode())
    after = datetime.datetime.utcnow() + datetime.timedelta(hours=7)
    decls = tsv(tmp_path / "declarations.tsv")
    passages = tsv(tmp_path / "passages.tsv")
    f_status = tsv(tmp_path / "f_status.tsv")

    assert [int(d[0]) for d in decls] == list(range(101, 3101))
    assert all(len(d) == 29 for d in decls)
    made = {int(d[0]): datetime.datetime.fromisoformat(d[26]) for d in decls}
    # Ids grow with time, over the last 30 days.
    times = [made[i] for i in sorted(made)]
    assert times == sorted(times)
    assert before - datetime.timedelta(days=30, minutes=1) <= times[0] < before - datetime.timedelta(days=29)
    assert times[-1] <= after
    paper = [d for d in decls if d[15] == "paper"]
    assert 200 < len(paper) < 400 and all(d[24].startswith("officer-") for d in paper)
    registry = collections.Counter(d[25] for d in decls)
    assert registry["matched"] > 2700 and registry["mismatch"] > 20 and registry["not_found"] > 5

    # Passages: during their declaration's 72 hours, never in the future.
    assert 12000 < len(passages) < 16000
    for p in passages:
        at = datetime.datetime.fromisoformat(p[5])
        start = made[int(p[0])]
        assert start <= at < start + datetime.timedelta(hours=72)
        assert at <= after
        assert p[3] in ("in", "out", "visit") and (p[3] == "visit") == (int(p[2]) > CHECKPOINTS)
    # Day and night: 8-17 h far busier than 0-5 h.
    hours = collections.Counter(datetime.datetime.fromisoformat(p[5]).hour for p in passages)
    assert sum(hours[h] for h in range(8, 18)) > 5 * sum(hours[h] for h in range(0, 6))
    # Skew: the busiest 1% of checkpoints carry more than a tenth of the
    # checkpoints' passages.
    per_place = collections.Counter(int(p[2]) for p in passages if p[3] != "visit")
    top = sum(n for _, n in per_place.most_common(CHECKPOINTS // 100))
    assert top > 0.1 * sum(per_place.values())

    # F cases: histories of valid statuses, each starting with F0, F1 or F2.
    people = collections.defaultdict(list)
    for f in f_status:
        people[f[0]].append(f)
    assert 200 < len(people) < 400
    assert all(h[0][1] in ("F0", "F1", "F2") for h in people.values())
    assert {f[1] for f in f_status} <= {"F0", "F1", "F2", "F3", "negative", "recovered", "deceased"}
    assert all((f[3] != "\\N") == (f[1] == "deceased") for f in f_status)
