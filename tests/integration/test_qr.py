"""The signed QR code of a declaration (issue 3): /qr/<token> (the page,
JSON too), /qr/<token>.png and .svg (the images, from the signature
alone), /qr/pubkey, the signing key's file; through nginx against the
session stack.  Declarations are made with /declare (test_declare.py)."""
import base64
import re
import struct
from datetime import datetime, timezone
from pathlib import Path

import pytest
import requests

from .helpers import JSON, body, citizen, flip, mask_name, post_declare, sign, token_bytes, zbar

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{102}$")


def test_qr_page_json(stack):
    c = citizen(stack, 8)
    j = post_declare(stack, body(c)).json()
    r = requests.get(stack.url + f"/qr/{j['token']}", headers=JSON)
    assert r.status_code == 200
    assert r.json()["valid"] is True and r.json()["reason"] is None
    assert r.json()["full_name"] == mask_name(c[1]) != c[1]
    assert r.json()["declaration_id"] == j["declaration_id"]


def test_forged_token_has_no_image_and_the_page_says_invalid(stack):
    c = citizen(stack, 10)
    t = post_declare(stack, body(c)).json()["token"]
    bad = flip(t, 60)          # a signature character
    for suffix in (".png", ".svg"):
        r = requests.get(stack.url + f"/qr/{bad}{suffix}")
        assert r.status_code == 404
        assert not r.headers["Content-Type"].startswith("image/")
    page = requests.get(stack.url + f"/qr/{bad}")
    assert page.status_code == 404
    assert "Mã QR không hợp lệ" in page.text
    assert c[1] not in page.text
    assert requests.get(stack.url + f"/qr/{bad}", headers=JSON).status_code == 404
    for path in ("/qr/abc.png", f"/qr/{t}.gif", f"/qr/{t}x.png", "/qr/", f"/qr/{t[:-1]}.svg"):
        assert requests.get(stack.url + path).status_code == 404, path
    # The genuine one still works.
    assert requests.get(stack.url + f"/qr/{t}.png").status_code == 200


def test_images_need_no_database_row(stack):
    """A well-signed token of a declaration that does not exist still has
    an image (the image endpoints check only the signature); its page,
    which reads the database, is 404."""
    t = sign(stack, 281474976710000)
    assert TOKEN_RE.match(t)
    r = requests.get(stack.url + f"/qr/{t}.png")
    assert r.status_code == 200 and zbar(r.content) == t
    assert requests.get(stack.url + f"/qr/{t}").status_code == 404


def test_expired_code_page_says_so(stack):
    c = citizen(stack, 11)
    j = post_declare(stack, body(c)).json()
    past = int(datetime.now(timezone.utc).timestamp()) - 3600
    t = sign(stack, j["declaration_id"], past)
    page = requests.get(stack.url + f"/qr/{t}")
    assert page.status_code == 200
    # Only that it expired: nothing of the person, not even the code.
    assert "đã hết hạn" in page.text
    for shown in (c[1], mask_name(c[1]), c[0][:3] + "*", t, "<img"):
        assert shown not in page.text, shown
    answer = requests.get(stack.url + f"/qr/{t}", headers=JSON).json()
    assert answer == {"valid": False, "reason": "expired", "expires_at": answer["expires_at"]}
    assert requests.get(stack.url + f"/qr/{t}.png").status_code == 200
    assert requests.get(stack.url + f"/qr/{t}.label.png").status_code == 404


def test_the_expiry_the_database_holds_counts_too(stack):
    """A code whose token is still valid, but whose declaration has ended in
    the database, is shown as expired."""
    j = post_declare(stack, body(citizen(stack, 13))).json()
    stack.sql("UPDATE declarations SET created_at = NOW() - INTERVAL 80 HOUR,"
              " expires_at = NOW() - INTERVAL 8 HOUR WHERE declaration_id=%s",
              j["declaration_id"])
    answer = requests.get(stack.url + f"/qr/{j['token']}", headers=JSON).json()
    assert answer["valid"] is False and answer["reason"] == "expired"
    assert "full_name" not in answer


def test_a_valid_page_masks_the_name_and_shows_no_street_address(stack):
    c = citizen(stack, 14)
    j = post_declare(stack, body(c, to_address="Số 99 ngõ Bí Mật",
                                 from_address="Số 7 đường Riêng Tư")).json()
    page = requests.get(stack.url + f"/qr/{j['token']}").text
    assert mask_name(c[1]) in page and c[1] not in page
    assert c[0] not in page and c[0][:3] + "*" in page
    assert "Bí Mật" not in page and "Riêng Tư" not in page
    # Each read that shows the person is audited with the reader's address.
    rows = stack.sql("SELECT actor, source_addr FROM audit_log WHERE action='qr_page'"
                     " AND target=%s", str(j["declaration_id"]))
    assert rows and all(r == ("-", "127.0.0.1") for r in rows)


