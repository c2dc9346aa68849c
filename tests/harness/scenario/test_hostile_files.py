"""Hostile scenario files: each is refused with `file:line:col`, quickly and in little memory."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from harness.errors import ScenarioError
from harness.scenario.limits import MAX_ALIAS_VALUES, MAX_DEPTH, MAX_OPERATIONS, MAX_STEPS
from harness.scenario.loader import ScenarioFileError, load_paths, load_scenario, parse_scenario

HEAD = "name: x\ninterview: {project_title: T, project_description: D}\n"


def problems_of(text: str, path: str = "s.yaml") -> tuple[str, ...]:
    with pytest.raises(ScenarioFileError) as info:
        parse_scenario(text, path)
    return info.value.problems


def alias_bomb(levels: int, fan_out: int = 10) -> str:
    """Each level is a list of `fan_out` aliases of the level below: fan_out**levels values."""
    rows = ["l0: &l0 [" + ", ".join(["x"] * fan_out) + "]"]
    rows += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * fan_out) + "]" for i in range(1, levels)]
    return HEAD + "steps: [start]\nbomb:\n" + "".join(f"  {row}\n" for row in rows)


def test_an_alias_bomb_is_refused_where_the_budget_runs_out():
    # 10**9 values if expanded; refused after a few thousand
    (problem,) = problems_of(alias_bomb(9))
    assert problem.startswith("s.yaml:")
    line, column = map(int, problem.split(":")[1:3])
    assert line >= 5 and column >= 1
    assert f"aliases expand to more than {MAX_ALIAS_VALUES:,} values" in problem


def test_a_few_aliases_are_still_fine():
    text = HEAD + "defaults: {answer: &a Same answer}\nsteps:\n  - {action: answer, content: *a}\n"
    assert parse_scenario(text).steps[0].content == "Same answer"


def test_a_recursive_alias_is_refused_with_its_place():
    (problem,) = problems_of(HEAD + "description: &a [*a]\nsteps: [start]\n")
    assert problem.startswith("s.yaml:3:")
    assert "recursive alias" in problem


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5000])
def test_deep_nesting_is_refused_with_its_place(depth):
    deep = "[" * depth + "]" * depth
    (problem,) = problems_of(HEAD + f"description: {deep}\nsteps: [start]\n")
    assert problem.startswith("s.yaml:3:")
    # ours, or libyaml's own bound (1,000) when it parses: either way one placed line
    assert f"nested deeper than {MAX_DEPTH} levels" in problem or "nesting depth" in problem


def test_a_5000_digit_integer_is_refused_with_its_place():
    (problem,) = problems_of(HEAD + "load: {seed: " + "9" * 5000 + "}\nsteps: [start]\n")
    assert problem.startswith("s.yaml:3:14: ")
    assert "integer of 5000 digits is too long" in problem


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", ".NaN"])
def test_a_non_finite_number_is_refused_with_its_place(value):
    (problem,) = problems_of(HEAD + f"load: {{timeout: {value}}}\nsteps: [start]\n")
    assert problem.startswith("s.yaml:3:17: ")
    assert f"expected a finite number, found {value}" in problem


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "load: {timeout: 100000}\nsteps: [start]\n",
            "s.yaml:3:17: load.timeout: expected a value <=",
        ),
        (
            "steps:\n  - {action: answer, mode: async, deadline: 1000000}\n",
            "s.yaml:4:45: step 1: deadline: expected a value <=",
        ),
        (
            "defaults: {deadline: 86400}\nsteps: [start]\n",
            "s.yaml:3:22: defaults.deadline: expected",
        ),
    ],
    ids=["load.timeout", "step deadline", "default deadline"],
)
def test_timeouts_and_deadlines_have_a_finite_maximum(text, place):
    problems = problems_of(HEAD + text)
    assert any(p.startswith(place) for p in problems), problems


def test_the_number_of_steps_is_capped():
    text = HEAD + "steps:\n" + "  - read\n" * (MAX_STEPS + 1)
    problems = problems_of(text)
    assert any(f"expected at most {MAX_STEPS} item(s)" in p for p in problems), problems


def test_the_number_of_operations_is_capped():
    text = HEAD + "load: {interviews: 1000}\nsteps:\n" + "  - {action: burst, count: 100}\n" * 2
    (problem,) = problems_of(text)
    assert problem.startswith("s.yaml:3:20: load.interviews: ")
    assert f"at most {MAX_OPERATIONS:,}" in problem and "201,000 operations" in problem


def test_a_huge_file_is_refused_early_in_little_time(tmp_path):
    # 552k steps, ~5 MB: refused by the value budget long before it is built
    path = tmp_path / "huge.yaml"
    path.write_text(HEAD + "steps:\n" + "  - {action: read}\n" * 552_000)
    script = (
        "import sys, time, resource\n"
        "from harness.scenario.loader import ScenarioFileError, load_scenario\n"
        "try:\n    load_scenario(sys.argv[1])\nexcept ScenarioFileError as e:\n"
        "    print(e.problems[0])\n"
        # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child of a large
        # pytest process would report the parent's peak
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
        "print(int(hwm[0].split()[1]) // 1024 if hwm else\n"
        "      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=120
    )
    first, peak_mb = out.stdout.splitlines()
    assert first.startswith(f"{path}:") and "values" in first, out.stdout + out.stderr
    assert int(peak_mb) < 400  # was 1.6 GB when every step was built


def test_a_file_that_is_not_utf8_is_refused_with_the_place_of_the_bad_byte(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(HEAD.encode() + "description: café\nsteps: [start]\n".encode("latin-1"))
    with pytest.raises(ScenarioFileError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    assert problem == f"{path}:3:17: not UTF-8 text (byte 0xe9); save the file as UTF-8"


def test_a_folder_with_no_scenario_files_is_an_error_naming_it(tmp_path):
    (tmp_path / "notes.txt").write_text("nothing here")
    with pytest.raises(ScenarioError) as info:
        load_paths([tmp_path])
    assert str(info.value) == f"{tmp_path}: no scenario files (looked for *.yaml, *.yml)"


@pytest.mark.parametrize("name", ["nonutf8", "bigint", "deep", "recursive", "nan", "bomb", "empty"])
def test_the_cli_exits_2_with_one_placed_line_and_no_traceback(tmp_path, name):
    files = {
        "nonutf8": HEAD.encode() + b"description: \xff\nsteps: [start]\n",
        "bigint": (HEAD + "load: {seed: " + "9" * 5000 + "}\nsteps: [start]\n").encode(),
        "deep": (HEAD + "description: " + "[" * 5000 + "]" * 5000 + "\nsteps: [start]\n").encode(),
        "recursive": (HEAD + "description: &a [*a]\nsteps: [start]\n").encode(),
        "nan": (HEAD + "load: {timeout: .nan}\nsteps: [start]\n").encode(),
        "bomb": alias_bomb(6).encode(),
    }
    target: Path = tmp_path
    if name in files:
        target = tmp_path / f"{name}.yaml"
        target.write_bytes(files[name])
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "harness.cli",
            "replay",
            str(target),
            "--pg-url",
            "postgresql://x@127.0.0.1:9/x",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    if name != "empty":
        assert re.search(rf"{re.escape(str(target))}:\d+:\d+: ", proc.stderr), proc.stderr
    else:
        assert "no scenario files" in proc.stderr


def test_the_shipped_schema_states_the_same_limits():
    from harness.scenario.limits import MAX_SECONDS
    from harness.scenario.schema import scenario_schema

    schema = scenario_schema()
    assert schema["properties"]["steps"]["maxItems"] == MAX_STEPS
    assert schema["properties"]["load"]["properties"]["timeout"]["maximum"] == MAX_SECONDS
    assert schema["properties"]["defaults"]["properties"]["deadline"]["maximum"] == MAX_SECONDS
    step = schema["$defs"]["step"]["else"]["properties"]
    assert step["deadline"]["maximum"] == MAX_SECONDS
