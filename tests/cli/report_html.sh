#!/usr/bin/env bash
# The HTML sign-off page opened in Debian's headless Chromium: what a person
# sees after the browser parsed it (--dump-dom): the verdict banner, every
# platform of the release in the matrix, the failing row in the findings
# table, one collapsible section per package, the SVG size charts; and
# nothing external (no script, stylesheet, font or image is loaded). A
# screenshot is left in the build folder (report_html.png) for a human look.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
broken=$XV_FIXTURES/example/broken/arch-elf/dist
[ -d "$broken" ] || xv_skip "broken copy not built: $broken"
command -v chromium >/dev/null || xv_skip "chromium not installed"
T=$XV_TMP

cd "$broken/.."   # relative logical paths: dist/...
xv_expect_rc 1 "$XVERIFY" --no-smoke --today 2026-11-30 --html "$T/r.html" dist

# Self-contained: no external references of any kind.
if grep -Eiq '<script|<link|<img|<iframe|src=|url\(|@import|href="(https?:|//)' "$T/r.html"; then
  xv_fail "HTML refers to something external"; grep -Eio '<script|<link|<img|<iframe|src=[^ ]*|url\([^)]*\)|@import|href="[^"]*"' "$T/r.html" | head >&2
else xv_pass; fi

chrome() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$T/profile" "$@" 2>>"$T/chromium.err"
}
chrome --dump-dom "file://$T/r.html" > "$T/dom.html" || { cat "$T/chromium.err" >&2; xv_fail "chromium failed"; }
[ -s "$T/dom.html" ] || xv_fail "chromium dumped no DOM"

seen=$(/usr/bin/python3 - "$T/dom.html" <<'PY'
import sys
from html.parser import HTMLParser

class P(HTMLParser):
    """Collects the text of the verdict banner, the matrix header cells, the
    findings rows (class and cell texts) and the package summaries."""
    def __init__(self):
        super().__init__()
        self.stack = []; self.h1 = ""; self.heads = []; self.rows = []
        self.summaries = []; self.svgs = 0; self.table = None; self.cell = None; self.row = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append((tag, a))
        if tag == "table": self.table = a.get("class", "")
        if tag == "tr": self.row = [a.get("class", "")]
        if tag in ("td", "th"): self.cell = ""
        if tag == "summary": self.summaries.append("")
        if tag == "svg": self.svgs += 1
    def handle_endtag(self, tag):
        while self.stack:
            t, a = self.stack.pop()
            if t == tag: break
        if tag in ("td", "th") and self.cell is not None:
            if self.table == "matrix" and tag == "th": self.heads.append(self.cell.strip())
            if self.row is not None: self.row.append(" ".join(self.cell.split()))
            self.cell = None
        if tag == "tr" and self.row is not None:
            if self.table == "findings": self.rows.append(self.row)
            self.row = None
        if tag == "table": self.table = None
    def handle_data(self, d):
        if any(t == "h1" for t, _ in self.stack): self.h1 += d
        if self.cell is not None: self.cell += d
        if any(t == "summary" for t, _ in self.stack) and self.summaries: self.summaries[-1] += d

p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
print("VERDICT", p.h1.strip())
print("PLATFORMS", " ".join(p.heads[1:]))
for r in p.rows:
    if r[0]: print("ROW", " | ".join(r))
print("PACKAGES", " ".join(sorted(s.split()[1] for s in p.summaries
                                  if "passed" in s and s.split()[1].startswith("example_"))))
print("SVG", p.svgs)
PY
)
printf '%s\n' "$seen"
xv_contains "$seen" "VERDICT ✗ Not ready:" "verdict banner"
xv_contains "$seen" "PLATFORMS darwin_amd64 darwin_arm64 linux_amd64 linux_arm64 windows_amd64 windows_arm64" "matrix platforms"
xv_contains "$seen" "ROW fail | ✗ fail | arch.match | linux_arm64 | dist/example_1.0.0_linux_arm64.tar.gz!/example_1.0.0_linux_arm64/bin/example |" "failure row"
xv_contains "$seen" "PACKAGES example_1.0.0_darwin_amd64.tar.gz example_1.0.0_darwin_arm64.tar.gz example_1.0.0_linux_amd64.tar.gz example_1.0.0_linux_arm64.tar.gz example_1.0.0_windows_amd64.zip example_1.0.0_windows_arm64.zip" "package sections"
xv_contains "$seen" "SVG 6" "size charts"

# A screenshot, kept for a person to look at.
shot=${XV_BUILD_DIR:-$T}/report_html.png
chrome --screenshot="$shot" --window-size=1280,1600 "file://$T/r.html" >/dev/null
if [ -s "$shot" ] && [ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then xv_pass
else xv_fail "no screenshot written to $shot"; fi
xv_done
