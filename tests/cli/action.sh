#!/usr/bin/env bash
# The GitHub Action (action.yml): valid against the Actions metadata schema
# (action-validator, installed by scripts/deps.sh; a broken copy must be
# rejected, so the validator is known to look), and its "Run xverify" step,
# run here as the runner would run it, sets the verdict and exit-code
# outputs and writes the reports it is asked for. The GitLab template in
# docs/ci.md is YAML that publishes the JUnit report.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
tools=${XV_TOOLS_DIR:-/var/cache/xverify-ci/tools}
validator=$tools/node_modules/.bin/action-validator
[ -x "$validator" ] || xv_skip "action-validator not installed in $tools (scripts/deps.sh)"
command -v node >/dev/null || xv_skip "node not installed (scripts/deps.sh)"
/usr/bin/python3 -c 'import yaml' 2>/dev/null || xv_skip "python3-yaml not installed (scripts/deps.sh)"
action=$XV_SOURCE_DIR/action.yml

xv_expect_rc 0 "$validator" "$action"
sed 's/^  fail-on:$/  fail on:/' "$action" >"$XV_TMP/bad.yml"
"$validator" "$XV_TMP/bad.yml" >/dev/null 2>&1 && xv_fail "validator accepted an input id with a space" || xv_pass
grep -v '^description:' "$action" >"$XV_TMP/bad2.yml"
"$validator" "$XV_TMP/bad2.yml" >/dev/null 2>&1 && xv_fail "validator accepted an action without description" || xv_pass

# The run step's script, with the inputs as the runner passes them (env).
/usr/bin/python3 - "$action" "$XV_TMP/run.sh" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
step = next(s for s in doc["runs"]["steps"] if s.get("id") == "run")
open(sys.argv[2], "w").write(step["run"])
names = set(doc["inputs"])
for want in ("path", "matrix", "fail-on", "junit", "sarif", "markdown", "upload-sarif"):
    assert want in names, want
assert "verdict" in doc["outputs"]
PY
[ $? -eq 0 ] && xv_pass || xv_fail "action.yml lacks the run step, an input or the verdict output"
mkdir -p "$XV_TMP/bin" && ln -s "$XVERIFY" "$XV_TMP/bin/xverify"
run_step() {  # PATH-INPUT -> runs the step in $XV_TMP/ws
  rm -rf "$XV_TMP/ws" && mkdir -p "$XV_TMP/ws" && : >"$XV_TMP/ws/out" && : >"$XV_TMP/ws/summary"
  (cd "$XV_TMP/ws" && PATH=$XV_TMP/bin:$PATH RUNNER_TEMP=$XV_TMP/ws GITHUB_OUTPUT=$XV_TMP/ws/out \
     GITHUB_STEP_SUMMARY=$XV_TMP/ws/summary XV_PATH=$1 XV_MATRIX= XV_FAIL_ON=error \
     XV_JUNIT=junit.xml XV_SARIF=xverify.sarif XV_MARKDOWN= XV_JSON= XV_HTML= XV_ARGS=--no-smoke \
     bash "$XV_TMP/run.sh") >"$XV_TMP/ws.log" 2>&1
}
run_step "$XV_FIXTURES/example/dist"
xv_contains "$(cat "$XV_TMP/ws/out")" "verdict=pass" "outputs (example release)"
xv_contains "$(cat "$XV_TMP/ws/out")" "exit-code=0" "outputs (example release)"
[ -s "$XV_TMP/ws/junit.xml" ] && [ -s "$XV_TMP/ws/xverify.sarif" ] && xv_pass || xv_fail "reports not written"
xv_contains "$(cat "$XV_TMP/ws/summary")" "Ready" "job summary"
broken=$XV_FIXTURES/example/broken/missing-lib/dist
if [ -d "$broken" ]; then
  run_step "$broken"
  xv_contains "$(cat "$XV_TMP/ws/out")" "verdict=fail" "outputs (broken release)"
  xv_contains "$(cat "$XV_TMP/ws/out")" "exit-code=1" "outputs (broken release)"
else
  xv_fail "broken example not built: $broken"
fi

# docs/ci.md: the GitLab template parses and publishes JUnit.
/usr/bin/python3 - "$XV_SOURCE_DIR/docs/ci.md" <<'PY' && xv_pass || xv_fail "docs/ci.md GitLab template"
import re, sys, yaml
text = open(sys.argv[1]).read()
blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
gl = [yaml.safe_load(b) for b in blocks if "artifacts" in b and "reports" in b]
assert gl, "no GitLab template with artifacts:reports"
job = next(v for v in gl[0].values() if isinstance(v, dict) and "script" in v)
assert job["artifacts"]["reports"]["junit"], "no artifacts:reports:junit"
assert any("xverify" in line for line in job["script"])
PY
xv_done