def test_images_are_private_to_the_browser(stack):
    j = post_declare(stack, body(citizen(stack, 15))).json()
    for suffix in (".png", ".svg"):
        r = requests.get(stack.url + f"/qr/{j['token']}{suffix}")
        assert r.headers["Cache-Control"] == "private, max-age=259200, immutable"


def test_the_image_to_keep_carries_the_masked_name_and_the_expiry(stack):
    c = citizen(stack, 540)
    j = post_declare(stack, body(c)).json()
    r = requests.get(stack.url + f"/qr/{j['token']}.label.png")
    assert r.status_code == 200 and r.headers["Content-Type"] == "image/png"
    assert r.headers["Cache-Control"] == "no-store"          # it names someone
    assert zbar(r.content) == j["token"]
    width, height = struct.unpack(">II", r.content[16:24])
    plain = requests.get(stack.url + f"/qr/{j['token']}.png").content
    assert width == struct.unpack(">I", plain[16:20])[0]    # as wide as the code
    assert height > width + 40                               # with lines under it
    # Another person's image differs (the label), the code reads the same.
    other = post_declare(stack, body(citizen(stack, 541))).json()
    r2 = requests.get(stack.url + f"/qr/{other['token']}.label.png")
    assert r2.content != r.content
    # Forged or unknown: no image.
    assert requests.get(stack.url + f"/qr/{flip(j['token'], 60)}.label.png").status_code == 404
    t = sign(stack, 281474976710001)
    assert requests.get(stack.url + f"/qr/{t}.label.png").status_code == 404


def test_the_page_offers_to_print_and_save_in_plain_words(stack):
    c = citizen(stack, 542)
    j = post_declare(stack, body(c)).json()
    html = requests.get(stack.url + f"/qr/{j['token']}").text
    assert f'href="/qr/{j["token"]}.label.png"' in html
    assert "SVG" not in html and 'class="print primary"' in html
    assert '<script src="/js/qr.js" defer>' in html
    sw = requests.get(stack.url + "/citizen-sw.js")
    assert sw.status_code == 200 and "javascript" in sw.headers["Content-Type"]
    # An expired code's page points to declaring again.
    past = int(datetime.now(timezone.utc).timestamp()) - 60
    expired = requests.get(stack.url + f"/qr/{sign(stack, j['declaration_id'], past)}").text
    assert 'href="/declare/find" id="again"' in expired


def test_pubkey_names_the_key_of_the_tokens_and_verifies_them(stack):
    c = citizen(stack, 12)
    t = post_declare(stack, body(c)).json()["token"]
    r = requests.get(stack.url + "/qr/pubkey")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    keys = r.json()["keys"]
    raw = token_bytes(t)
    mine = [k for k in keys if k["kid"] == raw[1]]
    assert len(mine) == 1 and mine[0]["alg"] == "Ed25519"
    pk = base64.urlsafe_b64decode(mine[0]["public_key"] + "=")
    assert len(pk) == 32
    assert "token_layout" in r.json()
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        from cryptography.exceptions import InvalidSignature
    except ImportError:
        pytest.skip("python3-cryptography not installed: layout checked only")
    key = Ed25519PublicKey.from_public_bytes(pk)
    key.verify(raw[12:], raw[:12])                   # raises if it does not verify
    forged = bytearray(raw)
    forged[5] ^= 1                                   # another declaration id
    with pytest.raises(InvalidSignature):
        key.verify(bytes(forged[12:]), bytes(forged[:12]))


def test_key_file_is_private(stack):
    key_dir = Path(stack.conf["key_dir"])
    keys = list(key_dir.glob("*.key"))
    assert keys
    for k in keys:
        assert k.stat().st_mode & 0o777 == 0o600
        assert k.stat().st_size == 32
    assert key_dir.stat().st_mode & 0o777 == 0o700


def test_tokens_stay_out_of_the_logs(stack):
    c = citizen(stack, 16)
    t = post_declare(stack, body(c)).json()["token"]
    assert requests.get(stack.url + f"/qr/{t}.png").status_code == 200
    assert requests.get(stack.url + f"/qr/{t}").status_code == 200
    logs = "".join((stack.var / "log" / name).read_text(errors="replace")
                   for name in ("nginx-access.log", "nginx-error.log", "declare.log", "qr.log")
                   if (stack.var / "log" / name).exists())
    assert t not in logs
    assert c[0] not in logs and c[1] not in logs
