"""_csv_spec.py - a csv reader over a shared list of lines and a writer into a shared list."""
import _csv


class _Sink:
    def __init__(self):
        self.rows = []

    def write(self, s):
        self.rows.append(s)


class SharedReaderWriter:
    def __init__(self):
        self.lines = ["a,b,c", "1,2,3", '"x,y",z'] * 64
        self.reader = _csv.reader(self.lines)
        self.sink = _Sink()
        self.writer = _csv.writer(self.sink)

    def next_row(self):
        return next(self.reader, None)

    def add_line(self, x):
        self.lines.append(f"{x},{x}")

    def writerow(self, x):
        return self.writer.writerow([x, str(x), 1])

    def line_num(self):
        return self.reader.line_num
