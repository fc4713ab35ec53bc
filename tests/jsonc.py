"""JSON with comments, the way xverify's matrix parser reads it: `//` and
`/* */` comments are removed outside strings (newlines kept, so error line
numbers stay right). Shared by the shell tests:
    sys.path.insert(0, os.environ["XV_SOURCE_DIR"] + "/tests"); import jsonc
"""
import json


def strip(t):
    out = []
    i, in_str = 0, False
    while i < len(t):
        c = t[i]
        if in_str:
            out.append(c)
            if c == "\\" and i + 1 < len(t):
                out.append(t[i + 1])
                i += 2
                continue
            if c == '"':
                in_str = False
            i += 1
        elif c == '"':
            in_str = True
            out.append(c)
            i += 1
        elif t.startswith("//", i):
            while i < len(t) and t[i] != "\n":
                i += 1
        elif t.startswith("/*", i):
            j = t.index("*/", i + 2)
            out.append("\n" * t.count("\n", i, j))
            i = j + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.loads(strip(f.read()))
