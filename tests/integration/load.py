"""A load of citizens declaring and officers confirming passages, every
answer kept, and the check that nothing acknowledged was lost: shared by
the fault tests (test_zz_faults.py) and the cluster tests (tests/cluster)."""
import secrets
import threading

import requests

from .helpers import JSON, body, citizen


class Load:
    """Citizens declaring and an officer confirming passages from several
    threads until stopped; every answer is kept: (kind, status, id, ref)."""

    def __init__(self, stack, officer, codes, declarers=3, confirmers=3):
        self.stack, self.officer, self.codes = stack, officer, codes
        self.answers, self.lock, self.stop = [], threading.Lock(), threading.Event()
        self.threads = [threading.Thread(target=self.declaring, args=(i,))
                        for i in range(declarers)]
        self.threads += [threading.Thread(target=self.confirming, args=(i,))
                         for i in range(confirmers)]

    def keep(self, *answer):
        with self.lock:
            self.answers.append(answer)

    def declaring(self, n):
        c = citizen(self.stack, 800 + n)
        while not self.stop.is_set():
            ref = "fault-" + secrets.token_hex(8)
            try:
                r = requests.post(self.stack.url + "/declare", headers=JSON, timeout=30,
                                  data=body(c, client_ref=ref))
                ident = r.json().get("declaration_id") if r.status_code in (200, 201) else None
                self.keep("declaration", r.status_code, ident, ref)
            except (requests.RequestException, ValueError):
                self.keep("declaration", 0, None, ref)

    def confirming(self, n):
        cookies = self.officer.cookies.get_dict()
        k = n
        while not self.stop.is_set():
            ref = "fault-" + secrets.token_hex(8)
            code = self.codes[k % len(self.codes)]
            k += 1
            try:
                r = requests.post(self.stack.url + "/verify", headers=dict(
                    JSON, **{"X-CSRF-Token": self.officer.csrf}), cookies=cookies, timeout=30,
                    data={"code": code, "direction": "in" if k % 2 else "out",
                          "device_ref": ref})
                ident = r.json().get("passage_id") if r.status_code in (200, 201) else None
                self.keep("passage", r.status_code, ident, ref)
            except (requests.RequestException, ValueError):
                self.keep("passage", 0, None, ref)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=60)

    def acknowledged(self, kind):
        return [a for a in self.answers if a[0] == kind and a[1] in (200, 201)]


def nothing_acknowledged_is_lost(stack, load):
    """Every 201 is a row under its own idempotency key (client_ref,
    device_ref); every 200 (the same code at the same place within 5
    minutes: the first passage again) names a row that is there."""
    decls = load.acknowledged("declaration")
    passages = load.acknowledged("passage")
    assert decls and passages, "the load made nothing at all"
    refs = ",".join(f"'{a[3]}'" for a in decls)
    stored = dict(stack.sql(f"SELECT client_ref, declaration_id FROM declarations"
                            f" WHERE client_ref IN ({refs})"))
    for _, _, ident, ref in decls:
        assert stored.get(ref) == str(ident), f"declaration {ident} ({ref}) acknowledged, lost"
    made = [a for a in passages if a[1] == 201]
    if made:
        refs = ",".join(f"'{a[3]}'" for a in made)
        stored = dict(stack.sql(f"SELECT device_ref, passage_id FROM passages"
                                f" WHERE device_ref IN ({refs})"))
        for _, _, ident, ref in made:
            assert stored.get(ref) == str(ident), f"passage {ident} ({ref}) acknowledged, lost"
    ids = ",".join(str(a[2]) for a in passages)
    there = {row[0] for row in stack.sql(f"SELECT passage_id FROM passages"
                                         f" WHERE passage_id IN ({ids})")}
    assert {str(a[2]) for a in passages} <= there
    return len(decls), len(passages)
