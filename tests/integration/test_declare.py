"""The citizen's declaration (issues 3 and 19): /declare (the form, JSON
and HTML answers, the fields' rules, retries, communes typed by name,
"same as permanent residence", the error summary), /declare/units,
/declare/find (the code, the history, declaring again) and
/declare/household (a family, all or nothing), through nginx against the
session stack.  The QR code's own pages: test_qr.py."""
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta, timezone

import pytest
import requests

from .helpers import (FORM, JSON, body, citizen, mask_name, post_declare, today_vn,
                      token_bytes, zbar)

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{102}$")
SPEC_FIELDS = [
    "id_number", "full_name", "dob", "gender", "phone", "perm_commune", "perm_address",
    "temp_commune", "temp_address", "stay_commune", "stay_address", "from_commune",
    "from_address", "to_commune", "to_address", "travel_date", "vehicle", "plate",
    "fever", "cough", "breath", "sore_throat", "taste_smell", "contact_f0",
    "from_epidemic_zone", "vaccine_doses", "client_ref",
]


def count(stack):
    return int(stack.sql("SELECT COUNT(*) FROM declarations")[0][0])


# ------------------------------------------------------------- the form


def test_form_is_vietnamese_small_and_has_every_field(stack):
    r = requests.get(stack.url + "/declare")
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == "no-store"
    html = r.text
    assert len(r.content) < 30 * 1024          # slow 3G: one small page
    for heading in ("Thông tin cá nhân", "Nơi cư trú", "Thường trú", "Tạm trú",
                    "Nơi lưu trú", "Lịch trình di chuyển", "Tình trạng sức khoẻ",
                    "Cam kết"):
        assert heading in html
    for name in SPEC_FIELDS:
        # A commune is a text to search by name; its code comes beside it
        # once picked (or found by the server).
        typed = name + "_q" if name.endswith("_commune") else name
        assert f'name="{typed}"' in html, name
    # No inline script (CSP script-src 'self'); the helpers come from files.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/js/unit-search.js" defer>',
                                                  '<script src="/js/declare.js" defer>']
    assert 'name="viewport"' in html
    ref = re.search(r'name="client_ref" value="([^"]*)"', html).group(1)
    assert re.match(r"^[A-Za-z0-9_-]{43}$", ref)
    # The find-again form is on the page too.
    assert 'action="/declare/find"' in html
    js = requests.get(stack.url + "/js/unit-search.js")
    assert js.status_code == 200 and "/declare/units" in js.text
    # Origin defaults to the permanent residence.
    assert re.search(r'id="from_same" name="from_same" value="1"[^>]*checked', html)


def first_load_bytes(stack, path):
    """What a phone downloads to open path the first time, compressed as
    nginx sends it: the page and every style sheet and script it names,
    and whatever those scripts fetch at load (nothing: the communes are
    searched as one types)."""
    gz = {"Accept-Encoding": "gzip"}
    page = requests.get(stack.url + path, headers=gz, stream=True)
    html = page.raw.read(decode_content=False)
    total = len(html)
    text = requests.get(stack.url + path).text
    assets = re.findall(r'<(?:script[^>]*src|link[^>]*href)="(/[^"]+)"', text)
    sizes = {}
    for a in assets:
        r = requests.get(stack.url + a, headers=gz, stream=True)
        assert r.status_code == 200, a
        sizes[a] = len(r.raw.read(decode_content=False))
        total += sizes[a]
    return total, len(html), sizes


def test_the_form_opens_in_under_60_kb_compressed(stack):
    """Issue 19's budget for a slow 3G line: HTML, CSS, JS and unit data of
    the declaration form's first load, summed as sent (gzip)."""
    for path in ("/declare", "/declare/household"):
        total, html, sizes = first_load_bytes(stack, path)
        print(f"{path}: {total} bytes compressed (page {html}, {sizes})")
        assert total < 60 * 1024, (path, total, sizes)
        assert sizes, "the page names its style and scripts"
    css = requests.get(stack.url + "/css/site.css", headers={"Accept-Encoding": "gzip"})
    assert css.headers.get("Content-Encoding") == "gzip"


# ------------------------------------------------- communes by name


def units(stack, **params):
    r = requests.get(stack.url + "/declare/units", params=params, headers=JSON)
    assert r.status_code == 200, r.text
    return r.json()


def test_units_search_with_or_without_tone_marks(stack):
    plain = units(stack, q="ham rong")
    marked = units(stack, q="Hàm Rồng")
    assert plain == marked
    codes = [i["code"] for i in plain["items"]]
    assert set(codes) == {"14755", "03016", "32194"} and plain["total"] == 3
    hr = next(i for i in plain["items"] if i["code"] == "14755")
    assert hr == {"code": "14755", "name": "Phường Hàm Rồng", "district": "TP Thanh Hóa",
                  "province": "Thanh Hóa", "label": "Phường Hàm Rồng, TP Thanh Hóa, Thanh Hóa"}
    # The district and province narrow it; the two tone placements match.
    assert [i["code"] for i in units(stack, q="ham rong thanh hoá")["items"]] == ["14755"]
    # An island district is an address; a province is not (unless all=1).
    assert [i["code"] for i in units(stack, q="bach long vi")["items"]] == ["318"]
    assert all(len(i["code"]) != 2 for i in units(stack, q="thanh hoa")["items"])
    # At most 20, the total said; nothing for nothing.
    many = units(stack, q="xa")
    assert len(many["items"]) == 20 and many["total"] > 1000
    assert units(stack, q="")["items"] == [] and units(stack)["items"] == []
    assert units(stack, q="zzqx")["items"] == []


