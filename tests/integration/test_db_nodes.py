"""The database node list (lib/db.h, docs/DEPLOYMENT.md) in the normal
suite, without a cluster: a tool given db_nodes whose first node does not
answer connects to the next one and works there; with no node answering
it fails cleanly.  (The cluster itself: tests/cluster, make test-cluster.)"""
import os
import subprocess

from .helpers import citizen


def run_import(stack, tmp_path, nodes):
    conf = tmp_path / "kiemdich.conf"
    text = stack.conf_path.read_text()
    conf.write_text(text + f"\ndb_nodes = {nodes}\n")
    os.chmod(conf, 0o600)
    c = citizen(stack, 5)
    csv = tmp_path / "one.csv"
    csv.write_text("id_number,full_name,dob,gender,perm_commune\n" + ",".join(c) + "\n")
    return subprocess.run([str(stack.root / "build" / "bin" / "kd-registry-import"), str(csv)],
                          env=dict(os.environ, KD_CONF=str(conf)), capture_output=True,
                          text=True, timeout=60)


def test_the_next_node_when_the_first_does_not_answer(stack, tmp_path):
    done = run_import(stack, tmp_path, f"{tmp_path}/gone.sock {stack.conf['db_socket']}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "connect to node 1 failed" in done.stdout + done.stderr


def test_no_node_answering_is_a_clean_failure(stack, tmp_path):
    done = run_import(stack, tmp_path, f"{tmp_path}/gone.sock 127.0.0.1:1")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "connect to node 2 failed" in done.stdout + done.stderr
