"""hello, the skeleton of a program (cgi-bin/hello.c): one public route,
no database, the ceiling of the benchmarks.  Its answers show what every
program gets from the router without writing a line (lib/serve.c)."""
import requests

from .helpers import JSON


def test_hello_answers_plain_text(stack):
    r = requests.get(stack.url + "/hello")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert r.text == "xin chào\n"
    assert r.headers["Cache-Control"] == "no-store"


def test_head_is_a_get_without_body(stack):
    r = requests.head(stack.url + "/hello")
    assert r.status_code == 200 and r.content == b""
    assert r.headers["Content-Length"] == str(len("xin chào\n".encode()))


def test_the_router_refuses_what_the_table_does_not_name(stack):
    r = requests.post(stack.url + "/hello", headers=JSON, data={"a": "1"})
    assert r.status_code == 405
    assert r.json()["error"]["code"] == "method_not_allowed"
    r = requests.get(stack.url + "/hello", params={"name": "x"}, headers=JSON)
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "unknown_field"
    assert list(r.json()["error"]["fields"]) == ["name"]
