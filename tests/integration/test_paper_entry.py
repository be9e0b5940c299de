"""Paper declarations typed at a checkpoint (issues 5 and 16): POST
/paper-entry action=lookup (the registry, audited, never in a URL),
action=cccd (the chip ID card's QR), and the paper declaration with its
passage in one transaction, its printable slip (ID number masked, a
registry warning as a warning), roles, CSRF and the officer's place."""
import re

import pytest
import requests

from . import accounts
from .helpers import JSON, audit_count, card_holder, cccd_text, citizen, passages, uid


def paper_form(stack, offset, **over):
    c = citizen(stack, offset)
    data = dict(id_number=c[0], full_name=c[1], dob=c[2], gender=c[3], perm_commune=c[4],
                perm_address="Thôn Đông", from_commune=c[4], from_address="Thôn Đông",
                to_commune="00001", to_address="1 Phố Huế", vaccine_doses="1",
                direction="in", cough="1")
    data.update(over)
    return data


def lookup(sess, stack, id_number, **kw):
    """The registry look-up: a POST, so that the ID number is never in a URL."""
    return sess.post(stack.url + "/paper-entry", data={"action": "lookup", "lookup": id_number},
                     **kw)


def test_registry_lookup_prefills_and_is_audited(stack, officer, place):
    c = citizen(stack, 30)
    r = lookup(officer, stack, c[0])
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["id_number"], body["full_name"], body["dob"], body["gender"],
            body["perm_commune"]) == c
    assert body["perm_commune_name"]
    row = stack.sql("SELECT actor, target_kind, target, place_id FROM audit_log"
                    " WHERE action='registry_lookup' ORDER BY audit_id DESC LIMIT 1")[0]
    assert row[0] == officer.uid and row[1] == "citizen" and row[3] == str(place)
    assert row[2].startswith("h:") and c[0] not in row[2]
    # The same ID number gives the same reference; another a different one.
    lookup(officer, stack, c[0])
    lookup(officer, stack, citizen(stack, 31)[0])
    refs = [r[0] for r in stack.sql("SELECT target FROM audit_log WHERE action='registry_lookup'"
                                    " ORDER BY audit_id DESC LIMIT 3")]
    assert refs[1] == row[2] and refs[0] != row[2]
    # HTML: the form comes prefilled.
    page = lookup(officer, stack, c[0], headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert f'value="{c[1]}"' in page.text and f'value="{c[2]}"' in page.text
    assert f'name="csrf" value="{officer.csrf}"' in page.text


def test_registry_lookup_of_an_unknown_id(stack, officer):
    r = lookup(officer, stack, "001099000001")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    page = lookup(officer, stack, "001099000001", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert 'class="warn"' in page.text and "KHÔNG CÓ trong CSDL dân cư" in page.text
    assert 'class="ok"' not in page.text
    r = lookup(officer, stack, "12ab")
    assert r.status_code == 400 and "lookup" in r.json()["error"]["fields"]
    r = officer.post(stack.url + "/paper-entry", data={"action": "lookup"})
    assert r.status_code == 400 and "lookup" in r.json()["error"]["fields"]
    r = officer.post(stack.url + "/paper-entry", data={"action": "find", "lookup": "001099000001"})
    assert r.status_code == 400 and "action" in r.json()["error"]["fields"]


def test_registry_lookup_is_never_in_a_url(stack, officer):
    """The ID number is personal data: GET ?lookup= is refused, nothing is read."""
    before = audit_count(stack, "registry_lookup")
    r = officer.get(stack.url + "/paper-entry", params={"lookup": citizen(stack, 30)[0]})
    assert r.status_code == 400 and r.json()["error"]["code"] == "unknown_field"
    assert list(r.json()["error"]["fields"]) == ["lookup"]
    r = officer.get(stack.url + "/paper-entry", params={"lookup": citizen(stack, 30)[0]},
                    headers={"Accept": "text/html"})
    assert r.status_code == 400
    # The look-up is a POST with the session's CSRF token.
    r = requests.post(stack.url + "/paper-entry", headers=JSON, cookies=officer.cookies,
                      data={"action": "lookup", "lookup": citizen(stack, 30)[0]})
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    assert audit_count(stack, "registry_lookup") == before
    # The HTML form posts, with the token, and needs no script.
    page = officer.get(stack.url + "/paper-entry", headers={"Accept": "text/html"})
    assert page.status_code == 200
    form = re.search(r'<form[^>]*class="lookup".*?</form>', page.text, re.S).group(0)
    assert 'method="post"' in form and 'name="action" value="lookup"' in form
    assert f'name="csrf" value="{officer.csrf}"' in form
    html = dict(csrf=officer.csrf, action="lookup", lookup=citizen(stack, 30)[0])
    r = requests.post(stack.url + "/paper-entry", data=html, cookies=officer.cookies)
    assert r.status_code == 200 and f'value="{citizen(stack, 30)[1]}"' in r.text


def test_paper_entry_makes_declaration_and_passage_in_one_go(stack, officer, place):
    data = paper_form(stack, 32, client_ref="paper-test-32")
    r = officer.post(stack.url + "/paper-entry", data=data)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["registry"] == "matched" and body["place_id"] == place
    decl = stack.sql("SELECT source, entered_by, id_number, cough, phone FROM declarations"
                     " WHERE declaration_id=%s", body["declaration_id"])
    assert decl == [("paper", officer.uid, data["id_number"], "1", None)]
    assert passages(stack, body["declaration_id"]) == [
        (str(body["passage_id"]), data["id_number"], str(place), "in", officer.uid)]
    # The slip's code works at the next checkpoint.
    v = officer.get(stack.url + "/verify", params={"code": body["token"]}).json()
    assert v["valid"] and v["declaration"]["source"] == "paper"
    assert v["declaration"]["entered_by"] == officer.uid
    assert requests.get(stack.url + body["qr_png"]).status_code == 200
    # A double submit of the same form stores nothing more.
    again = officer.post(stack.url + "/paper-entry", data=data)
    assert again.status_code == 200
    assert again.json()["declaration_id"] == body["declaration_id"]
    assert again.json()["passage_id"] == body["passage_id"]
    assert len(stack.sql("SELECT 1 FROM declarations WHERE client_ref='paper-test-32'")) == 1
    assert len(passages(stack, body["declaration_id"])) == 1


def test_paper_entry_html_shows_a_printable_slip(stack, officer):
    data = paper_form(stack, 33, direction="out", full_name="Tên Khác Hẳn")
    data["csrf"] = officer.csrf
    r = requests.post(stack.url + "/paper-entry", data=data, cookies=officer.cookies)
    assert r.status_code == 201
    # The slip travels with the person: the ID number masked.
    masked = data["id_number"][:3] + "*" * (len(data["id_number"]) - 5) + data["id_number"][-2:]
    assert "Tên Khác Hẳn" in r.text and masked in r.text and data["id_number"] not in r.text
    # Not matching the registry is a warning, not a success.
    assert 'class="warn no-print"' in r.text and 'class="flash' not in r.text
    assert 'id="print-80"' in r.text
    m = re.search(r'<img src="/qr/([A-Za-z0-9_-]+)\.png"', r.text)
    assert m and requests.get(stack.url + f"/qr/{m.group(1)}.png").status_code == 200
    assert "KHÔNG KHỚP" in r.text
    assert not re.search(r"<script(?![^>]*\bsrc=)", r.text) and " style=" not in r.text
    decl = stack.sql("SELECT declaration_id, registry FROM declarations"
                     " WHERE full_name='Tên Khác Hẳn'")
    assert decl[0][1] == "mismatch"
    assert [p[3] for p in passages(stack, decl[0][0])] == ["out"]


def test_paper_entry_bad_fields_store_nothing(stack, officer):
    before = stack.sql("SELECT COUNT(*) FROM declarations")[0][0]
    data = paper_form(stack, 34, dob="2999-01-01", direction="visit")
    del data["to_address"]
    r = officer.post(stack.url + "/paper-entry", data=data)
    assert r.status_code == 400
    fields = r.json()["error"]["fields"]
    assert {"dob", "direction", "to_address"} <= set(fields)
    r = officer.post(stack.url + "/paper-entry", data=dict(paper_form(stack, 34), source="web"))
    assert r.status_code == 400 and "source" in r.json()["error"]["fields"]
    assert stack.sql("SELECT COUNT(*) FROM declarations")[0][0] == before


def test_paper_entry_is_one_transaction(stack, officer):
    """If the passage cannot be stored, the declaration is not stored either."""
    failing = accounts.officer_session(stack, "failing-officer", accounts.make_place(stack))
    stack.sql("CREATE TRIGGER t_fail_passage BEFORE INSERT ON passages FOR EACH ROW"
              " SET NEW.officer = IF(NEW.officer = 'failing-officer', NULL, NEW.officer)")
    try:
        r = failing.post(stack.url + "/paper-entry",
                         data=paper_form(stack, 35, client_ref="paper-atomic-35"))
        assert r.status_code == 503
    finally:
        stack.sql("DROP TRIGGER t_fail_passage")
    assert stack.sql("SELECT 1 FROM declarations WHERE client_ref='paper-atomic-35'") == []
    r = failing.post(stack.url + "/paper-entry",
                     data=paper_form(stack, 35, client_ref="paper-atomic-35"))
    assert r.status_code == 201


@pytest.mark.parametrize("role", ["venue", "police", "admin"])
def test_paper_entry_is_for_officers_only(stack, role):
    s = accounts.session_for(stack, uid(role), role,
                             place_id=accounts.make_place(stack) if role == "venue" else None)
    assert lookup(s, stack, citizen(stack, 36)[0]).status_code == 403
    r = s.post(stack.url + "/paper-entry", data=paper_form(stack, 36))
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


def test_paper_entry_session_and_csrf(stack, officer):
    r = requests.post(stack.url + "/paper-entry", headers=JSON, data=paper_form(stack, 37))
    assert r.status_code == 401
    r = requests.post(stack.url + "/paper-entry", headers=JSON,
                      data={"action": "lookup", "lookup": citizen(stack, 37)[0]})
    assert r.status_code == 401
    r = requests.post(stack.url + "/paper-entry", headers=JSON, cookies=officer.cookies,
                      data=paper_form(stack, 37))
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"


def test_paper_entry_needs_a_place(stack):
    s = accounts.session_for(stack, uid("noplace"), "officer")
    r = s.post(stack.url + "/paper-entry", data=paper_form(stack, 38))
    assert r.status_code == 403 and r.json()["error"]["code"] == "no_place"


# ------------------------------------------------------ the chip ID card

def card(sess, stack, text, **kw):
    return sess.post(stack.url + "/paper-entry", data={"action": "cccd", "cccd_qr": text}, **kw)


def test_cccd_qr_prefills_from_the_card_and_the_registry(stack, officer, place):
    c = card_holder(stack, 560)
    before = audit_count(stack, "registry_lookup")
    r = card(officer, stack, cccd_text(c))
    assert r.status_code == 200, r.text
    assert r.json() == {"id_number": c[0], "full_name": c[1], "dob": c[2], "gender": c[3],
                        "perm_address": "Số 7 ngõ 3 phố Huế, Hà Nội", "registry": "matched",
                        "perm_commune": c[4]}
    assert audit_count(stack, "registry_lookup") == before + 1
    # HTML: the form prefilled, the commune from the registry.
    page = card(officer, stack, cccd_text(c), headers={"Accept": "text/html"})
    assert page.status_code == 200
    for value in (c[0], c[1], c[2], c[4], "Số 7 ngõ 3 phố Huế, Hà Nội"):
        assert f'value="{value}"' in page.text, value
    assert 'class="ok"' in page.text and 'class="warn"' not in page.text


def test_cccd_qr_of_someone_the_registry_knows_otherwise(stack, officer):
    c = card_holder(stack, 561)
    r = card(officer, stack, cccd_text(c, full_name="Tên Khác Trên Thẻ"))
    assert r.json()["registry"] == "mismatch" and r.json()["perm_commune"] == c[4]
    page = card(officer, stack, cccd_text(c, full_name="Tên Khác Trên Thẻ"),
                headers={"Accept": "text/html"})
    assert 'class="warn"' in page.text and "KHÁC CSDL dân cư" in page.text
    # Not in the registry at all: the card's data, no commune, a warning.
    stranger = ("001090999991", "Người Lạ", "1990-05-05", "M", None)
    r = card(officer, stack, cccd_text(stranger))
    assert r.json()["registry"] == "not_found" and r.json()["perm_commune"] is None
    page = card(officer, stack, cccd_text(stranger), headers={"Accept": "text/html"})
    assert page.status_code == 200 and 'class="warn"' in page.text
    assert 'value="Người Lạ"' in page.text


def test_what_is_not_a_cccd_qr(stack, officer):
    c = card_holder(stack, 562)
    before = audit_count(stack, "registry_lookup")
    for bad in ["hello", c[0], cccd_text(c) + "|extra", cccd_text(c).replace("|Nam|", "|Nu|")
                if c[3] == "M" else cccd_text(c).replace("|Nữ|", "|Nu|")]:
        r = card(officer, stack, bad)
        assert r.status_code == 400 and "cccd_qr" in r.json()["error"]["fields"], bad
    page = card(officer, stack, "hello", headers={"Accept": "text/html"})
    assert page.status_code == 400 and "Không đọc được mã QR trên CCCD" in page.text
    assert audit_count(stack, "registry_lookup") == before
    r = officer.get(stack.url + "/paper-entry", params={"cccd_qr": cccd_text(c)})
    assert r.status_code == 400 and r.json()["error"]["code"] == "unknown_field"
    venue = accounts.session_for(stack, uid("venue"), "venue", place_id=accounts.make_place(stack))
    assert card(venue, stack, cccd_text(c)).status_code == 403
# ------------------------------------------------------- a family (issue 19)

def family_form(stack, offsets, **over):
    first = citizen(stack, offsets[0])
    data = dict(perm_commune=first[4], perm_address="Thôn Đông", from_same="1",
                to_commune="00001", to_address="1 Phố Huế", direction="in")
    for n, off in enumerate(offsets, 1):
        c = citizen(stack, off)
        data.update({f"m{n}_id_number": c[0], f"m{n}_full_name": c[1], f"m{n}_dob": c[2],
                     f"m{n}_gender": c[3], f"m{n}_vaccine_doses": "1"})
    data.update(over)
    return data


def test_a_family_on_paper_is_stored_with_its_passages_in_one_go(stack, officer, place):
    before = int(stack.sql("SELECT COUNT(*) FROM passages")[0][0])
    r = officer.post(stack.url + "/paper-entry/household",
                     data=family_form(stack, [550, 551], m2_dob="", client_ref="fam-p-550"))
    assert r.status_code == 400 and list(r.json()["error"]["fields"]) == ["m2_dob"]
    r = officer.post(stack.url + "/paper-entry/household",
                     data=family_form(stack, [550, 551], client_ref="fam-p-550"))
    assert r.status_code == 201, r.text
    j = r.json()
    assert len(j["declarations"]) == 2
    for off, d in zip([550, 551], j["declarations"]):
        assert stack.sql("SELECT source, entered_by, id_number, phone FROM declarations"
                         " WHERE declaration_id=%s", d["declaration_id"]) == \
            [("paper", officer.uid, citizen(stack, off)[0], None)]
        assert passages(stack, d["declaration_id"]) == [
            (str(d["passage_id"]), citizen(stack, off)[0], str(place), "in", officer.uid)]
    assert int(stack.sql("SELECT COUNT(*) FROM passages")[0][0]) == before + 2
    assert stack.sql("SELECT COUNT(*) FROM audit_log WHERE action='paper_entry' AND"
                     " detail='household' AND actor=%s AND target IN (%s, %s)", officer.uid,
                     str(j["declarations"][0]["declaration_id"]),
                     str(j["declarations"][1]["declaration_id"])) == [("2",)]
    # The same form again (a double tap): the same answer, nothing more.
    again = officer.post(stack.url + "/paper-entry/household",
                         data=family_form(stack, [550, 551], client_ref="fam-p-550"))
    assert again.status_code == 200
    assert [d["declaration_id"] for d in again.json()["declarations"]] == \
        [d["declaration_id"] for d in j["declarations"]]
    assert int(stack.sql("SELECT COUNT(*) FROM passages")[0][0]) == before + 2


def test_a_family_on_paper_is_one_transaction(stack):
    failing = accounts.officer_session(stack, "failing-family", accounts.make_place(stack))
    stack.sql("CREATE TRIGGER t_fail_family BEFORE INSERT ON passages FOR EACH ROW"
              " SET NEW.officer = IF(NEW.officer = 'failing-family', NULL, NEW.officer)")
    try:
        r = failing.post(stack.url + "/paper-entry/household",
                         data=family_form(stack, [552, 553], client_ref="fam-p-552"))
        assert r.status_code == 503
    finally:
        stack.sql("DROP TRIGGER t_fail_family")
    assert stack.sql("SELECT COUNT(*) FROM declarations WHERE id_number IN (%s, %s)",
                     citizen(stack, 552)[0], citizen(stack, 553)[0]) == [("0",)]
    assert stack.sql("SELECT 1 FROM households WHERE client_ref='fam-p-552'") == []
    html = requests.post(stack.url + "/paper-entry/household", cookies=failing.cookies,
                         data=dict(family_form(stack, [552, 553]), csrf=failing.csrf))
    assert html.status_code == 201
    assert len(re.findall(r'<img src="/qr/[A-Za-z0-9_-]{102}\.png"', html.text)) == 2
    assert "Đã ghi nhận vào lúc" in html.text
    form = failing.get(stack.url + "/paper-entry/household", headers={"Accept": "text/html"})
    assert form.status_code == 200 and 'name="m10_id_number"' in form.text
