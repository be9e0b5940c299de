"""The citizen's declaration (issue 3): /declare (the form, JSON and HTML
answers, the fields' rules, retries) and /declare/find, through nginx
against the session stack.  The QR code's own pages: test_qr.py."""
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta, timezone

import pytest
import requests

from .helpers import (FORM, JSON, body, citizen, post_declare, today_vn, token_bytes,
                      zbar)

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
        assert f'name="{name}"' in html, name
    # No inline script (CSP script-src 'self'); the pickers come from a file.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/js/declare.js" defer>']
    assert 'name="viewport"' in html
    ref = re.search(r'name="client_ref" value="([^"]*)"', html).group(1)
    assert re.match(r"^[A-Za-z0-9_-]{43}$", ref)
    # The find-again form is on the page too.
    assert 'action="/declare/find"' in html
    js = requests.get(stack.url + "/js/declare.js")
    assert js.status_code == 200 and "units.json" in js.text


def test_units_json_for_the_pickers(stack):
    r = requests.get(stack.url + "/units.json", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers.get("Content-Encoding") == "gzip"
    u = r.json()
    assert ["01", "Thành phố Hà Nội"] in u["p"]
    assert ["001", "Quận Ba Đình"] in u["d"]["01"]
    assert ["00001", "Phường Phúc Xá"] in u["c"]["001"]
    assert u["c"].get("318", []) == []             # Bạch Long Vĩ: no communes


# ------------------------------------------------------- submit, JSON


def test_declare_json_201_png_decodes_to_the_token_and_svg_is_xml(stack):
    c = citizen(stack, 0)
    before = count(stack)
    r = post_declare(stack, body(c, fever="1", contact_f0="1"))
    assert r.status_code == 201, r.text
    j = r.json()
    assert set(j) >= {"declaration_id", "token", "expires_at", "registry", "qr_png", "qr_svg"}
    t = j["token"]
    assert TOKEN_RE.match(t)
    assert j["registry"] == "matched"
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
    assert png.headers["Cache-Control"] == "public, max-age=259200, immutable"
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert zbar(png.content) == t

    svg = requests.get(stack.url + j["qr_svg"])
    assert svg.status_code == 200
    assert svg.headers["Content-Type"].startswith("image/svg+xml")
    assert svg.headers["Cache-Control"] == "public, max-age=259200, immutable"
    root = ET.fromstring(svg.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    paths = root.findall("{http://www.w3.org/2000/svg}path")
    assert len(paths) == 1 and paths[0].get("d").startswith("M4 4h7v1h-7z")  # finder


def test_registry_matched_mismatch_not_found(stack):
    c = citizen(stack, 1)
    # Matched, also with another case and tone placement of the name.
    r = post_declare(stack, body(c, full_name=c[1].upper()))
    assert r.status_code == 201 and r.json()["registry"] == "matched"
    swapped = c[1].replace("òa", "oà").replace("òe", "oè").replace("ùy", "uý")
    assert post_declare(stack, body(c, full_name=swapped)).json()["registry"] == "matched"
    # The ID exists, but the name, the birth date or the gender differ.
    r = post_declare(stack, body(c, full_name="Người Khác Tên"))
    assert r.status_code == 201 and r.json()["registry"] == "mismatch"
    dob = (date.fromisoformat(c[2]) + timedelta(days=1)).isoformat()
    assert post_declare(stack, body(c, dob=dob)).json()["registry"] == "mismatch"
    other = "F" if c[3] == "M" else "M"
    assert post_declare(stack, body(c, gender=other)).json()["registry"] == "mismatch"
    # An ID the registry does not have: stored all the same, flagged.
    cmnd = next(f"9{i:08d}" for i in range(10**6)
                if not stack.sql("SELECT 1 FROM citizens WHERE id_number=%s", f"9{i:08d}"))
    r = post_declare(stack, body(c, id_number=cmnd))
    assert r.status_code == 201 and r.json()["registry"] == "not_found"
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
    r = post_declare(stack, body(c, perm_address="x" * (33 * 1024)))
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
    # The commune code is shown with its name.
    assert "Phường Trúc Bạch, Quận Ba Đình, Thành phố Hà Nội" in html
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
    assert c[1] in page.text
    assert "72 giờ" in page.text
    assert f'src="/qr/{m.group(1)}.png"' in page.text
    # Expiry in local time, the same instant as stored.
    exp = stack.sql("SELECT DATE_FORMAT(expires_at, '%H:%i ngày %d/%m/%Y') FROM declarations"
                    " WHERE declaration_id=%s", int.from_bytes(token_bytes(m.group(1))[2:8],
                                                               "big"))[0][0]
    assert exp in page.text
    assert "*" * (len(c[0]) - 3) + c[0][-3:] in page.text         # masked ID
    assert c[0] not in page.text
    img = requests.get(stack.url + f"/qr/{m.group(1)}.png")
    assert img.status_code == 200 and zbar(img.content) == m.group(1)


def test_injection_is_stored_verbatim_and_shown_escaped(stack):
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
    page = requests.get(stack.url + f"/qr/{j['token']}")
    assert page.status_code == 200
    assert "<script>" not in page.text
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
    assert r.status_code == 303 and r.headers["Location"] == f"/qr/{second['token']}"


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
    assert "Không tìm thấy mã QR còn hiệu lực" in html_a.text
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
