"""The cluster tests' stack: the project's own scripts/stack with CLUSTER=1
(three Galera nodes, a slapd provider and two consumers; scripts/cluster),
the programs given the node list with db_spread = 1, so that their
workers write to all three nodes at once."""
import secrets
import subprocess

import pytest

from conftest import Stack, run_stack


class ClusterStack(Stack):
    """A Stack whose root SQL (test data) is seen by every node before the
    call returns: Galera applies a write on the other nodes a moment after
    its commit, and the programs read from all three."""

    def node_socket(self, n):
        return self.conf["db_nodes"].split()[n - 1]

    def node_sql(self, n, query):
        out = subprocess.run(
            ["mariadb", "--no-defaults", "-uroot", f"--socket={self.node_socket(n)}",
             "--batch", "--raw", "-N", "kiemdich"],
            input=query, check=True, capture_output=True, text=True).stdout  # see Stack.sql
        return [tuple(None if c == "NULL" else c for c in line.split("\t"))
                for line in out.splitlines()]

    def running_nodes(self):
        return [n for n in (1, 2, 3)
                if (self.var / "run" / f"galera{n}.pid").exists()]

    def sql(self, query, *params):
        rows = super().sql(query, *params)
        for n in self.running_nodes()[1:]:
            self.node_sql(n, "SET SESSION wsrep_sync_wait = 1; SELECT 1")
        return rows

    def cluster(self, *args):
        return subprocess.run([str(self.root / "scripts" / "cluster"), *args], env=self.env,
                              capture_output=True, text=True)


@pytest.fixture(scope="session")
def stack():
    # The nodes take twelve ports from DB_PORT on (scripts/cluster): below
    # the ephemeral range, where no outgoing connection holds one.
    base = 20000 + secrets.randbelow(90) * 100
    yield from run_stack({"CLUSTER": "1", "DB_PORT": str(base), "DECLARE_WORKERS": "4",
                          "WELFARE_WORKERS": "4"}, stack_class=ClusterStack)