def test_units_search_of_every_level_within_a_subtree(stack):
    items = units(stack, q="thanh hoa", all="1", within="38")["items"]
    assert items[0]["code"] == "38" and items[0]["name"] == "Tỉnh Thanh Hóa"
    assert items[1]["code"] == "380"
    for i in items:
        assert stack.sql("SELECT province_code FROM admin_units WHERE code=%s",
                         i["code"]) == [("38",)]
    r = requests.get(stack.url + "/declare/units", params={"q": "x", "within": "99"},
                     headers=JSON)
    assert r.status_code == 400 and "within" in r.json()["error"]["fields"]


def test_units_search_page_without_script(stack):
    r = requests.get(stack.url + "/declare/units", params={"q": "phuc xa"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    assert "Phường Phúc Xá, Quận Ba Đình, Hà Nội" in r.text and "00001" in r.text


# ------------------------------------------------------- submit, JSON


def test_declare_json_201_png_decodes_to_the_token_and_svg_is_xml(stack):
    c = citizen(stack, 0)
    before = count(stack)
    r = post_declare(stack, body(c, fever="1", contact_f0="1"))
    assert r.status_code == 201, r.text
    j = r.json()
    assert set(j) >= {"declaration_id", "token", "expires_at", "qr_png", "qr_svg"}
    # SPEC: an anonymous answer does not tell whether the name goes with
    # the ID number (the officer sees it at the kiosk).
    assert "registry" not in j
    t = j["token"]
    assert TOKEN_RE.match(t)
    assert j["qr_png"] == f"/qr/{t}.png" and j["qr_svg"] == f"/qr/{t}.svg"
    assert count(stack) == before + 1
    # 72 hours, in +07:00.
    exp = datetime.fromisoformat(j["expires_at"])
    assert exp.utcoffset() == timedelta(hours=7)
    assert abs((exp - datetime.now(timezone.utc)).total_seconds() - 72 * 3600) < 60
    # The token names the declaration and the same expiry.
    raw = token_bytes(t)
    assert len(raw) == 76 and raw[0] == 1
    assert int.from_bytes(raw[2:8], "big") == j["declaration_id"]
    assert int.from_bytes(raw[8:12], "big") == int(exp.timestamp())
    row = stack.sql("SELECT id_number, full_name, source, registry, fever, cough,"
                    " contact_f0, vaccine_doses, entered_by, TIMESTAMPDIFF(HOUR,"
                    " created_at, expires_at) FROM declarations WHERE declaration_id=%s",
                    j["declaration_id"])
    assert row == [(c[0], c[1], "web", "matched", "1", "0", "1", "2", None, "72")]

    png = requests.get(stack.url + j["qr_png"])
    assert png.status_code == 200
    assert png.headers["Content-Type"] == "image/png"
    assert png.headers["Cache-Control"] == "private, max-age=259200, immutable"
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert zbar(png.content) == t

    svg = requests.get(stack.url + j["qr_svg"])
    assert svg.status_code == 200
    assert svg.headers["Content-Type"].startswith("image/svg+xml")
    assert svg.headers["Cache-Control"] == "private, max-age=259200, immutable"
    root = ET.fromstring(svg.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    paths = root.findall("{http://www.w3.org/2000/svg}path")
    assert len(paths) == 1 and paths[0].get("d").startswith("M4 4h7v1h-7z")  # finder


def registry_of(stack, answer):
    """The registry flag stored with a declaration (the citizen's answer
    does not carry it)."""
    assert answer.status_code == 201, answer.text
    assert "registry" not in answer.json()
    return stack.sql("SELECT registry FROM declarations WHERE declaration_id=%s",
                     answer.json()["declaration_id"])[0][0]


def test_registry_matched_mismatch_not_found(stack):
    c = citizen(stack, 1)
    # Matched, also with another case and tone placement of the name.
    assert registry_of(stack, post_declare(stack, body(c, full_name=c[1].upper()))) == "matched"
    swapped = c[1].replace("òa", "oà").replace("òe", "oè").replace("ùy", "uý")
    assert registry_of(stack, post_declare(stack, body(c, full_name=swapped))) == "matched"
    # The ID exists, but the name, the birth date or the gender differ.
    r = post_declare(stack, body(c, full_name="Người Khác Tên"))
    assert registry_of(stack, r) == "mismatch"
    dob = (date.fromisoformat(c[2]) + timedelta(days=1)).isoformat()
    assert registry_of(stack, post_declare(stack, body(c, dob=dob))) == "mismatch"
    other = "F" if c[3] == "M" else "M"
    assert registry_of(stack, post_declare(stack, body(c, gender=other))) == "mismatch"
    # An ID the registry does not have: stored all the same, flagged.
    cmnd = next(f"9{i:08d}" for i in range(10**6)
                if not stack.sql("SELECT 1 FROM citizens WHERE id_number=%s", f"9{i:08d}"))
    r = post_declare(stack, body(c, id_number=cmnd))
    assert r.status_code == 201 and "registry" not in r.json()
    assert stack.sql("SELECT registry FROM declarations WHERE declaration_id=%s",
                     r.json()["declaration_id"]) == [("not_found",)]


def test_island_district_is_an_address_but_a_province_is_not(stack):
    c = citizen(stack, 2)
    r = post_declare(stack, body(c, to_commune="318", to_address="Đảo Bạch Long Vĩ"))
    assert r.status_code == 201, r.text
    r = post_declare(stack, body(c, to_commune="01"))
    assert r.status_code == 400 and "to_commune" in r.json()["error"]["fields"]


BAD = [
    ("id_number", None), ("id_number", "12345"), ("id_number", "0010321304491"),
    ("id_number", "abcdefghi"), ("id_number", "001' OR 1=1"),
    ("full_name", None), ("full_name", "<script>"), ("full_name", "Nguyễn 2"),
    ("full_name", "x" * 101),
    ("dob", None), ("dob", "1990-02-30"), ("dob", "31/12/90"), ("dob", "tomorrow"),
    ("gender", None), ("gender", "X"), ("gender", "m"),
    ("phone", None), ("phone", "123"), ("phone", "09123456789"), ("phone", "+8491234567"),
    ("perm_commune", None), ("perm_commune", "99999"), ("perm_commune", "001"),
    ("perm_commune", "abc"),
    ("perm_address", None), ("perm_address", "   "), ("perm_address", "x" * 201),
    ("perm_address", "dòng một\ndòng hai"),
    ("temp_commune", "00000"), ("temp_address", "x" * 201),
    ("stay_commune", "12"), ("stay_address", "ấ" * 201),
    ("from_commune", None), ("from_commune", "00000"), ("from_address", None),
    ("to_commune", None), ("to_commune", "01"), ("to_address", None),
    ("to_address", "x" * 201),
    ("travel_date", "2020-01-01"), ("travel_date", "2021-13-01"), ("travel_date", "far"),
    ("vehicle", "rocket"), ("vehicle", "CAR"),
    ("plate", "<b>1</b>"), ("plate", "ABC"), ("plate", "1234567890123456"),
    ("fever", "2"), ("cough", "on"), ("breath", "true"), ("sore_throat", "0"),
    ("taste_smell", "yes"), ("contact_f0", "11"), ("from_epidemic_zone", "x"),
    ("vaccine_doses", None), ("vaccine_doses", "5"), ("vaccine_doses", "-1"),
    ("vaccine_doses", "two"), ("vaccine_doses", "1.5"),
    ("client_ref", "a b"), ("client_ref", "x" * 65), ("client_ref", "ref/1"),
]


@pytest.mark.parametrize("field,value", BAD,
                         ids=[f"{f}={'<missing>' if v is None else v[:20]}" for f, v in BAD])
def test_bad_value_is_400_naming_the_field_and_stores_nothing(stack, field, value):
    c = citizen(stack, 3)
    if value == "tomorrow":
        value = today_vn(1)
    before = count(stack)
    r = post_declare(stack, body(c, **{field: value if value is not None else None}))
    assert r.status_code == 400, r.text
    err = r.json()["error"]
    assert err["code"] == "invalid_fields"
    assert field in err["fields"], err
    assert err["fields"][field]                       # a Vietnamese message
    assert count(stack) == before


def test_what_people_type_is_understood_and_stored_normalised(stack):
    """Phone with spaces or +84, an ID with spaces, a day as dd/mm/yyyy
    (lib/field.c normalises them before they are checked)."""
    c = citizen(stack, 5)
    dob = c[2]
    spaced = " ".join([c[0][:3], c[0][3:6], c[0][6:]])
    r = post_declare(stack, body(c, id_number=spaced, phone="+84 912.345.678",
                                 dob=f"{dob[8:10]}/{dob[5:7]}/{dob[0:4]}"))
    assert r.status_code == 201, r.text
    row = stack.sql("SELECT id_number, phone, DATE_FORMAT(dob, '%Y-%m-%d') FROM declarations"
                    " WHERE declaration_id = %s", r.json()["declaration_id"])
    assert row == [(c[0], "0912345678", dob)]


def test_a_commune_and_its_address_come_together(stack):
    c = citizen(stack, 3)
    r = post_declare(stack, body(c, temp_commune="00001"))
    assert r.status_code == 400 and "temp_address" in r.json()["error"]["fields"]
    r = post_declare(stack, body(c, stay_address="Số 9"))
    assert r.status_code == 400 and "stay_commune" in r.json()["error"]["fields"]
    r = post_declare(stack, body(c, temp_commune="00001", temp_address="Số 7",
                                 stay_commune="318", stay_address="Khu 1"))
    assert r.status_code == 201


def test_unknown_or_repeated_key_is_400(stack):
    c = citizen(stack, 3)
    before = count(stack)
    r = post_declare(stack, body(c, registry="matched"))
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "unknown_field"
    assert list(r.json()["error"]["fields"]) == ["registry"]
    pairs = list(body(c).items()) + [("full_name", "Người Khác")]
    r = post_declare(stack, pairs)
    assert r.status_code == 400 and "full_name" in r.json()["error"]["fields"]
    assert count(stack) == before


def test_client_ref_retry_returns_the_same_declaration_once(stack):
    c = citizen(stack, 4)
    before = count(stack)
    b = body(c, client_ref="retry-7f3a9c")
    first = post_declare(stack, b)
    assert first.status_code == 201
    again = post_declare(stack, b)
    assert again.status_code == 200
    assert again.json() == first.json()            # same id, same token, same expiry
    assert count(stack) == before + 1
    assert stack.sql("SELECT COUNT(*) FROM declarations WHERE client_ref=%s",
                     "retry-7f3a9c") == [("1",)]
    # Another person cannot pick up that declaration with the same key.
    other = citizen(stack, 5)
    r = post_declare(stack, body(other, client_ref="retry-7f3a9c"))
    assert r.status_code == 409
    assert "client_ref" in r.json()["error"]["fields"]
    assert c[1] not in r.text
    assert count(stack) == before + 1


def test_concurrent_retries_store_one_row(stack):
    from concurrent.futures import ThreadPoolExecutor
    c = citizen(stack, 6)
    b = body(c, client_ref="burst-0001")
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: post_declare(stack, b), range(8)))
    codes = sorted(a.status_code for a in answers)
    assert codes.count(201) == 1 and codes.count(200) == 7, codes
    assert len({a.json()["token"] for a in answers}) == 1
    assert stack.sql("SELECT COUNT(*) FROM declarations WHERE client_ref='burst-0001'") \
        == [("1",)]


def test_oversize_and_broken_bodies(stack):
    c = citizen(stack, 3)
    before = count(stack)
    r = post_declare(stack, body(c, perm_address="x" * (65 * 1024)))
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
    raw = "&".join(f"{k}={requests.utils.quote(v)}" for k, v in body(c).items())
    # A value that is not UTF-8 is refused by its field, named.
    bad = "&".join(f"{k}={requests.utils.quote(v) if k != 'to_address' else 'ab%FFcd'}"
                   for k, v in body(c).items())
    r = post_declare(stack, bad.encode(), headers=dict(JSON, **FORM))
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_fields"
    assert list(r.json()["error"]["fields"]) == ["to_address"]
    r = post_declare(stack, (raw.replace("to_address=", "to_address=%G1")).encode(),
                     headers=dict(JSON, **FORM))
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_encoding"
    r = post_declare(stack, (raw + "&plate=29A%2").encode(), headers=dict(JSON, **FORM))
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_encoding"
    r = post_declare(stack, '{"id_number": "1"}',
                     headers=dict(JSON, **{"Content-Type": "application/json"}))
    assert r.status_code == 400
    assert count(stack) == before


def test_cross_site_posts_are_refused(stack):
    c = citizen(stack, 3)
    before = count(stack)
    r = post_declare(stack, body(c), headers=dict(JSON, Origin="https://evil.example"))
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    r = post_declare(stack, body(c), headers=dict(JSON, **{"Sec-Fetch-Site": "cross-site"}))
    assert r.status_code == 403
    r = requests.post(stack.url + "/declare/find", headers=dict(JSON, Origin="http://x.example"),
                      data={"id_number": c[0], "dob": c[2], "phone": "0912345678"})
    assert r.status_code == 403
    assert count(stack) == before
    # Our own origin is fine.
    r = post_declare(stack, body(c), headers=dict(JSON, Origin=stack.url))
    assert r.status_code == 201


# ------------------------------------------------------------- HTML


def test_html_bad_field_keeps_everything_typed_with_a_vietnamese_message(stack):
    c = citizen(stack, 7)
    before = count(stack)
    evil = "<script>alert(1)</script> \"quoted\" & 'single'"
    r = post_declare(stack, body(c, phone="0912", to_address=evil, fever="1",
                                 vehicle="bus", client_ref="keep-this-ref"), headers={})
    assert r.status_code == 400
    assert r.headers["Content-Type"].startswith("text/html")
    html = r.text
    assert "Số điện thoại gồm 10 chữ số, bắt đầu bằng số 0." in html
    assert 'aria-invalid="true" aria-describedby="err-phone"' in html
    assert f'value="{c[0]}"' in html and f'value="{c[1]}"' in html
    assert f'value="{c[2]}"' in html and 'value="0912"' in html
    assert 'name="fever" value="1" checked' in html
    assert 'value="bus" selected' in html
    assert f'name="gender" value="{c[3]}" checked' in html
    assert 'value="2" checked' in html                           # vaccine doses
    assert 'value="keep-this-ref"' in html
    # Typed text comes back escaped, never as markup.
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp;" in html
    # The commune code is shown with its name, in its text field.
    assert 'value="Phường Trúc Bạch, Quận Ba Đình, Hà Nội"' in html
    assert 'name="to_commune" value="00004"' in html
    assert count(stack) == before


def test_html_success_is_303_to_the_qr_page(stack):
    c = citizen(stack, 8)
    r = post_declare(stack, body(c), headers={})
    assert r.status_code == 303
    loc = r.headers["Location"]
    m = re.match(r"^/qr/([A-Za-z0-9_-]{102})$", loc)
    assert m
    page = requests.get(stack.url + loc)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert mask_name(c[1]) in page.text and c[1] not in page.text
    assert "72 giờ" in page.text
    assert f'src="/qr/{m.group(1)}.png"' in page.text
    # Expiry in local time, the same instant as stored.
    exp = stack.sql("SELECT DATE_FORMAT(expires_at, '%H:%i ngày %d/%m/%Y') FROM declarations"
                    " WHERE declaration_id=%s", int.from_bytes(token_bytes(m.group(1))[2:8],
                                                               "big"))[0][0]
    assert exp in page.text
    assert c[0][:3] + "*" * (len(c[0]) - 5) + c[0][-2:] in page.text  # masked ID
    assert c[0] not in page.text
    img = requests.get(stack.url + f"/qr/{m.group(1)}.png")
    assert img.status_code == 200 and zbar(img.content) == m.group(1)


def test_injection_is_stored_verbatim_and_shown_escaped(stack, officer):
    c = citizen(stack, 9)
    citizens = stack.sql("SELECT COUNT(*) FROM citizens")
    nasty = "<script>alert('x')</script>'); DROP TABLE declarations; --"
    sql = "Robert'); DELETE FROM citizens; -- \\ \" `"
    r = post_declare(stack, body(c, to_address=nasty, from_address=sql, perm_address=sql))
    assert r.status_code == 201, r.text
    j = r.json()
    assert stack.sql("SELECT to_address, from_address, perm_address FROM declarations"
                     " WHERE declaration_id=%s", j["declaration_id"]) == [(nasty, sql, sql)]
    assert stack.sql("SELECT COUNT(*) FROM citizens") == citizens
    # Shown where an address is shown: the officer's kiosk.
    page = officer.get(stack.url + "/verify", params={"code": j["token"]},
                       headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text


# -------------------------------------------------------- find again


def find(stack, data, headers=JSON):
    return requests.post(stack.url + "/declare/find", data=data, headers=headers,
                         allow_redirects=False)


def test_redeclaring_gives_a_new_code_and_find_returns_the_newest(stack):
    c = citizen(stack, 13)
    phone = "0987000013"
    first = post_declare(stack, body(c, phone=phone)).json()
    second = post_declare(stack, body(c, phone=phone, to_commune="00001")).json()
    assert second["declaration_id"] != first["declaration_id"]
    assert second["token"] != first["token"]
    for t in (first["token"], second["token"]):         # both stay valid
        assert requests.get(stack.url + f"/qr/{t}", headers=JSON).json()["valid"] is True
    r = find(stack, {"id_number": c[0], "dob": c[2], "phone": phone})
    assert r.status_code == 200, r.text
    assert r.json()["declaration_id"] == second["declaration_id"]
    assert r.json()["token"] == second["token"]
    r = find(stack, {"id_number": c[0], "dob": c[2], "phone": phone}, headers={})
    assert r.status_code == 200 and f'href="/qr/{second["token"]}"' in r.text


def test_find_needs_id_dob_and_phone_and_never_tells_which_is_wrong(stack):
    c = citizen(stack, 14)
    phone = "0987000014"
    post_declare(stack, body(c, phone=phone))
    r = find(stack, {"id_number": c[0]})
    assert r.status_code == 400
    assert set(r.json()["error"]["fields"]) == {"dob", "phone"}
    wrong_phone = find(stack, {"id_number": c[0], "dob": c[2], "phone": "0900000000"})
    wrong_dob = find(stack, {"id_number": c[0], "dob": "1901-01-01", "phone": phone})
    never = find(stack, {"id_number": "999999998", "dob": c[2], "phone": phone})
    assert wrong_phone.status_code == wrong_dob.status_code == never.status_code == 404
    assert wrong_phone.json() == wrong_dob.json() == never.json()
    html_a = find(stack, {"id_number": c[0], "dob": c[2], "phone": "0900000000"}, headers={})
    html_b = find(stack, {"id_number": "999999998", "dob": c[2], "phone": "0900000000"},
                  headers={})
    assert html_a.status_code == html_b.status_code == 404
    assert "Không tìm thấy khai báo nào khớp" in html_a.text
    strip = lambda h: h.replace(c[0], "").replace("999999998", "")  # noqa: E731
    assert strip(html_a.text) == strip(html_b.text)
    assert requests.get(stack.url + "/declare/find").status_code == 200


def test_find_skips_expired_and_revoked_declarations(stack):
    c = citizen(stack, 15)
    phone = "0987000015"
    j = post_declare(stack, body(c, phone=phone)).json()
    q = {"id_number": c[0], "dob": c[2], "phone": phone}
    assert find(stack, q).status_code == 200
    stack.sql("UPDATE declarations SET revoked_at=NOW() WHERE declaration_id=%s",
              j["declaration_id"])
    assert find(stack, q).status_code == 404
    stack.sql("UPDATE declarations SET revoked_at=NULL, created_at=NOW() - INTERVAL 73 HOUR,"
              " expires_at=NOW() - INTERVAL 1 HOUR WHERE declaration_id=%s",
              j["declaration_id"])
    assert find(stack, q).status_code == 404


def test_find_shows_the_history_and_declares_again_with_everything_filled(stack, officer,
                                                                         place):
    c = citizen(stack, 500)
    phone = "0987000500"
    sent = body(c, phone=phone, temp_commune="00001", temp_address="Số 3 Phúc Xá",
                stay_commune=c[4], stay_address="Số 5, ngõ 12 phố Huế", cough="1",
                vehicle="car", plate="30A-555.55", vaccine_doses="3")
    j = post_declare(stack, sent).json()
    r = officer.post(stack.url + "/verify", data={"code": j["token"], "direction": "in"})
    assert r.status_code == 201, r.text
    q = {"id_number": c[0], "dob": c[2], "phone": phone}
    # JSON: the code and the passage recorded with it.
    r = find(stack, q)
    assert r.status_code == 200
    (h,) = r.json()["history"]
    assert h["direction"] == "in" and h["place_id"] == place
    assert h["place_name"] == "Chốt Quốc lộ 1A – Km 300"
    assert h["declaration_id"] == j["declaration_id"]
    # The page: the code, the passage with its place and direction.
    page = find(stack, q, headers={})
    assert page.status_code == 200
    assert f'href="/qr/{j["token"]}"' in page.text
    assert "Chốt Quốc lộ 1A – Km 300" in page.text and ">Vào<" in page.text
    # Declaring again: the form filled with every answer but the travel
    # date, and a new idempotency key; the look-up travels in the body.
    again = find(stack, dict(q, action="again"), headers={})
    assert again.status_code == 200
    form = again.text
    for name in ("id_number", "full_name", "phone", "perm_address", "temp_address",
                 "to_address", "plate"):
        assert re.search(rf'name="{name}"[^>]*value="{re.escape(sent[name])}"', form), name
    assert re.search(r'name="travel_date" type="date" value=""', form)
    assert f'name="temp_commune" value="00001"' in form
    assert re.search(r'id="stay_same" name="stay_same" value="1"[^>]*checked', form)
    assert re.search(r'id="from_same" name="from_same" value="1"[^>]*checked', form)
    assert 'name="cough" value="1" checked' in form and 'value="3" checked' in form
    assert 'value="car" selected' in form
    assert "Đã điền sẵn" in form
    # JSON: the declaration to fill from.
    r = find(stack, dict(q, action="again"))
    assert r.status_code == 200 and r.json()["declaration"]["plate"] == "30A-555.55"
    # An expired code still lets the person declare again (not JSON's find).
    stack.sql("UPDATE declarations SET created_at = NOW() - INTERVAL 80 HOUR,"
              " expires_at = NOW() - INTERVAL 8 HOUR WHERE declaration_id=%s",
              j["declaration_id"])
    assert find(stack, q).status_code == 404
    page = find(stack, q, headers={})
    assert page.status_code == 200 and "đã hết hạn" in page.text
    assert 'id="declare-again"' in page.text
    assert find(stack, dict(q, action="again"), headers={}).status_code == 200
    # Nothing for a wrong phone, and no personal data in any URL.
    assert find(stack, dict(q, phone="0900000000", action="again")).status_code == 404


def test_communes_typed_by_name_are_looked_up_when_sent(stack):
    c = citizen(stack, 501)
    before = count(stack)
    b = body(c, perm_commune=None, from_commune=None, from_address=None, to_commune=None,
             perm_commune_q="ham rong thanh hoa", from_same="1",
             to_commune_q="Phúc Xá Hà Nội", temp_same="1")
    r = post_declare(stack, b)
    assert r.status_code == 201, r.text
    row = stack.sql("SELECT perm_commune, temp_commune, temp_address, from_commune,"
                    " from_address, to_commune FROM declarations WHERE declaration_id=%s",
                    r.json()["declaration_id"])
    assert row == [("14755", "14755", b["perm_address"], "14755", b["perm_address"], "00001")]
    # Several communes of that name: the form lists them to pick from.
    r = post_declare(stack, dict(b, perm_commune_q="ham rong"), headers={})
    assert r.status_code == 400
    assert "Có nhiều nơi trùng tên" in r.text
    picks = re.findall(r'type="radio" name="perm_commune" value="(\d+)"', r.text)
    assert sorted(picks) == ["03016", "14755", "32194"]
    assert 'value="ham rong"' in r.text
    # The pick comes back with the text as typed: taken.
    r = post_declare(stack, dict(b, perm_commune_q="ham rong", perm_commune="03016"))
    assert r.status_code == 201, r.text
    assert stack.sql("SELECT perm_commune FROM declarations WHERE declaration_id=%s",
                     r.json()["declaration_id"]) == [("03016",)]
    # A text changed after a pick is looked up again.
    r = post_declare(stack, dict(b, perm_commune_q="phuc xa ha noi", perm_commune="03016"))
    assert stack.sql("SELECT perm_commune FROM declarations WHERE declaration_id=%s",
                     r.json()["declaration_id"]) == [("00001",)]
    # Nothing of that name: said next to the field.
    r = post_declare(stack, dict(b, perm_commune_q="khong co xa nay"))
    assert r.status_code == 400
    assert "Không tìm thấy" in r.json()["error"]["fields"]["perm_commune"]
    assert count(stack) == before + 3


def test_same_as_permanent_residence_ignores_the_place_inputs(stack):
    c = citizen(stack, 502)
    r = post_declare(stack, body(c, stay_same="1", stay_commune="00000",
                                 stay_address="x" * 300, from_commune=None,
                                 from_address=None, from_same="1"))
    assert r.status_code == 201, r.text
    row = stack.sql("SELECT stay_commune, stay_address, from_commune FROM declarations"
                    " WHERE declaration_id=%s", r.json()["declaration_id"])
    assert row == [(c[4], "Số 5, ngõ 12 phố Huế", c[4])]
    # Without the box, the origin is required as before.
    r = post_declare(stack, body(c, from_commune=None, from_address=None))
    assert r.status_code == 400
    assert set(r.json()["error"]["fields"]) == {"from_commune", "from_address"}


def test_required_messages_say_choose_or_type(stack):
    c = citizen(stack, 503)
    r = post_declare(stack, body(c, gender=None, perm_commune=None, id_number=None,
                                 vaccine_doses=None, phone=None, perm_address=None))
    f = r.json()["error"]["fields"]
    assert f["gender"] == "Vui lòng chọn giới tính."
    assert f["perm_commune"] == "Vui lòng chọn xã/phường."
    assert f["vaccine_doses"].startswith("Vui lòng chọn số mũi")
    assert f["id_number"].startswith("Vui lòng nhập số CCCD")
    assert f["phone"] == "Vui lòng nhập số điện thoại."
    assert f["perm_address"].startswith("Vui lòng nhập")


def test_a_cccd_with_a_province_that_does_not_exist_says_so(stack):
    c = citizen(stack, 503)
    r = post_declare(stack, body(c, id_number="099 123 456 789"))
    assert r.status_code == 400
    assert "mã tỉnh" in r.json()["error"]["fields"]["id_number"]
    r = post_declare(stack, body(c, id_number="12345"))
    assert "mã tỉnh" not in r.json()["error"]["fields"]["id_number"]


def test_the_error_summary_links_to_each_field_in_error(stack):
    c = citizen(stack, 503)
    r = post_declare(stack, body(c, phone="0123", gender=None, to_commune=None,
                                 to_commune_q="khong co xa nay"), headers={})
    assert r.status_code == 400
    summary = re.search(r'<div class="alert errsum-box".*?</div>', r.text, re.S).group(0)
    links = re.findall(r'<a href="#([^"]+)">([^<]*)</a>', summary)
    assert [a for a, _ in links] == ["gender", "phone", "to_commune_q"]
    assert links[1][1].startswith("Số điện thoại: ")
    for anchor, _ in links:                    # each link lands on an element
        assert f'id="{anchor}"' in r.text, anchor


# ------------------------------------------------------------ households


def family(stack, offsets, ref, **over):
    """A household POST body for the registry citizens at offsets."""
    first = citizen(stack, offsets[0])
    b = dict(phone="0912 345 678", perm_commune=first[4], perm_address="5 Hàng Bông",
             from_same="1", to_commune="00001", to_address="1 Phố Huế",
             travel_date=today_vn(), client_ref=ref)
    for n, off in enumerate(offsets, 1):
        c = citizen(stack, off)
        b.update({f"m{n}_id_number": c[0], f"m{n}_full_name": c[1], f"m{n}_dob": c[2],
                  f"m{n}_gender": c[3], f"m{n}_vaccine_doses": "2"})
    b.update(over)
    return {k: v for k, v in b.items() if v is not None}


def post_family(stack, data, headers=JSON):
    return requests.post(stack.url + "/declare/household", data=data, headers=headers,
                         allow_redirects=False)


def test_a_household_is_stored_all_or_nothing(stack):
    before = count(stack)
    households = int(stack.sql("SELECT COUNT(*) FROM households")[0][0])
    # One bad member: nothing stored, the member and the field named.
    r = post_family(stack, family(stack, [510, 511, 512], "fam-510", m2_dob="31/02/1990"))
    assert r.status_code == 400
    assert list(r.json()["error"]["fields"]) == ["m2_dob"]
    r = post_family(stack, family(stack, [510, 511, 512], "fam-510", m3_gender=None))
    assert r.json()["error"]["fields"] == {"m3_gender": "Vui lòng chọn giới tính."}
    dup = citizen(stack, 510)[0]
    r = post_family(stack, family(stack, [510, 511, 512], "fam-510", m3_id_number=dup))
    assert "trùng với người thứ 1" in r.json()["error"]["fields"]["m3_id_number"]
    html = post_family(stack, family(stack, [510, 511, 512], "fam-510", m2_dob="31/02/1990"),
                       headers={})
    assert html.status_code == 400 and 'href="#m2_dob">Người thứ 2: Ngày sinh' in html.text
    assert count(stack) == before
    assert int(stack.sql("SELECT COUNT(*) FROM households")[0][0]) == households
    # A database failure in the middle (a member's declaration refused by
    # the table's own rule) rolls back the members stored before it.
    stack.sql("ALTER TABLE declarations ADD CONSTRAINT c_test_no_m3 CHECK"
              " (id_number <> %s)", citizen(stack, 512)[0])
    try:
        r = post_family(stack, family(stack, [510, 511, 512], "fam-510"))
        assert r.status_code == 503
    finally:
        stack.sql("ALTER TABLE declarations DROP CONSTRAINT c_test_no_m3")
    assert count(stack) == before
    assert int(stack.sql("SELECT COUNT(*) FROM households")[0][0]) == households
    # All good: three declarations, one household, in the form's order.
    r = post_family(stack, family(stack, [510, 511, 512], "fam-510"))
    assert r.status_code == 201, r.text
    j = r.json()
    assert len(j["declarations"]) == 3 and count(stack) == before + 3
    rows = stack.sql("SELECT m.member_no, d.id_number, d.phone, d.from_commune, d.source"
                     " FROM household_members m JOIN declarations d USING (declaration_id)"
                     " WHERE m.household_id=%s ORDER BY m.member_no", j["household_id"])
    assert rows == [(str(n), citizen(stack, off)[0], "0912345678", citizen(stack, 510)[4],
                     "web") for n, off in enumerate([510, 511, 512], 1)]
    for d in j["declarations"]:
        assert int.from_bytes(token_bytes(d["token"])[2:8], "big") == d["declaration_id"]
    # The same key again: the same answer, nothing more stored.
    again = post_family(stack, family(stack, [510, 511, 512], "fam-510"))
    assert again.status_code == 200 and again.json() == j
    assert count(stack) == before + 3
    # Another family cannot pick it up with that key.
    r = post_family(stack, family(stack, [513], "fam-510"))
    assert r.status_code == 409


def test_a_household_has_at_most_ten_members_and_at_least_one(stack):
    r = post_family(stack, family(stack, [520], "fam-520", m11_id_number="001234567890"))
    assert r.status_code == 400 and r.json()["error"]["code"] == "unknown_field"
    r = post_family(stack, {"phone": "0912345678", "perm_commune": "00001",
                            "perm_address": "1", "from_same": "1", "to_commune": "00004",
                            "to_address": "2"})
    assert r.status_code == 400 and "m1_id_number" in r.json()["error"]["fields"]
    r = post_family(stack, family(stack, list(range(520, 530)), "fam-ten"))
    assert r.status_code == 201 and len(r.json()["declarations"]) == 10


def test_a_households_page_shows_each_member_masked_and_each_code(stack, officer):
    r = post_family(stack, family(stack, [530, 531, 532], "fam-530"), headers={})
    assert r.status_code == 303
    page_path = r.headers["Location"]
    assert re.match(r"^/declare/household/[A-Za-z0-9_-]{30,40}$", page_path)
    page = requests.get(stack.url + page_path)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    tokens = re.findall(r'<img src="/qr/([A-Za-z0-9_-]{102})\.png"', page.text)
    assert len(tokens) == 3
    for off, t in zip([530, 531, 532], tokens):
        c = citizen(stack, off)
        words = c[1].split()
        masked = " ".join([words[0]] + [w[0] + "." for w in words[1:]])
        assert f'class="holder">{masked}</p>' in page.text
        assert c[1] not in page.text and c[0] not in page.text
        # Each code verifies at a kiosk.
        v = officer.get(stack.url + "/verify", params={"code": t})
        assert v.status_code == 200 and v.json()["valid"] is True
        assert v.json()["declaration"]["id_number"] == c[0]
    assert 'class="print primary"' in page.text             # the In button
    # A page token that is not ours is nobody's page.
    bad = page_path[:-3] + ("AAA" if not page_path.endswith("AAA") else "BBB")
    assert requests.get(stack.url + bad).status_code == 404
