"""Population registry: kd-registry-import and kd-registry-gen against the
stack's database (docs/REGISTRY.md).

Each test uses its own id numbers (serials from a random base), so tests
sharing the database do not see each other's rows."""
import collections
import csv
import random
import subprocess

HEADER = "id_number,full_name,dob,gender,perm_commune"
COMMUNE = "00001"           # Phường Phúc Xá, Hà Nội (district 001, province 01)
COMMUNE_HCM = "26734"       # Phường Tân Định, Quận 1, Hồ Chí Minh (79)


def tool(stack, name):
    return str(stack.root / "build" / "bin" / name)


def run_import(stack, path):
    return subprocess.run([tool(stack, "kd-registry-import"), str(path)], env=stack.env,
                          capture_output=True, text=True, timeout=300)


def write_csv(tmp_path, lines, name="registry.csv", header=HEADER, raw=None):
    """Writes header + lines (LF); raw bytes instead when given."""
    path = tmp_path / name
    if raw is not None:
        path.write_bytes(raw)
    else:
        path.write_text("\n".join([header] + lines) + "\n", encoding="utf-8")
    return path


class Ids:
    """CCCD numbers born in Hà Nội (01) with serials from a random base."""

    def __init__(self):
        self.base = random.randrange(100000, 900000)
        self.n = 0

    def cccd(self, year, gender, province="01"):
        century = {18: 8, 19: 0, 20: 2, 21: 4, 22: 6}[year // 100]
        digit = century + (1 if gender == "F" else 0)
        self.n += 1
        return f"0{province}{digit}{year % 100:02d}{self.base + self.n:06d}"


def rows_of(stack, ids):
    """{id: (full_name, dob, gender, perm_commune)} for those ids."""
    if not ids:
        return {}
    marks = ",".join(["%s"] * len(ids))
    rows = stack.sql("SELECT id_number, full_name, CAST(dob AS CHAR), gender, perm_commune"
                     f" FROM citizens WHERE id_number IN ({marks})", *ids)
    return {r[0]: tuple(r[1:]) for r in rows}


def summary(proc):
    return proc.stdout.strip().splitlines()[-1]


def test_three_rows_import_with_vietnamese_names(stack, tmp_path):
    ids = Ids()
    people = [
        (ids.cccd(1990, "M"), "Nguyễn Văn Anh", "1990-05-01", "M", COMMUNE),
        (ids.cccd(2003, "F"), "Đặng Thị Hoà", "2003-12-31", "F", COMMUNE_HCM),
        (ids.cccd(1945, "F"), "Trần Thị Ngọc Hòa", "1945-02-28", "F", "318"),  # island
    ]
    path = write_csv(tmp_path, [",".join(p) for p in people])
    proc = run_import(stack, path)
    assert proc.returncode == 0, proc.stderr
    assert summary(proc) == "imported 3 rows, rejected 0 rows"
    got = rows_of(stack, [p[0] for p in people])
    assert got == {p[0]: p[1:] for p in people}


def test_bad_rows_reported_by_line_and_skipped(stack, tmp_path):
    ids = Ids()
    good1 = (ids.cccd(1980, "M"), "Lê Văn Tám", "1980-01-01", "M", COMMUNE)
    bad_date = (ids.cccd(2021, "F"), "Phạm Thị Xuân", "2021-02-29", "F", COMMUNE)
    good2 = (ids.cccd(1999, "F"), "Võ Thị Sáu", "1999-09-09", "F", COMMUNE)
    bad_commune = (ids.cccd(1970, "M"), "Huỳnh Tấn Phát", "1970-01-01", "M", "99999")
    bad_cccd = ("000" + ids.cccd(1970, "M")[3:], "Bùi Xuân Phái", "1970-01-01", "M", COMMUNE)
    mismatch = (ids.cccd(1970, "M"), "Hồ Xuân Hương", "1970-01-01", "F", COMMUNE)
    bad_name = (ids.cccd(1990, "M"), "<script>alert(1)</script>", "1990-01-01", "M", COMMUNE)
    good3 = (f"{ids.base:06d}{ids.n:03d}", "Ngô Bảo Châu", "1972-06-28", "M", COMMUNE)  # CMND
    rows = [good1, bad_date, good2, bad_commune, bad_cccd, mismatch, bad_name, good3]
    path = write_csv(tmp_path, [",".join(r) for r in rows])
    proc = run_import(stack, path)
    assert proc.returncode == 1, proc.stderr
    assert summary(proc) == "imported 3 rows, rejected 5 rows"
    err = proc.stderr
    assert "line 3: dob:" in err
    assert "line 5: perm_commune:" in err
    assert "line 6: id_number:" in err
    assert "line 7: id_number:" in err       # century/gender digit vs gender
    assert "line 8: full_name:" in err
    assert "line 2:" not in err and "line 4:" not in err and "line 9:" not in err
    # No personal data in the report.
    for r in rows:
        assert r[0] not in err and r[1] not in err
    got = rows_of(stack, [r[0] for r in rows])
    assert set(got) == {good1[0], good2[0], good3[0]}


def test_reimport_is_idempotent_and_updates(stack, tmp_path):
    ids = Ids()
    people = [(ids.cccd(1960 + i, "M" if i % 2 else "F"), name,
               f"{1960 + i}-0{1 + i % 9}-1{i % 9}", "M" if i % 2 else "F", COMMUNE)
              for i, name in enumerate(["Lý Thường Kiệt", "Trưng Trắc", "Lê Lợi",
                                        "Bà Triệu", "Ngô Quyền"])]
    path = write_csv(tmp_path, [",".join(p) for p in people])
    assert run_import(stack, path).returncode == 0
    total = stack.sql("SELECT COUNT(*) FROM citizens")[0][0]
    first = rows_of(stack, [p[0] for p in people])

    proc = run_import(stack, path)
    assert proc.returncode == 0, proc.stderr
    assert stack.sql("SELECT COUNT(*) FROM citizens")[0][0] == total
    assert rows_of(stack, [p[0] for p in people]) == first

    changed = list(people)
    changed[2] = (people[2][0], "Lê Thái Tổ", people[2][2], people[2][3], COMMUNE_HCM)
    path = write_csv(tmp_path, [",".join(p) for p in changed], name="changed.csv")
    assert run_import(stack, path).returncode == 0
    assert stack.sql("SELECT COUNT(*) FROM citizens")[0][0] == total
    assert rows_of(stack, [people[2][0]])[people[2][0]] == \
        ("Lê Thái Tổ", people[2][2], people[2][3], COMMUNE_HCM)


def test_wrong_header_loads_nothing(stack, tmp_path):
    ids = Ids()
    person = (ids.cccd(1990, "M"), "Nguyễn Văn Bảy", "1990-01-01", "M", COMMUNE)
    for i, header in enumerate(["id_number,full_name,dob,gender",
                                "id_number,full_name,dob,gender,perm_commune,phone",
                                "ID_NUMBER,FULL_NAME,DOB,GENDER,PERM_COMMUNE",
                                "full_name,id_number,dob,gender,perm_commune"]):
        path = write_csv(tmp_path, [",".join(person)], name=f"h{i}.csv", header=header)
        proc = run_import(stack, path)
        assert proc.returncode == 2, header
        assert "header" in proc.stderr
    assert rows_of(stack, [person[0]]) == {}


def test_invalid_utf8_name_rejected(stack, tmp_path):
    ids = Ids()
    good = ids.cccd(1990, "M")
    bad = ids.cccd(1991, "M")
    raw = (HEADER + "\n" + good + ",Nguyễn Văn An,1990-01-01,M," + COMMUNE + "\n").encode()
    raw += bad.encode() + b",Nguy\xc0\xafn An,1991-01-01,M," + COMMUNE.encode() + b"\n"
    proc = run_import(stack, write_csv(tmp_path, None, raw=raw))
    assert proc.returncode == 1
    assert "line 3: full_name: not valid UTF-8" in proc.stderr
    assert set(rows_of(stack, [good, bad])) == {good}


def test_bom_crlf_and_quoted_fields(stack, tmp_path):
    ids = Ids()
    a, b, c = ids.cccd(1990, "M"), ids.cccd(1992, "F"), ids.cccd(1993, "F")
    raw = ("\ufeff" + HEADER + "\r\n"
           f'{a},"Nguyễn Văn An",1990-01-01,M,{COMMUNE}\r\n'
           f'{b},"Trần Thị\r\nBình",1992-01-01,F,{COMMUNE}\r\n'       # line break in a field
           f"{c},Lê Thị Cúc,1993-01-01,F,{COMMUNE}").encode()        # no final newline
    proc = run_import(stack, write_csv(tmp_path, None, raw=raw))
    assert proc.returncode == 1
    assert "line 3: record: line break inside a field (lines 3-4)" in proc.stderr
    assert set(rows_of(stack, [a, b, c])) == {a, c}


def test_generated_registry_imports_cleanly(stack, tmp_path):
    seed = random.randrange(1, 2**32)
    gen = subprocess.run([tool(stack, "kd-registry-gen"), "2000", "--seed", str(seed),
                          "--data", str(stack.root / "data")],
                         env=stack.env, capture_output=True, timeout=60, check=True)
    again = subprocess.run([tool(stack, "kd-registry-gen"), "2000", "--seed", str(seed),
                            "--data", str(stack.root / "data")],
                           env=stack.env, capture_output=True, timeout=60, check=True)
    assert gen.stdout == again.stdout            # deterministic for a seed
    path = tmp_path / "gen.csv"
    path.write_bytes(gen.stdout)
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 2000
    assert list(rows[0]) == HEADER.split(",")
    ids = [r["id_number"] for r in rows]
    assert len(set(ids)) == len(ids)
    surnames = collections.Counter(r["full_name"].split()[0] for r in rows)
    assert surnames.most_common(1)[0][0] == "Nguyễn"
    genders = collections.Counter(r["gender"] for r in rows)
    assert 800 < genders["M"] < 1200

    proc = run_import(stack, path)
    assert proc.returncode == 0, proc.stderr[:2000]
    assert summary(proc) == "imported 2000 rows, rejected 0 rows"

    # Loaded as generated, and the CCCD's province is that of perm_commune.
    sample = random.sample(rows, 50)
    got = rows_of(stack, [r["id_number"] for r in sample])
    for r in sample:
        assert got[r["id_number"]] == (r["full_name"], r["dob"], r["gender"],
                                       r["perm_commune"])
    marks = ",".join(["%s"] * len(sample))
    mismatched = stack.sql(
        "SELECT COUNT(*) FROM citizens c JOIN admin_units u ON u.code = c.perm_commune"
        f" WHERE c.id_number IN ({marks}) AND SUBSTRING(c.id_number, 2, 2) <> u.province_code",
        *[r["id_number"] for r in sample])
    assert mismatched[0][0] == "0"


def test_generated_registry_lives_where_the_provinces_are_populous(stack):
    # Communes are drawn by their province's population
    # (data/province_population.csv): Hồ Chí Minh (79) and Hà Nội (01) hold
    # 17.7% of the country, against 8.4% of its communes.
    gen = subprocess.run([tool(stack, "kd-registry-gen"), "20000", "--seed", "7",
                          "--data", str(stack.root / "data")],
                         env=stack.env, capture_output=True, timeout=60, check=True)
    rows = gen.stdout.decode().splitlines()[1:]
    provinces = collections.Counter(r[1:3] for r in rows)
    big = (provinces["79"] + provinces["01"]) / len(rows)
    assert 0.15 < big < 0.21
    # Bắc Kạn (06): 0.33% of the people, 1.0% of the communes.
    assert provinces["06"] / len(rows) < 0.006
