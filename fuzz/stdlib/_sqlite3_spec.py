"""_sqlite3_spec.py - one in-memory sqlite3 connection (check_same_thread=False) and cursors
over it shared by the threads: inserts, queries, fetches, commits and user functions at once.
The database is built on first use (_spec_kit.lazy): it costs milliseconds."""
import _sqlite3

import _spec_kit


def _database():
    con = _sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    con.execute("create table t (k integer, v text)")
    con.executemany("insert into t values (?, ?)", [(i, str(i)) for i in range(16)])
    con.create_function("twice", 1, lambda v: v * 2 if v is not None else None)
    cur = con.cursor()
    cur.execute("select k, v from t")
    return con, cur


class SharedConnection:
    @property
    def con(self):
        return _spec_kit.lazy(self, "db", _database)[0]

    @property
    def cur(self):
        return _spec_kit.lazy(self, "db", _database)[1]

    def insert(self, x):
        self.con.execute("insert into t values (?, ?)", (_spec_kit.num(x) % 100, str(x)[:20]))

    def query(self, n):
        return self.con.execute("select count(*), sum(twice(k)) from t where k < ?",
                                (_spec_kit.num(n) % 50,)).fetchone()

    def fetch(self):
        return self.cur.fetchone()

    def fetchmany(self, n):
        return self.cur.fetchmany(_spec_kit.num(n) % 4)

    def rewind(self):
        self.cur.execute("select k, v from t")

    def delete(self, n):
        self.con.execute("delete from t where k = ?", (_spec_kit.num(n) % 100,))

    def transaction(self):
        try:
            self.con.execute("begin")
            self.con.execute("update t set v = v || 'x' where k = 1")
        finally:
            if self.con.in_transaction:
                self.con.commit()

    def state(self):
        return self.con.total_changes, self.cur.rowcount, self.cur.lastrowid

    def row_factory(self, x):
        self.con.row_factory = _sqlite3.Row if _spec_kit.num(x) & 1 else None
