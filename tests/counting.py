"""A connection that keeps the statements run on it, for tests that count reads."""


class Counting:
    def __init__(self, con):
        self._con, self.run = con, []

    def execute(self, sql, *args):
        self.run.append(sql)
        return self._con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._con, name)
